"""Helpers for the browser tests: where Chromium is, viewports, sign-in, screenshots, request log,
overflow.

The fixtures that use them live in `tests/e2e/conftest.py`.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from home.factories import DEFAULT_PASSWORD

LOGIN_URL = "/accounts/login/"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE_VIEWPORT = {"width": 360, "height": 740}
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
LOCAL_SCHEMES = {"data", "blob", "about"}


def sign_in(page, user, *, lands_on: str | None = "/") -> None:
    """Sign in through the site's login form with the factories' password; by default the
    learner lands on the home page (`lands_on=None`: anywhere but the login page)."""
    page.goto(LOGIN_URL)
    page.fill("#id_login", user.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click(f"form[action='{LOGIN_URL}'] button[type=submit]")
    if lands_on is None:
        expect(page).not_to_have_url(LOGIN_URL)
    else:
        expect(page).to_have_url(lands_on)


@dataclass
class NetworkLog:
    """Every URL the pages of one test requested, in order."""

    origin: str
    urls: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == self.origin

    def outside_live_server(self) -> list[str]:
        """The requested URLs that did not go to the live server (CDN, fonts, avatars...)."""
        return [url for url in self.urls if not self.is_local(url)]


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG of `page` as test-artifacts/<name>.png and return its path."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    path = ARTIFACTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def elements_sticking_out(page) -> list[str]:
    """Describe the elements that stick out of the viewport on the right.

    An empty list means the page does not scroll sideways; otherwise each entry names the element
    (tag, id, classes) and where its right edge is.
    """
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const found = [];
            for (const el of document.querySelectorAll("body *")) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 0.5) {
                    const id = el.id ? "#" + el.id : "";
                    const classes = [...el.classList].map((name) => "." + name).join("");
                    found.push(`${el.tagName.toLowerCase()}${id}${classes} right=${box.right}`);
                }
            }
            return found;
        }"""
    )
