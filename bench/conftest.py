"""Browser benchmarks (`bench/h5p_slow3g.py`) run on the browser tests' fixtures, with static
files served as in production: collected once into a temporary folder with hashed names and
pre-compressed copies (gzip and brotli, `CompressedManifestStaticFilesStorage`), then served by
whitenoise through the site's middleware, not by the test server's uncompressed handler."""

import base64
import hashlib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import _empty_cache, _media_root, django_db_setup, migrated_data  # noqa: F401
from tests.deploy.test_two_nodes import tls_pem
from tests.e2e.browser import CHROMIUM_ARGS
from tests.e2e.conftest import _migrated_data, browser, network_log, new_page  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="session", autouse=True)
def _static_files_as_in_production():
    should_handle = StaticFilesHandler._should_handle
    with (
        tempfile.TemporaryDirectory(prefix="elearn-bench-static-") as root,
        override_settings(
            STATIC_ROOT=root,
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE}},
            WHITENOISE_AUTOREFRESH=False,
        ),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        StaticFilesHandler._should_handle = lambda self, path: False
        yield
    StaticFilesHandler._should_handle = should_handle


@pytest.fixture(scope="session")
def proxy_pem(tmp_path_factory) -> Path:
    """The proxy's self-signed certificate and key (`production_proxy`)."""
    return tls_pem(tmp_path_factory.mktemp("proxy"))


@pytest.fixture(scope="session")
def chromium_args(proxy_pem) -> list[str]:
    """The browser tests' switches, and trust in the proxy's certificate: Chromium keeps nothing
    in its cache from a host whose certificate it refuses, and a repeat visit through the proxy
    would measure nothing otherwise."""
    certificate = x509.load_pem_x509_certificate(proxy_pem.read_bytes())
    public_key = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    trusted = base64.b64encode(hashlib.sha256(public_key).digest()).decode()
    return [*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={trusted}"]


@pytest.fixture
def production_proxy(live_server, proxy_pem):
    """HAProxy with the production configuration (deploy/haproxy.cfg: TLS, HTTP/2 for browsers)
    in front of the test server, which is told the request came over HTTPS; its address."""
    haproxy = shutil.which("haproxy")
    if not haproxy:
        pytest.skip("HAProxy is not installed (make deploy-deps)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    node = urlsplit(live_server.url).netloc
    environment = {
        **os.environ,
        "ELEARN_PUBLIC_BIND": f"127.0.0.1:{port}",
        "ELEARN_TLS_PEM": str(proxy_pem),
        "ELEARN_HOST": "127.0.0.1",
        "ELEARN_NODE1": node,
        "ELEARN_NODE2": node,
    }
    process = subprocess.Popen(  # noqa: S603 - the project's own proxy configuration
        [haproxy, "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"https://127.0.0.1:{port}"
    insecure = ssl.create_default_context()
    insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
    try:
        with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"{address}/healthz", context=insecure, timeout=5)  # noqa: S310
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
