"""National administrators list, create and move portals in the admin; nobody else may."""

import pytest
from django.urls import reverse

from home.factories import UserFactory
from home.models import Portal
from tests.courses.portals.conftest import HOST_A, HOST_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return UserFactory(email="quantri@example.vn", is_staff=True, is_superuser=True)


def test_an_administrator_creates_a_portal_in_the_admin(
    client, administrator, ha_noi, national_catalog
):
    client.force_login(administrator)

    response = client.post(
        reverse("portals:add"),
        {"province": ha_noi.pk, "hostname": HOST_A, "port": 8000, "display_name": "Hà Nội học số"},
    )

    assert response.status_code == 302
    portal = Portal.objects.get(province=ha_noi)
    assert (portal.site.hostname, portal.site.port) == (HOST_A, 8000)
    assert portal.created_by == administrator
    assert portal.editors is not None


def test_a_taken_host_is_refused_on_the_form(client, administrator, portal_a, cao_bang):
    client.force_login(administrator)

    response = client.post(
        reverse("portals:add"), {"province": cao_bang.pk, "hostname": HOST_A, "port": 80}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["hostname"]
    assert not Portal.objects.filter(province=cao_bang).exists()


def test_an_administrator_moves_a_portal_to_another_host(client, administrator, portal_a):
    client.force_login(administrator)

    response = client.post(
        reverse("portals:edit", args=[portal_a.pk]), {"hostname": HOST_B, "port": 8080}
    )

    assert response.status_code == 302
    portal_a.site.refresh_from_db()
    assert (portal_a.site.hostname, portal_a.site.port) == (HOST_B, 8080)


def test_a_portal_editor_cannot_open_the_portals_screen(client, portal_a):
    editor = UserFactory(email="bientap@example.vn", is_staff=True)
    editor.groups.add(portal_a.editors)
    client.force_login(editor)

    response = client.get(reverse("portals:index"))

    assert response.status_code in (302, 403)
