import csv
import io

import openpyxl
import pytest
from django.utils import translation
from playwright.sync_api import expect

from courses.models import Enrolment
from courses.reports import exports
from tests.courses.reports.world import build_world
from tests.e2e.browser import DESKTOP_VIEWPORT, screenshot, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

DASHBOARD_URL = "/admin/statistics/"


def download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=label).click()
    return info.value.path().read_bytes()


def expected_roster(commune) -> set[tuple[str, str, str, str]]:
    """(name, e-mail, commune, course) of every enrolment made in the commune."""
    return {
        (e.learner.full_name, e.learner.email, e.commune.name, e.course.title)
        for e in Enrolment.objects.filter(commune=commune).select_related(
            "learner", "commune", "course"
        )
    }


def test_province_manager_drills_into_a_commune_and_downloads_csv_and_xlsx(new_page, network_log):
    world = build_world()
    page = new_page(viewport=DESKTOP_VIEWPORT)
    sign_in(page, world.province_manager, lands_on=None)

    page.goto(DASHBOARD_URL)
    breakdown = page.locator("[data-report-breakdown] tbody th")
    expect(breakdown).to_have_text(["Phường Nùng Trí Cao", "Phường Thục Phán"])
    expect(page.locator("body")).not_to_contain_text("Xã Lóng Sập")
    expect(page.locator("[data-report-totals] [data-figure=completions]")).to_have_text("1")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    screenshot(page, "statistics-province-1280")

    page.get_by_role("link", name="Phường Thục Phán").click()
    expect(page).to_have_url(f"{DASHBOARD_URL}?commune=01273")
    expect(page.locator("[data-report-trail] [aria-current=page]")).to_have_text("Phường Thục Phán")
    expect(page.locator("[data-report-breakdown] tbody th")).to_have_text(
        ["An toàn thông tin cơ bản"]
    )
    screenshot(page, "statistics-commune-1280")

    links = page.locator(".report-exports a")
    csv_bytes = download(page, links.nth(0).inner_text())
    xlsx_bytes = download(page, links.nth(1).inner_text())

    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    header, *csv_rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    with translation.override("vi"):  # the files follow the manager's language
        columns = exports.roster_columns()
    assert header == columns
    expected = expected_roster(world.thuc_phan)
    assert {(r[0], r[1], r[6], r[7]) for r in csv_rows} == expected
    assert "Nguyễn Thị Hồng Nhung" in {r[0] for r in csv_rows}

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes)).worksheets[0]
    xlsx_header, *xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert list(xlsx_header) == columns
    assert {(r[0], r[1], r[6], r[7]) for r in xlsx_rows} == expected

    # Another province and its files are refused (asked through the page's session, without
    # navigating, so the browser logs no console error for the 403).
    for url in [
        f"{DASHBOARD_URL}?province=14",
        links.nth(0).get_attribute("href") + "&commune=04045",
    ]:
        assert page.request.get(url).status == 403, url
    assert network_log.outside_live_server() == []
