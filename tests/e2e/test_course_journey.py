"""The course journey in a browser: a learner finds, takes and completes a sequential course;
a trainer writes a module in the Wagtail admin and sends it to moderation."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Site, WorkflowState
from wagtail.users.models import UserProfile

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import CourseCompletion, ModulePage, ModuleProgress
from courses.services import TRAINERS_GROUP, catalog_grant_trainers
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from tests.e2e.browser import (
    DESKTOP_VIEWPORT,
    elements_sticking_out,
    screenshot,
    sign_in,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

COURSE_TITLE = "An toàn thông tin và phòng tránh lừa đảo trực tuyến"
OTHER_COURSE_TITLE = "Sử dụng dịch vụ công trực tuyến"
DASHBOARD_URL = "/khoa-hoc-cua-toi/"
MODULE_TITLE = "Nhận diện tin nhắn giả mạo ngân hàng"
MODULE_TEXT = "Không bấm vào đường link lạ gửi qua tin nhắn."


@pytest.fixture
def catalog():
    home = Site.objects.get(is_default_site=True).root_page
    return CourseIndexPageFactory(parent=home)


@pytest.fixture
def course(catalog):
    # No certificate: this journey is about learning; the certificate journey has its own test.
    course = CoursePageFactory(
        parent=catalog, title=COURSE_TITLE, sequential=True, issues_certificate=False
    )
    ModulePageFactory.create_batch(3, parent=course)
    CoursePageFactory(parent=catalog, title=OTHER_COURSE_TITLE)
    return course


@pytest.fixture
def learner():
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    return UserFactory(
        email="nhung.hoctap@example.vn",
        full_name="Nguyễn Thị Hồng Nhung",
        commune=CommuneFactory(name="Phường Thục Phán", province=province),
    )


@pytest.fixture
def trainer(catalog):
    catalog_grant_trainers(catalog=catalog)
    user = UserFactory(email="giangvien@example.vn", full_name="Trần Thị Giảng Viên")
    user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    # The admin in English keeps the button names below stable.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def assert_fits_the_phone(page):
    assert elements_sticking_out(page) == []


def mark_done(page, course, module):
    page.click(f"form[action='/learning/courses/{course.pk}/modules/{module.pk}/done/'] button")


def test_learner_finds_a_sequential_course_without_accents_and_completes_it_in_order(
    page, network_log, course, learner
):
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    first, second, third = modules

    sign_in(page, learner)
    page.click(f"header a[href='{course.get_parent().url}']")
    page.fill("#catalog-q", "an toan thong tin")
    page.click("form.catalog-filters button[type=submit]")
    cards = page.locator(".course-card h2 a")
    expect(cards).to_have_text([COURSE_TITLE])
    assert_fits_the_phone(page)
    screenshot(page, "course-catalog-search-360")

    cards.first.click()
    expect(page).to_have_url(course.url)
    page.click(f"form[action='/learning/courses/{course.pk}/enrol/'] button[type=submit]")
    expect(page.locator(".message-success")).to_have_text(
        "Bạn đã ghi danh thành công. Chúc bạn học tốt!"
    )
    expect(page.locator(".module-item.is-locked")).to_have_count(2)
    assert_fits_the_phone(page)
    screenshot(page, "course-enrolled-360")

    page.goto(second.url)
    expect(page).to_have_url(course.url)
    expect(page.locator(".message-warning")).to_have_text("Hãy hoàn thành các học phần trước đó.")
    assert not ModuleProgress.objects.filter(learner=learner, module=second).exists()

    page.click(f".course-actions a[href='{first.url}']")
    expect(page.locator("h1")).to_have_text(first.title)
    expect(page.locator(".module-body")).to_contain_text("Nội dung bài học có dấu tiếng Việt.")
    assert_fits_the_phone(page)
    screenshot(page, "course-module-360")

    for module, following in [(first, second), (second, third)]:
        mark_done(page, course, module)
        expect(page).to_have_url(following.url)
        expect(page.locator(".message-success")).to_have_text("Đã hoàn thành học phần.")
    mark_done(page, course, third)

    expect(page).to_have_url(course.url)
    expect(page.locator(".course-actions .status-ok")).to_contain_text(
        "Bạn đã hoàn thành khóa học này"
    )
    expect(page.locator(".module-item.is-done")).to_have_count(3)
    assert CourseCompletion.objects.filter(learner=learner, course=course).exists()
    assert_fits_the_phone(page)
    screenshot(page, "course-completed-360")

    page.set_viewport_size(DESKTOP_VIEWPORT)
    page.click(f"header a[href='{DASHBOARD_URL}']")
    expect(page.locator("h1")).to_have_text("Khóa học của tôi")
    in_progress = page.locator("section", has=page.locator("h2", has_text="Đang học"))
    completed = page.locator("section", has=page.locator("h2", has_text="Đã hoàn thành"))
    expect(completed.locator(".dashboard-item.is-done h3 a")).to_have_text([COURSE_TITLE])
    expect(in_progress.locator(".dashboard-item")).to_have_count(0)
    screenshot(page, "course-dashboard-completed-1280")
    assert network_log.outside_live_server() == []


def test_trainer_adds_a_module_in_the_admin_and_submits_it_for_moderation(
    new_page, network_log, course, trainer
):
    page = new_page(viewport=DESKTOP_VIEWPORT)

    sign_in(page, trainer)
    page.goto(f"/admin/pages/{course.pk}/add_subpage/")
    # A course allows only modules, so Wagtail skips the page-type choice.
    expect(page).to_have_url(f"/admin/pages/add/courses/modulepage/{course.pk}/")
    page.fill("#id_title", MODULE_TITLE)
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Text").click()
    editor = page.locator("[data-contentpath='body'] [role='textbox']").first
    editor.click()
    editor.type(MODULE_TEXT)
    # Draftail writes the text into the form a moment after typing: wait for it before saving.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile(re.escape(MODULE_TEXT))
    )
    screenshot(page, "admin-module-editor-1280")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Ban kiểm duyệt").click()

    messages = page.locator(".messages")
    expect(messages).to_contain_text("submitted for moderation")
    messages.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")
    expect(page.locator("tr", has_text=MODULE_TITLE)).to_contain_text(
        re.compile("in moderation", re.IGNORECASE)
    )
    screenshot(page, "admin-module-submitted-1280")
    module = ModulePage.objects.child_of(course).get(title=MODULE_TITLE)
    assert not module.live
    # The admin's slug field wrote the address from the title in ASCII.
    assert module.slug == "nhan-dien-tin-nhan-gia-mao-ngan-hang"
    assert MODULE_TEXT in str(module.get_latest_revision_as_object().body)
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(module.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == trainer
    assert network_log.outside_live_server() == []
