"""Browser fixtures: Playwright's sync API driving Debian's Chromium against the live server.

Playwright never downloads a browser here; the tests use `/usr/bin/chromium` and are skipped when
it is missing. One browser serves the whole session; each test gets fresh browser contexts
(cookies, storage). Every context records its requests in `network_log` and refuses those that
leave the live server, and a test fails when a page throws an uncaught error or logs a console
error.
"""

import os
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import sync_playwright

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT, NetworkLog

# Playwright's sync API keeps an event loop in the test thread; the ORM calls in test bodies
# must not be refused because of it (`make test` sets this too).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEFAULT_TIMEOUT_MS = 10_000

page_problems_key = pytest.StashKey[list[str]]()
autosave_refusals_key = pytest.StashKey[set[str]]()


@pytest.fixture(scope="session")
def chromium_args() -> list[str]:
    """Chromium's command-line switches (bench/conftest.py adds one)."""
    return list(CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser(django_db_setup, chromium_args):
    """One headless Chromium for the session, started after the test database exists.

    Playwright's sync API leaves an asyncio loop running in the test thread, and from then on
    Django hands out other connection objects (asgiref keeps them per context once a loop
    runs); `migrated_data` works on whichever connection the test uses.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests need Debian's Chromium at {CHROMIUM} "
            "(`make browser-deps` installs it); Playwright never downloads one."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=chromium_args
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _migrated_data(browser, migrated_data):
    """Every browser test starts from the data the migrations wrote (tests/conftest.py)."""


@pytest.fixture
def network_log(live_server) -> NetworkLog:
    return NetworkLog(origin=live_server.url)


class _RequestsInFlight:
    """The requests the live server is serving (its threads; the test client's requests, in
    the test's own thread, are not counted), from Django's request signals."""

    def __init__(self):
        self.threads: set[int] = set()
        self.changed = threading.Condition()
        request_started.connect(self.started, weak=False, dispatch_uid="e2e-in-flight-start")
        request_finished.connect(self.finished, weak=False, dispatch_uid="e2e-in-flight-end")

    def started(self, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with self.changed:
                self.threads.add(threading.get_ident())

    def finished(self, **kwargs):
        with self.changed:
            self.threads.discard(threading.get_ident())
            self.changed.notify_all()

    def wait_until_idle(self, *, timeout: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: not self.threads, timeout=timeout)


served = _RequestsInFlight()
SERVED_IDLE_SECONDS = 30


@pytest.fixture
def new_page(request, browser, live_server, network_log) -> Iterator[Callable]:
    """`new_page(**context_args)` opens a page in a new browser context.

    The context is a 360 px wide screen in Vietnamese with relative URLs resolved against the
    live server; keyword arguments override `browser.new_context` options (for example
    `java_script_enabled=False`).
    """
    problems = request.node.stash.setdefault(page_problems_key, [])
    autosave_refusals = request.node.stash.setdefault(autosave_refusals_key, set())
    contexts = []

    def record_autosave_refusal(response):
        # Wagtail 8 posts the page editor in the background after each change and answers
        # 400 JSON while a new page is not valid yet (a block just inserted, still empty); the
        # browser logs that 400 as a console error. Autosave asks for JSON only, the editor's
        # own submissions ask for HTML; their outcome is what the tests check.
        sent = response.request
        if (
            response.status == 400
            and sent.method == "POST"
            and urlsplit(response.url).path.startswith("/admin/pages/")
            and "text/html" not in sent.headers.get("accept", "")
        ):
            autosave_refusals.add(response.url)

    def record_console(message):
        if message.type == "error":
            source = message.location.get("url")
            problems.append(f"console error: {message.text}" + (f" ({source})" if source else ""))

    def open_page(**context_args):
        options = {
            "viewport": PHONE_VIEWPORT,
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
            "base_url": live_server.url,
            "service_workers": "block",
            **context_args,
        }
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.on("request", lambda req: network_log.urls.append(req.url))
        context.on("response", record_autosave_refusal)
        context.route(lambda url: not network_log.is_local(url), lambda route: route.abort())
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"uncaught page error: {error}"))
        page.on("console", record_console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    # A request the page sent last (a video's watch progress, a beacon) may still be served:
    # the test's database must not be emptied under it (a foreign key failed on SQLite).
    served.wait_until_idle(timeout=SERVED_IDLE_SECONDS)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself, not its teardown, when a page threw or logged a console error."""
    try:
        result = yield
    except Exception as error:
        for problem in item.stash.get(page_problems_key, []):
            error.add_note(f"The page reported: {problem}")
        raise
    refused = item.stash.get(autosave_refusals_key, set())
    problems = [
        p
        for p in item.stash.get(page_problems_key, [])
        if not any(p.endswith(f"(Bad Request) ({url})") for url in refused)
    ]
    if problems:
        pytest.fail("The page reported errors:\n" + "\n".join(problems), pytrace=False)
    return result
