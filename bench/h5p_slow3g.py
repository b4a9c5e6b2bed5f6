"""Time until an H5P activity is usable on Slow 3G, first and repeat visit (on demand, not CI).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -q -s -p no:cacheprovider bench/h5p_slow3g.py

Uses the browser-test fixtures (bench/conftest.py: live server, Debian's Chromium, static
files collected and compressed by whitenoise as in production), served directly (HTTP/1.1)
and through HAProxy with the production configuration (TLS, HTTP/2). Each sample activity is
put in a module; a signed-in learner opens it through Chromium's network emulation (the DevTools
protocol's Slow 3G as issue 18 states it: 2 s round trip, 400 kbit/s each way), set on the
module page and on the player's frame as soon as it attaches. "Usable" is the moment the
activity's first element is visible inside the player, counted from the start of the
navigation. First visit: empty cache, the module opened directly (a link from elsewhere) or
from the module before it (read on Slow 3G until the activity's code fetched ahead has come,
`courses.selectors.module_ahead`); repeat: the same page opened again after another page.
Prints a Markdown table for bench/README.md.
"""

import time

import pytest
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.services import enrolment_create
from home.factories import UserFactory
from quizzes.h5p.demo import build_package
from tests.e2e.browser import sign_in
from tests.e2e.test_h5p_journey import install, module_with
from tests.e2e.test_h5p_light import AHEAD_FETCHED
from tests.quizzes.h5p.packages import SAMPLES_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}
SAMPLES = ["H5P.TrueFalse.h5p", "H5P.MultiChoice.h5p", "H5P.DragText.h5p"]
READY = ".h5p-content.h5p-initialized > *"


def throttled(page):
    """Slow 3G on the page and on every frame of it (the sandboxed player runs apart)."""
    context = page.context
    sessions = []

    def throttle(target):
        try:
            session = context.new_cdp_session(target)
        except Exception:  # a frame in the page's own process has no target of its own
            return
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", SLOW_3G)
        sessions.append(session)

    throttle(page)
    page.on("frameattached", throttle)
    return sessions


def usable_after(page, url) -> tuple[float, int]:
    """Seconds until the activity shows, and bytes the module page received meanwhile."""
    received = {}
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    started = time.monotonic()
    page.goto(url, wait_until="commit", timeout=120_000)
    expect(page.frame_locator("iframe.h5p-frame").locator(READY).first).to_be_visible(
        timeout=120_000
    )
    elapsed = time.monotonic() - started
    session.detach()
    return elapsed, sum(received.values())


@pytest.mark.parametrize("served", ["direct", "haproxy"])
def test_h5p_budget_on_slow_3g(request, new_page, served):
    """`direct`: the test server over HTTP/1.1 (six connections per host); `haproxy`: through
    deploy/haproxy.cfg as in production (TLS, HTTP/2, brotli where the browser takes it)."""
    options = {}
    if served == "haproxy":
        options = {"base_url": request.getfixturevalue("production_proxy")}
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    packages = [("Elearn.QuickCheck (demo)", build_package(title="Kiểm tra nhanh"))]
    packages += [(name, (SAMPLES_DIR / name).read_bytes()) for name in SAMPLES]
    modules = []
    for name, data in packages:
        before = ModulePageFactory(parent=course, title=f"Đọc trước: {name}")
        modules.append((name, before, module_with(course, install(data, "a.h5p"))))
    enrolment_create(learner=learner, course=course)
    rows = []
    for name, before, module in modules:
        page = cold_page(new_page, learner, **options)
        first, first_bytes = usable_after(page, module.url)
        page.goto("/khoa-hoc-cua-toi/", timeout=120_000)
        repeat, repeat_bytes = usable_after(page, module.url)
        page.context.close()
        page = cold_page(new_page, learner, **options)
        page.goto(before.url, timeout=120_000)
        page.wait_for_function(AHEAD_FETCHED, timeout=120_000)
        ahead, ahead_bytes = usable_after(page, module.url)
        page.context.close()
        rows.append((name, first, first_bytes, ahead, ahead_bytes, repeat, repeat_bytes))
    print(f"\n{served}:")
    print(
        "| activity | first visit | module page received | first visit, from the module "
        "before | received | repeat visit | received |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, first, first_bytes, ahead, ahead_bytes, repeat, repeat_bytes in rows:
        print(
            f"| {name} | {first:.1f} s | {first_bytes / 1024:.0f} KB "
            f"| {ahead:.1f} s | {ahead_bytes / 1024:.0f} KB "
            f"| {repeat:.1f} s | {repeat_bytes / 1024:.0f} KB |"
        )


def cold_page(new_page, learner, **options):
    """A signed-in learner's page on Slow 3G with an empty browser cache."""
    page = new_page(**options)
    page.context.unroute_all()  # routes turn the browser cache off
    sign_in(page, learner)
    throttled(page)
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    return page
