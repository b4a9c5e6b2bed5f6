"""Two provincial portals on loopback host names (Chromium resolves *.localhost to 127.0.0.1):
a learner signs up on Hà Nội's portal, learns a national course there without leaving its
host, gets a certificate naming Hà Nội's issuer, and the certificate checks out on Cao Bằng's
portal."""

import shutil
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from courses.demo import ensure_catalog, ensure_course
from courses.demo.loader import demo_courses_load
from courses.models import Certificate, ModulePage
from courses.portals.services import portal_create
from home.factories import CommuneFactory, ProvinceFactory
from home.models import LearnerGroup, User
from tests.e2e.browser import screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]

EMAIL = "lan.hanoi@example.vn"
PASSWORD = "Hoc-vu-so-2025!"
HA_NOI_NAME = "Bình dân học vụ số Hà Nội"
CAO_BANG_NAME = "Bình dân học vụ số Cao Bằng"


@pytest.fixture
def sequences_after_the_snapshot():
    """As in test_certificate_journey: move PostgreSQL's sequences past the restored rows."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture
def portals(live_server, sequences_after_the_snapshot):
    port = urlsplit(live_server.url).port
    ha_noi = ProvinceFactory(code="01", name="Hà Nội", codename="ha_noi", kind="thanh_pho")
    CommuneFactory(code="00004", name="Phường Ba Đình", province=ha_noi)
    cao_bang = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    CommuneFactory(code="01273", name="Phường Thục Phán", province=cao_bang)
    home = Site.objects.get(is_default_site=True).root_page.specific
    course = ensure_course(ensure_catalog(home), demo_courses_load()[0])
    portal_create(
        province_code="01", hostname="ha-noi.localhost", port=port, display_name=HA_NOI_NAME
    )
    portal_create(
        province_code="04", hostname="cao-bang.localhost", port=port, display_name=CAO_BANG_NAME
    )
    return {
        "a": f"http://ha-noi.localhost:{port}",
        "b": f"http://cao-bang.localhost:{port}",
        "course": course,
    }


def allow_portal_hosts(network_log, *origins):
    """The harness refuses requests that leave the live server; the portals are on it too."""
    local = network_log.is_local
    network_log.is_local = lambda url: local(url) or any(url.startswith(o) for o in origins)


def test_a_learner_signs_up_and_learns_on_a_portal_and_the_certificate_checks_out_on_another(
    new_page, settings, tmp_path, network_log, portals
):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    settings.CERTIFICATE_BASE_URL = portals["a"]
    allow_portal_hosts(network_log, portals["a"], portals["b"])
    course = portals["course"]
    page = new_page(base_url=portals["a"])

    page.goto("/")
    expect(page.locator("header .brand")).to_contain_text(HA_NOI_NAME)
    page.goto("/accounts/signup/")
    expect(page.locator("#id_province")).to_have_value("01")  # the portal's province
    page.fill("#id_full_name", "Trần Thị Lan")
    page.fill("#id_email", EMAIL)
    page.select_option("#id_commune", value="00004")
    page.select_option("#id_learner_group", value=LearnerGroup.OFFICIAL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form[action='/accounts/signup/'] > button[type=submit]")
    expect(page).to_have_url(f"{portals['a']}/")
    assert User.objects.get(email=EMAIL).commune.province.code == "01"

    page.goto("/khoa-hoc/")
    page.click(f"a[href='/khoa-hoc/{course.slug}/']")
    expect(page).to_have_url(f"{portals['a']}/khoa-hoc/{course.slug}/")
    page.click(f"form[action$='/courses/{course.pk}/enrol/'] button[type=submit]")
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        page.goto(module.get_url_parts()[2])
        assert page.url.startswith(portals["a"]), page.url
        # The last one completes the course: its certificate is rendered and signed in the
        # same request (the test task backend), which takes seconds on a loaded machine.
        page.click(
            f"form[action$='/modules/{module.pk}/done/'] button[type=submit]", timeout=90_000
        )
        assert page.url.startswith(portals["a"]), page.url
    screenshot(page, "portal-course-completed-360")

    certificate = Certificate.objects.get(learner__email=EMAIL)
    assert certificate.issuer_name == HA_NOI_NAME
    assert certificate.pdf
    page.goto("/khoa-hoc-cua-toi/#certificates")
    expect(page.locator("#certificates a[href$='/pdf/']")).to_have_count(1)

    other = new_page(base_url=portals["b"])
    other.goto(f"/certificates/{certificate.display_code}/")
    expect(other.locator("header .brand")).to_contain_text(CAO_BANG_NAME)
    expect(other.locator("[data-certificate-status=valid]")).to_be_visible()
    expect(other.locator("[data-field=issuer]")).to_have_text(HA_NOI_NAME)
    expect(other.locator("[data-field=course_title]")).to_have_text(course.title)
    screenshot(other, "portal-certificate-verified-on-another-portal-360")
    assert network_log.outside_live_server() == []
