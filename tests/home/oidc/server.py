"""Starts the test identity provider (provider.mjs, npm package oidc-provider) on a free
loopback port, and drives its sign-in pages over HTTP the way a browser would."""

import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
CLIENT_ID = "elearn-test"
CLIENT_SECRET = "elearn-test-secret"
PROVIDER_ID = "gov"
PROVIDER_NAME = "Định danh điện tử"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class TestProvider:
    issuer: str
    process: subprocess.Popen

    def set_mode(self, **mode: bool) -> None:
        """`tamper_id_token`, `wrong_issuer`, `short_lived_id_token`,
        `userinfo_of_another_subject`, `another_nonce` (provider.mjs); no argument: behave
        again."""
        requests.post(f"{self.issuer}/__test__/mode", data=json.dumps(mode), timeout=10)

    def app_settings(self, *, issuer: str | None = None) -> dict:
        """SOCIALACCOUNT_PROVIDERS for a site registered with this provider, as
        `oidc_provider_apps` makes it from OIDC_PROVIDERS."""
        from elearn.settings.base import SOCIALACCOUNT_PROVIDERS, oidc_provider_apps

        apps = oidc_provider_apps(
            json.dumps(
                [
                    {
                        "id": PROVIDER_ID,
                        "name": PROVIDER_NAME,
                        "issuer": issuer or self.issuer,
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                    }
                ]
            )
        )
        return {"openid_connect": {**SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": apps}}


@contextmanager
def provider_running(*, site_url: str) -> Iterator[TestProvider]:
    """The provider, with the site at `site_url` registered as its client; stopped after."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("The OIDC tests need node and `make player` (npm ci) to have run")
    port = free_port()
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{site_url}/accounts/oidc/{PROVIDER_ID}/login/callback/"],
        "post_logout_redirect_uris": [f"{site_url}/"],
    }
    env = {
        "PATH": "/usr/bin:/bin",
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_CLIENT": json.dumps(client),
        "OIDC_TEST_ACCOUNTS": str(HERE / "accounts.json"),
    }
    process = subprocess.Popen(  # noqa: S603 (our own script)
        [node, str(HERE / "provider.mjs")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("ready "):
            raise RuntimeError(f"The test identity provider did not start: {line!r}")
        yield TestProvider(issuer=line.split()[1], process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class ProviderBrowser:
    """The learner's browser on the provider's side: keeps the provider's cookies between
    sign-ins, types a login and password, confirms consent, and stops at the redirect back to
    the site, whose URL it returns."""

    site_url: str
    session: requests.Session = field(default_factory=requests.Session)
    sign_in_pages_shown: int = 0

    def _follow(self, url: str) -> requests.Response | str:
        for _ in range(10):
            if url.startswith(self.site_url):
                return url[len(self.site_url) :]
            response = self.session.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            return response
        raise AssertionError("too many redirects")

    def _submit(self, page: requests.Response, data: dict) -> requests.Response | str:
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
        response = self.session.post(
            urljoin(page.url, action), data=data, allow_redirects=False, timeout=10
        )
        if response.is_redirect:
            return self._follow(urljoin(page.url, response.headers["Location"]))
        return response

    def sign_in(self, authorize_url: str, *, login: str = "an", consent: bool = True) -> str:
        """From the provider's authorization URL to the site's callback path (with code and
        state), through the sign-in and consent pages the provider shows."""
        step = self._follow(authorize_url)
        while not isinstance(step, str):
            if 'name="login"' in step.text:
                self.sign_in_pages_shown += 1
                step = self._submit(step, {"prompt": "login", "login": login, "password": "x"})
            elif 'value="consent"' in step.text and consent:
                step = self._submit(step, {"prompt": "consent"})
            elif 'value="consent"' in step.text:
                abort = re.search(r'href="([^"]*abort[^"]*)"', step.text).group(1)
                step = self._follow(urljoin(step.url, abort))
            else:
                text = re.sub(r"<style.*?</style>", "", step.text, flags=re.S)
                raise AssertionError(f"unexpected provider page: {text[:1500]}")
        return step

    def sign_out(self, end_session_url: str) -> str:
        """Confirm the provider's sign-out page; returns the site path it sends back to."""
        page = self._follow(end_session_url)
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
        return self._submit(page, {"xsrf": xsrf, "logout": "yes"})
