"""Issue 18's acceptance journey in one browser: a learner downloads a course, loses signal,
opens every module from the download (fresh navigations, no page left open), marks the reading
modules done and answers the H5P activity; back online, the server records each action exactly
once (decisions 031 and 033)."""

import pytest
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import ActionReceipt, ModuleProgress
from courses.services import enrolment_create
from home.factories import UserFactory
from quizzes.h5p.demo import build_package
from quizzes.models import H5PAttempt
from tests.e2e.browser import screenshot, sign_in
from tests.e2e.test_h5p_journey import install, module_with
from tests.e2e.test_offline_course_journey import SLOW_TIMEOUT_MS, controlled, download

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_downloaded_course_is_learnt_offline_and_each_action_is_recorded_once(new_page):
    learner = UserFactory(email="hoc.ngoai.tuyen@example.vn")
    course = CoursePageFactory(parent=CourseIndexPageFactory(), title="Học ở bản không có sóng")
    reading = [ModulePageFactory(parent=course, title=f"Bài đọc {n}", body=[]) for n in (1, 2)]
    h5p_module = module_with(course, install(build_package(title="Kiểm tra nhanh")))
    enrolment_create(learner=learner, course=course)

    page = new_page(service_workers="allow")
    page.context.unroute_all()  # Playwright turns the browser's HTTP cache off under routes
    sign_in(page, learner)
    page.goto(course.url)
    controlled(page)
    download(page)

    page.context.set_offline(True)
    for number, module in enumerate(reading, start=1):
        page.goto(module.url)
        expect(page.locator("h1")).to_have_text(module.title)
        page.get_by_role("button", name="Đánh dấu đã xong").click()
        expect(page.locator("[data-offline-queue]")).to_have_text(
            f"Đang chờ gửi: {number}", timeout=SLOW_TIMEOUT_MS
        )
    page.goto(h5p_module.url)
    expect(page.locator("h1")).to_have_text(h5p_module.title)
    player = page.frame_locator("iframe.h5p-frame")
    expect(player.locator(".elearn-quickcheck-statement").first).to_be_visible(
        timeout=SLOW_TIMEOUT_MS
    )
    player.get_by_role("button", name="Sai").click()
    expect(page.locator("[data-offline-queue]")).to_have_text(
        "Đang chờ gửi: 3", timeout=SLOW_TIMEOUT_MS
    )
    screenshot(page, "offline-acceptance-waiting-360")
    assert not ActionReceipt.objects.exists()
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()
    assert not H5PAttempt.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("[data-offline-queue]")).to_be_hidden(timeout=SLOW_TIMEOUT_MS)
    assert sorted(ActionReceipt.objects.filter(learner=learner).values_list("kind", flat=True)) == [
        "h5p_statement",
        "module_done",
        "module_done",
    ]
    completed = ModuleProgress.objects.filter(learner=learner, completed_at__isnull=False)
    assert set(completed.values_list("module_id", flat=True)) == {
        reading[0].pk,
        reading[1].pk,
        h5p_module.pk,
    }
    assert H5PAttempt.objects.filter(learner=learner).count() == 1

    # Opening the pages again online sends nothing twice.
    for module in (*reading, h5p_module):
        page.goto(module.url)
        expect(page.locator(".module-footer .status-ok")).to_be_visible(timeout=SLOW_TIMEOUT_MS)
    assert ActionReceipt.objects.filter(learner=learner).count() == 3
    assert H5PAttempt.objects.filter(learner=learner).count() == 1
