"""`make release` then `make serve`: gunicorn with production settings answers the probes."""

import json
import os
import subprocess
import urllib.request

import pytest

from tests.deploy.servers import ROOT, free_port, run, start, wait_for

HOST = "hocvuso.example.vn"


@pytest.fixture
def production_env(tmp_path):
    """Production settings on a SQLite file, every private folder in tmp_path."""
    key, cert = tmp_path / "signing" / "key.pem", tmp_path / "signing" / "cert.pem"
    key.parent.mkdir()
    key.write_text("not read before a certificate is signed")
    cert.write_text("not read before a certificate is signed")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "elearn.settings.production",
        "DJANGO_SECRET_KEY": "a-test-secret-key-that-is-long-enough-for-the-deploy-checks-0123",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": "locmemcache://serve-test",
        "CERTIFICATE_SIGNING_KEY": str(key),
        "CERTIFICATE_SIGNING_CERT": str(cert),
        "CERTIFICATE_BASE_URL": f"https://{HOST}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "shared" / "media"),
        "H5P_ROOT": str(tmp_path / "shared" / "h5p"),
        "CERTIFICATE_FILES_DIR": str(tmp_path / "shared" / "certificates"),
        "ENROLMENT_IMPORT_DIR": str(tmp_path / "shared" / "imports"),
    }


def gunicorn_config(env: dict) -> dict[str, str]:
    command = [str(ROOT / ".venv/bin/gunicorn"), "--print-config", "-c", "deploy/gunicorn.conf.py"]
    result = run([*command, "elearn.wsgi"], env)
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_workers_threads_and_address_come_from_the_environment(production_env):
    env = {
        **production_env,
        "WEB_CONCURRENCY": "5",
        "GUNICORN_THREADS": "8",
        "GUNICORN_BIND": "0.0.0.0:9123",
    }

    config = gunicorn_config(env)

    assert config["workers"] == "5"
    assert config["threads"] == "8"
    assert config["worker_class"] == "gthread"
    assert config["bind"] == "['0.0.0.0:9123']"


def test_defaults_serve_on_the_loopback_port(production_env):
    config = gunicorn_config({**production_env, "PORT": "8765"})

    assert config["bind"] == "['127.0.0.1:8765']"
    assert config["workers"] == "2"
    assert config["threads"] == "4"


def test_release_then_serve_answers_healthz_and_readyz(production_env, tmp_path):
    release = run(["make", "-s", "release"], production_env)
    assert release.returncode == 0, release.stdout + release.stderr
    port = free_port()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = {
        **production_env,
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "DJANGO_METRICS_TOKEN": "scrape",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }

    server = start("gunicorn", ["make", "-s", "serve"], env, tmp_path)
    try:
        # Probes come over plain HTTP from the load balancer: no redirect to HTTPS for them.
        wait_for(f"http://127.0.0.1:{port}/readyz", server, host=HOST)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/readyz", headers={"Host": HOST})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = json.load(response)
        for _ in range(6):
            get(f"http://127.0.0.1:{port}/healthz")
        metrics = get(f"http://127.0.0.1:{port}/metrics", Authorization="Bearer scrape")
        (master,) = children(server.popen.pid)  # make's one child: gunicorn's master
        workers = children(int(master))
    finally:
        server.stop()

    assert body["status"] == "ok", body
    assert len(workers) == 2, server.output()
    # Both processes' requests are added up (PROMETHEUS_MULTIPROC_DIR).
    assert (
        'elearn_http_request_duration_seconds_count{method="GET",status="200",view="healthz"} 6.0'
        in metrics
    ), metrics


def get(url: str, **headers: str) -> str:
    request = urllib.request.Request(url, headers={"Host": HOST, **headers})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def children(pid: int) -> list[str]:
    command = ["/usr/bin/pgrep", "-P", str(pid)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout.split()  # noqa: S603
