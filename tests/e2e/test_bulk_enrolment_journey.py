"""Bulk enrolment in a browser: an administrator enrols learners from a CSV file in the Wagtail
admin, checks the dry run, confirms, and finds the enrolments on the statistics dashboard."""

import csv
import io

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect
from wagtail.models import Site

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.models import Enrolment
from home.factories import DEFAULT_PASSWORD, CommuneFactory, ProvinceFactory, UserFactory
from home.models import LearnerGroup, User
from tests.e2e.browser import DESKTOP_VIEWPORT, screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

COURSE_TITLE = "Kỹ năng số cho cán bộ cơ sở"
IMPORT_URL = "/admin/enrolment-import/"
DASHBOARD_URL = "/admin/statistics/"
LEARNERS = [
    [
        "Nguyễn Thị Hồng Nhung",
        "nhung.import@example.vn",
        "0912 345 678",
        "Cao Bằng",
        "Phường Thục Phán",
        "Cán bộ, công chức, viên chức",
        "UBND phường Thục Phán",
    ],
    ["Trần Văn Đức", "duc.import@example.vn", "", "cao bang", "phuong thuc phan", "Người dân", ""],
    [
        "Lò Thị Bích",
        "bich.import@example.vn",
        "+84 987 654 321",
        "04",
        "01279",
        "Tổ công nghệ số cộng đồng",
        "",
    ],
    ["Hoàng Văn Cường", "cuong.import@example.vn", "", "Cao Bằng", "Xã Không Có", "", ""],
]


@pytest.fixture
def course():
    home = Site.objects.get(is_default_site=True).root_page
    catalog = CourseIndexPageFactory(parent=home)
    return CoursePageFactory(parent=catalog, title=COURSE_TITLE)


@pytest.fixture
def administrator():
    cao_bang = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    CommuneFactory(code="01273", name="Phường Thục Phán", province=cao_bang)
    CommuneFactory(code="01279", name="Phường Nùng Trí Cao", province=cao_bang)
    return UserFactory(email="quantri@example.vn", superuser=True, commune=None)


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"


def sign_in_to_the_admin(page, user):
    page.goto("/admin/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("form button[type=submit]")
    expect(page).to_have_url("/admin/")


def csv_file(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def expected_reason() -> str:
    with translation.override("vi"):
        return _("Unknown commune “%(commune)s” in %(province)s.") % {
            "commune": "Xã Không Có",
            "province": "Tỉnh Cao Bằng",
        }


def test_administrator_enrols_learners_from_a_csv_file_and_sees_them_counted(
    new_page, network_log, course, administrator
):
    page = new_page(viewport=DESKTOP_VIEWPORT)
    sign_in_to_the_admin(page, administrator)

    page.locator(f"a[href='{IMPORT_URL}']").first.click()
    expect(page).to_have_url(IMPORT_URL)
    with page.expect_download() as template:
        page.locator("a[href$='template.csv']").click()
    header = next(csv.reader(io.StringIO(template.value.path().read_text("utf-8-sig"))))
    assert header[0] == "Họ và tên"
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "danh-sach-can-bo.csv",
                "mimeType": "text/csv",
                "buffer": csv_file(header, LEARNERS),
            }
        ],
    )
    page.check(f"input[name=courses][value='{course.pk}']")
    screenshot(page, "bulk-enrolment-upload-1280")
    page.click("form[data-import-form] button[type=submit]")

    expect(page.locator("[data-import-job]")).to_have_attribute("data-status", "checked")
    expect(page.locator("[data-count=created]")).to_have_text("3")
    expect(page.locator("[data-count=enrolled]")).to_have_text("3")
    expect(page.locator("[data-count=rejected]")).to_have_text("1")
    rejected = page.locator("[data-import-rejections] tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.locator("td").nth(0)).to_have_text("5")
    expect(rejected.locator("td").nth(1)).to_have_text("Hoàng Văn Cường")
    expect(rejected.locator("td").nth(2)).to_have_text(expected_reason())
    screenshot(page, "bulk-enrolment-check-1280")
    assert not User.objects.filter(email="nhung.import@example.vn").exists()

    page.click("[data-import-confirm]")

    expect(page.locator("[data-import-job]")).to_have_attribute("data-status", "done")
    expect(page.locator("[data-count=created]")).to_have_text("3")
    expect(page.locator("[data-import-confirm]")).to_have_count(0)
    screenshot(page, "bulk-enrolment-result-1280")
    nhung = User.objects.get(email="nhung.import@example.vn")
    assert (nhung.full_name, nhung.phone, nhung.learner_group) == (
        "Nguyễn Thị Hồng Nhung",
        "0912345678",
        LearnerGroup.OFFICIAL,
    )
    assert Enrolment.objects.filter(course=course).count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bich.import@example.vn",
        "duc.import@example.vn",
        "nhung.import@example.vn",
    ]

    page.get_by_role("button", name="Thống kê").click()
    page.locator(f"a[href='{DASHBOARD_URL}']").click()
    expect(page).to_have_url(DASHBOARD_URL)
    expect(page.locator("[data-report-totals] [data-figure=enrolments]")).to_have_text("3")
    expect(page.locator("[data-report-totals] [data-figure=learners]")).to_have_text("3")
    expect(page.locator("[data-report-breakdown] tbody")).to_contain_text("Cao Bằng")
    screenshot(page, "bulk-enrolment-statistics-1280")
    assert network_log.outside_live_server() == []
