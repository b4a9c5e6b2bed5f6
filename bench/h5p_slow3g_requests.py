"""Where an H5P activity's first visit on Slow 3G goes, request by request (on demand, not CI).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -q -s -p no:cacheprovider \
        bench/h5p_slow3g_requests.py

The same set-up as `bench/h5p_slow3g.py` (DragText, the heaviest sample, empty cache), but it
prints, for each request of the module page and of the player's frame, when it was sent, when
its answer began and ended (seconds from the navigation) and its size on the wire: the
breakdown behind bench/README.md's "H5P on Slow 3G".
"""

import time

import pytest
from playwright.sync_api import expect

from bench.h5p_slow3g import READY, SLOW_3G
from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.services import enrolment_create
from home.factories import UserFactory
from tests.e2e.browser import sign_in
from tests.e2e.test_h5p_journey import install, module_with
from tests.quizzes.h5p.packages import SAMPLES_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE = "H5P.DragText.h5p"
TIMES = ("sent", "began", "ended")


def recorded(session, who: str, log: dict) -> None:
    """Throttle `session` to Slow 3G and note its requests' times and sizes in `log`."""

    def note(event, **values):
        log.setdefault((who, event["requestId"]), {}).update(values)

    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_3G)
    session.on(
        "Network.requestWillBeSent",
        lambda e: note(e, url=e["request"]["url"], sent=e["timestamp"]),
    )
    session.on("Network.responseReceived", lambda e: note(e, began=e["timestamp"]))
    session.on(
        "Network.loadingFinished",
        lambda e: note(e, ended=e["timestamp"], size=e["encodedDataLength"]),
    )


@pytest.mark.parametrize("served", ["direct", "haproxy"])
def test_h5p_first_visit_request_by_request(request, new_page, served):
    sample = SAMPLES_DIR / SAMPLE
    if not sample.exists():
        pytest.skip(f"{sample} is missing (shared H5P samples)")
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    module = module_with(course, install(sample.read_bytes(), "a.h5p"))
    enrolment_create(learner=learner, course=course)
    if served == "haproxy":
        proxy = request.getfixturevalue("production_proxy")
        page = new_page(base_url=proxy)
    else:
        page = new_page()
    page.context.unroute_all()  # routes turn the browser cache off
    sign_in(page, learner)
    log: dict = {}
    session = page.context.new_cdp_session(page)
    recorded(session, "page", log)

    def frame_attached(target):
        try:
            recorded(page.context.new_cdp_session(target), "frame", log)
        except Exception:  # a frame in the page's own process has no target of its own
            return

    page.on("frameattached", frame_attached)
    session.send("Network.clearBrowserCache")
    started = time.monotonic()
    page.goto(module.url, wait_until="commit", timeout=120_000)
    expect(page.frame_locator("iframe.h5p-frame").locator(READY).first).to_be_visible(
        timeout=120_000
    )
    usable = time.monotonic() - started
    origin = min(entry["sent"] for entry in log.values() if "sent" in entry)
    print(f"\n{SAMPLE} ({served}): usable after {usable:.1f} s")
    print("| from | sent | began | ended | KB | address |\n| --- | --- | --- | --- | --- | --- |")
    for (who, _), entry in sorted(log.items(), key=lambda item: item[1].get("sent", 0)):
        times = [f"{entry[key] - origin:.2f}" if key in entry else "-" for key in TIMES]
        size = entry.get("size", 0) / 1024
        print(f"| {who} | {' | '.join(times)} | {size:.1f} | {entry.get('url', '')[:120]} |")
