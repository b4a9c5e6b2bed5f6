"""The installable web app in Chromium: the manifest parses without errors and the app is
installable, the service worker takes control, and a page opened without signal shows the
offline page in Vietnamese instead of the browser's error."""

import pytest
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.services import enrolment_create
from home.factories import UserFactory
from tests.e2e.browser import screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def controlled(page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=30_000,
    )


def test_the_app_is_installable_and_shows_its_offline_page_without_signal(new_page):
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    module = ModulePageFactory(parent=course, title="Bài đọc khi mất sóng")
    enrolment_create(learner=learner, course=course)
    page = new_page(service_workers="allow")
    sign_in(page, learner)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    controlled(page)

    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert "Bình dân học vụ số" in manifest["data"]
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito windows, where Chromium never offers to install.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []

    page.goto(module.url)
    expect(page.locator("h1")).to_have_text("Bài đọc khi mất sóng")
    page.context.set_offline(True)
    page.goto(module.url)
    expect(page.locator("h1")).to_have_text("Bạn đang ngoại tuyến")
    # The site's stylesheet came from the worker's cache: the button has the brand's colour.
    expect(page.get_by_role("link", name="Làm lại")).to_have_css(
        "background-color", "rgb(179, 18, 31)"
    )
    screenshot(page, "offline-page-360")

    page.context.set_offline(False)
    page.goto(module.url)
    expect(page.locator("h1")).to_have_text("Bài đọc khi mất sóng")
