"""A class on phones (360 px): the trainer shows the class's QR code and join code, a learner
joins with the code, the trainer ticks attendance, e-mails a reminder and sees the learner's
progress once the learner has finished a module."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Site

from courses.classes.factories import ClassFactory
from courses.classes.models import Attendance, ClassMember
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import ModulePage
from courses.services import TRAINERS_GROUP, module_mark_done
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from tests.e2e.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_LOAD_MS = 30_000


@pytest.fixture
def world():
    cao_bang = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    thuc_phan = CommuneFactory(code="01273", name="Phường Thục Phán", province=cao_bang)
    catalog = CourseIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    course = CoursePageFactory(parent=catalog, title="Kỹ năng số cho cán bộ phường")
    ModulePageFactory.create_batch(2, parent=course)
    trainer = UserFactory(email="giangvien@example.vn", commune=None, is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    learner = UserFactory(email="hocvien@example.vn", full_name="Lò Thị Bích", commune=thuc_phan)
    klass = ClassFactory(
        name="Lớp cán bộ phường Thục Phán", commune=thuc_phan, courses=[course], trainers=[trainer]
    )
    return {"trainer": trainer, "learner": learner, "klass": klass, "course": course}


def _fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_class_from_the_join_code_to_the_progress_grid(new_page, world):
    klass, course = world["klass"], world["course"]
    trainer_page = new_page()
    trainer_page.set_default_navigation_timeout(PAGE_LOAD_MS)
    sign_in(trainer_page, world["trainer"], lands_on=None)
    trainer_page.goto(f"/admin/classes/{klass.pk}/")
    code = trainer_page.locator("[data-join-code]").inner_text().strip()
    assert code == klass.join_code
    qr = trainer_page.get_by_alt_text("Mã QR để tham gia lớp")
    expect(qr).to_be_visible()
    assert trainer_page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0

    learner_page = new_page()
    learner_page.set_default_navigation_timeout(PAGE_LOAD_MS)
    learner_page.goto("/lop-hoc/tham-gia/")
    learner_page.fill("#id_code", code.lower())
    learner_page.get_by_role("button", name="Tiếp tục").click()
    expect(learner_page.get_by_role("heading", name=klass.name)).to_be_visible()
    learner_page.get_by_role("link", name="Đăng nhập").last.click()
    learner_page.fill("#id_login", world["learner"].email)
    learner_page.fill("#id_password", "Hoc-vu-so-2025!")
    learner_page.locator("form button[type=submit]").last.click()
    expect(learner_page).to_have_url(f"/lop-hoc/tham-gia/{klass.join_code}/")
    learner_page.get_by_role("button", name="Tham gia lớp").click()
    expect(learner_page).to_have_url("/khoa-hoc-cua-toi/")
    expect(learner_page.get_by_text(course.title).first).to_be_visible()
    assert ClassMember.objects.filter(klass=klass, learner=world["learner"]).exists()

    trainer_page.goto(f"/admin/classes/{klass.pk}/sessions/")
    trainer_page.fill("#id_held_on", "2026-06-01")
    trainer_page.fill("#id_topic", "Buổi 1: Dịch vụ công")
    trainer_page.get_by_role("button", name="Thêm buổi học").click()
    trainer_page.get_by_role("button", name="Cả lớp có mặt").click()
    expect(trainer_page.get_by_text("Tỉ lệ chuyên cần: 100%")).to_be_visible()
    assert Attendance.objects.filter(learner=world["learner"]).count() == 1

    trainer_page.goto(f"/admin/classes/{klass.pk}/reminders/")
    trainer_page.get_by_role("button", name="Gửi e-mail cho cả lớp").click()
    expect(trainer_page.get_by_text("Đã gửi lời nhắc: 1.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[world["learner"].email]]

    first_module = ModulePage.objects.child_of(course).order_by("path").first()
    module_mark_done(learner=world["learner"], course=course, module=first_module)
    trainer_page.goto(f"/admin/classes/{klass.pk}/progress/")
    row = trainer_page.get_by_role("row", name="Lò Thị Bích")
    expect(row.get_by_role("cell").first).to_have_text("✓")
    _fits_the_screen(trainer_page)
