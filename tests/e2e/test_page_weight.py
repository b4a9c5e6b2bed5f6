"""Page weight on a weak connection (issue 18): a learner's text module page costs at most
30 KB on a first visit with an empty cache and 10 KB on a repeat visit, counted as Chromium
counts bytes on the wire (headers and compressed bodies; nothing for what its cache serves).

A heavy stylesheet, script, font or picture added to the site's pages makes the first figure
fail; a page that stops being cacheable or compressed makes the second fail. Playwright turns
the browser cache off in a context with routes, so the routes of `new_page` are dropped here.
The test server sends static files uncompressed (whitenoise compresses them in production), so
the first figure is stricter here than on the site.
"""

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.services import enrolment_create
from home.factories import UserFactory
from tests.e2e.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST_VISIT_BUDGET = 30 * 1024
REPEAT_VISIT_BUDGET = 10 * 1024
LESSON = "".join(
    f"<p>Bước {n}: mở ứng dụng, kiểm tra quyền truy cập và đọc kỹ thông báo trước khi đồng ý. "
    "Không chia sẻ mã OTP cho bất kỳ ai, kể cả người tự xưng là cán bộ ngân hàng.</p>"
    for n in range(1, 21)
)


class WireLog:
    """Bytes Chromium received for each request of a page (DevTools protocol)."""

    def __init__(self, page):
        self.urls: dict[str, str] = {}
        self.received: dict[str, int] = {}
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        self.received[event["requestId"]] = int(event["encodedDataLength"])

    def start(self) -> None:
        self.urls.clear()
        self.received.clear()

    def total(self) -> int:
        """The page's own requests. The service worker that the first visit installs in the
        background fetches its script and imports (the offline queue) once per deployment;
        DevTools reports those loads to the page's session without their request, depending on
        timing, so they are left out rather than counted on some runs only."""
        return sum(n for i, n in self.received.items() if i in self.urls)

    def report(self) -> str:
        return ", ".join(f"{self.urls.get(i, i)}: {n} B" for i, n in self.received.items())


def test_a_text_module_page_is_light_on_first_and_repeat_visits(new_page):
    learner = UserFactory(full_name="Lò Thị Lan")
    course = CoursePageFactory(parent=CourseIndexPageFactory(), title="An toàn trên mạng")
    module = ModulePageFactory(
        parent=course,
        title="Cài đặt ứng dụng an toàn",
        body=[{"type": "paragraph", "value": LESSON}],
    )
    enrolment_create(learner=learner, course=course)
    page = new_page()
    page.context.unroute_all()
    sign_in(page, learner)
    wire = WireLog(page)
    wire.session.send("Network.clearBrowserCache")

    wire.start()
    page.goto(module.url, wait_until="load")
    page.wait_for_load_state("networkidle")
    first = wire.total()
    assert "Bước 20" in page.content()
    assert 0 < first <= FIRST_VISIT_BUDGET, wire.report()

    page.goto("/khoa-hoc-cua-toi/")
    wire.start()
    page.goto(module.url, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert 0 < wire.total() <= REPEAT_VISIT_BUDGET, wire.report()
