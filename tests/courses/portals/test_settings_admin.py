"""A portal's editors edit their own site's name, logo, colour, contact and certificate issuer
in the admin's Settings (Wagtail's per-site setting permissions), not another portal's nor the
national site's; national administrators edit every site's. Role x portal x action."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from courses.certificates.models import CertificateSettings
from courses.portals.services import portal_create
from home.factories import UserFactory
from home.models import SiteBranding
from tests.courses.portals.conftest import HOST_A, on

pytestmark = pytest.mark.django_db

BRANDING = ("home", "sitebranding")
CERTIFICATES = ("courses", "certificatesettings")


@pytest.fixture
def editor_a(portal_a):
    user = UserFactory(email="bientap.hanoi@example.vn", commune=None)
    user.groups.add(portal_a.editors)
    return user


@pytest.fixture
def national_admin(db):
    return UserFactory(email="quantri@example.vn", superuser=True, commune=None)


@pytest.fixture
def sites(portal_a, portal_b):
    return {
        "a": portal_a.site,
        "b": portal_b.site,
        "national": Site.objects.get(is_default_site=True),
    }


def refused(response) -> bool:
    """Wagtail's admin answers a refused action with 403, or a redirect to its dashboard."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


def edit_url(setting, site) -> str:
    return reverse("wagtailsettings:edit", args=[*setting, site.pk])


def branding_data(name):
    return {
        "organisation_name": name,
        "brand_colour": "#123456",
        "contact_email": "lienhe@hanoi.gov.vn",
        "contact_phone": "024 3825 0000",
        "contact_address": "Số 12 Lê Lai, Hoàn Kiếm",
        "logo": "",
    }


def certificate_data(name):
    return {
        "issuing_organisation": name,
        "heading": "Giấy chứng nhận",
        "statement": "đã hoàn thành khóa học",
        "place": "Hà Nội",
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "Giám đốc",
        "signature_image": "",
        "logo": "",
    }


SETTINGS = [
    (BRANDING, SiteBranding, branding_data, "organisation_name"),
    (CERTIFICATES, CertificateSettings, certificate_data, "issuing_organisation"),
]


@pytest.mark.parametrize(("setting", "model", "data", "field"), SETTINGS)
def test_an_editor_of_a_changes_as_settings(client, editor_a, sites, setting, model, data, field):
    client.force_login(editor_a)

    assert client.get(edit_url(setting, sites["a"])).status_code == 200
    response = client.post(edit_url(setting, sites["a"]), data("Sở Thông tin Hà Nội"))

    assert response.status_code == 302
    assert getattr(model.for_site(sites["a"]), field) == "Sở Thông tin Hà Nội"


@pytest.mark.parametrize(("setting", "model", "data", "field"), SETTINGS)
@pytest.mark.parametrize("other", ["b", "national"])
def test_an_editor_of_a_cannot_open_or_change_another_sites_settings(
    client, editor_a, sites, setting, model, data, field, other
):
    before = getattr(model.for_site(sites[other]), field)
    client.force_login(editor_a)

    assert refused(client.get(edit_url(setting, sites[other])))
    assert refused(client.post(edit_url(setting, sites[other]), data("Giả mạo")))
    assert getattr(model.objects.get(site=sites[other]), field) == before


@pytest.mark.parametrize(("setting", "model", "data", "field"), SETTINGS)
def test_the_settings_menu_takes_an_editor_to_their_own_site(
    client, editor_a, sites, setting, model, data, field
):
    client.force_login(editor_a)
    response = client.get(reverse("wagtailsettings:edit", args=setting))  # on the national host

    assert response.status_code == 302
    assert response["Location"] == edit_url(setting, sites["a"])
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailsettings:edit", args=setting) in menu


@pytest.mark.parametrize(("setting", "model", "data", "field"), SETTINGS)
def test_a_national_administrator_changes_every_sites_settings(
    client, national_admin, sites, setting, model, data, field
):
    client.force_login(national_admin)
    for site in sites.values():
        assert client.get(edit_url(setting, site)).status_code == 200


@pytest.mark.parametrize(("setting", "model", "data", "field"), SETTINGS)
def test_a_learner_or_a_visitor_cannot_open_a_portals_settings(
    client, learner_a, sites, setting, model, data, field
):
    anonymous = client.get(edit_url(setting, sites["a"]))
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    client.force_login(learner_a)
    response = client.get(edit_url(setting, sites["a"]))
    assert response.status_code in (302, 403)
    assert (
        response.status_code == 403 or "/admin/settings/" not in response["Location"].split("?")[0]
    )


def test_the_portal_shows_the_name_its_editor_saved(client, editor_a, sites):
    client.force_login(editor_a)
    client.post(edit_url(BRANDING, sites["a"]), branding_data("Cổng học tập Thủ đô"))
    client.logout()

    assert "Cổng học tập Thủ đô" in client.get("/", **on(HOST_A)).content.decode()


def test_running_create_portal_again_gives_an_older_portals_editors_their_settings(
    client, editor_a, portal_a, sites
):
    portal_a.editors.site_permissions.all().delete()
    client.force_login(editor_a)
    assert refused(client.get(edit_url(BRANDING, sites["a"])))

    portal_create(province_code="01", hostname=HOST_A)

    assert client.get(edit_url(BRANDING, sites["a"])).status_code == 200
