import shutil
import subprocess
import unicodedata

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from courses.certificates.signing import pdf_signature_check
from courses.demo import ensure_catalog, ensure_course
from courses.demo.loader import demo_courses_load
from courses.models import Certificate, ModulePage
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from tests.e2e.browser import ARTIFACTS_DIR, screenshot, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdfsig", "zbarimg")),
        reason="needs poppler-utils and zbar-tools (`make browser-deps`)",
    ),
]

FULL_NAME = "Nguyễn Thị Hồng Nhung"


def run(name: str, *arguments) -> str:
    """Run a poppler or zbar command (fixed programs, our own files) and return its output."""
    command = [shutil.which(name), *(str(argument) for argument in arguments)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.fixture
def sequences_after_the_snapshot():
    """The harness restores its snapshot into tables flushed with their sequences reset, so on
    PostgreSQL the next page would get id 1 again; move every sequence past the restored rows,
    as `loaddata` does."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture
def demo_course(sequences_after_the_snapshot):
    home = Site.objects.get(is_default_site=True).root_page.specific
    return ensure_course(ensure_catalog(home), demo_courses_load()[0])


@pytest.fixture
def learner():
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    # Typed on a phone keyboard that sends combining accents: the certificate prints NFC.
    return UserFactory(
        email="nhung.chungnhan@example.vn",
        full_name=unicodedata.normalize("NFD", FULL_NAME),
        commune=CommuneFactory(name="Phường Thục Phán", province=province),
    )


def complete_every_module(page, course):
    page.goto(course.url)
    page.click(f"form[action$='/courses/{course.pk}/enrol/'] button[type=submit]")
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        page.goto(module.url)
        page.click(f"form[action$='/modules/{module.pk}/done/'] button[type=submit]")


def test_learner_completes_a_course_downloads_a_signed_certificate_and_checks_it(
    page, live_server, settings, tmp_path, network_log, demo_course, learner
):
    settings.CERTIFICATE_BASE_URL = live_server.url
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"

    sign_in(page, learner)
    complete_every_module(page, demo_course)
    page.goto("/khoa-hoc-cua-toi/#certificates")
    download_link = page.locator("#certificates a[href$='/pdf/']")
    expect(download_link).to_have_count(1)
    screenshot(page, "certificate-dashboard-360")
    with page.expect_download() as download_info:
        download_link.click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)

    certificate = Certificate.objects.get(learner=learner)
    pdf = pdf_path.read_bytes()
    assert pdf == certificate.pdf.read()
    assert pdf_signature_check(pdf=pdf).ok
    assert "Signature is Valid." in run("pdfsig", pdf_path)

    text = " ".join(run("pdftotext", pdf_path, "-").split())
    assert FULL_NAME in text
    assert demo_course.title in text

    run("pdftoppm", "-r", "150", "-png", "-singlefile", pdf_path, tmp_path / "certificate")
    scanned = run("zbarimg", "--quiet", "--raw", tmp_path / "certificate.png").strip()
    assert scanned == f"{live_server.url}/certificates/{certificate.display_code}/"
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    run("pdftoppm", "-r", "100", "-png", "-singlefile", pdf_path, ARTIFACTS_DIR / "certificate-pdf")
    assert (ARTIFACTS_DIR / "certificate-pdf.png").is_file()

    page.goto(scanned)
    expect(page.locator("[data-certificate-status=valid]")).to_be_visible()
    expect(page.locator("[data-field=learner_name]")).to_have_text(FULL_NAME)
    expect(page.locator("[data-field=course_title]")).to_have_text(demo_course.title)
    expect(page.locator("[data-field=province]")).to_have_text("Tỉnh Cao Bằng")
    screenshot(page, "certificate-verify-360")
    assert network_log.outside_live_server() == []
