"""Portals serve the national library under the catalog's slug (/khoa-hoc/<course>/), so while
portals exist no catalog's slug may change: a portal editor's rename is refused with a
Vietnamese message and the library paths keep working on that portal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import rich_text

from home.factories import UserFactory
from tests.courses.portals.conftest import HOST_A, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_a(portal_a):
    user = UserFactory(email="bientap.hanoi@example.vn", commune=None)
    user.groups.add(portal_a.editors)
    return user


def edit_catalog(client, catalog, slug):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[catalog.pk]),
        {
            "title": catalog.title,
            "slug": slug,
            "intro": rich_text(""),
            "featured_courses-TOTAL_FORMS": "0",
            "featured_courses-INITIAL_FORMS": "0",
            "featured_courses-MIN_NUM_FORMS": "0",
            "featured_courses-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_a_portal_editor_cannot_rename_the_portal_catalog(
    client, editor_a, catalog_a, national_modules
):
    client.force_login(editor_a)
    with translation.override("vi"):
        response = edit_catalog(client, catalog_a, "khoa-hoc-ha-noi")

    assert response.status_code == 200
    assert "Mọi danh mục khóa học giữ địa chỉ “khoa-hoc”" in response.content.decode()
    catalog_a.refresh_from_db()
    assert catalog_a.slug == "khoa-hoc"
    client.logout()
    assert client.get("/khoa-hoc/ky-nang-so/bai-1/", **on(HOST_A)).status_code in (200, 302)


def test_a_portal_editor_may_still_edit_the_catalog_keeping_its_slug(client, editor_a, catalog_a):
    client.force_login(editor_a)

    response = edit_catalog(client, catalog_a, "khoa-hoc")

    assert response.status_code == 302
    catalog_a.refresh_from_db()
    assert catalog_a.slug == "khoa-hoc"


def test_the_national_catalog_keeps_its_slug_while_portals_exist(national_catalog, portal_a):
    national_catalog.slug = "thu-vien"

    with pytest.raises(ValidationError) as refused:
        national_catalog.save_revision().publish()

    assert "slug" in refused.value.message_dict


def test_without_portals_the_national_catalog_may_be_renamed(national_catalog, national_course):
    national_catalog.slug = "thu-vien"
    national_catalog.save_revision().publish()

    national_catalog.refresh_from_db()
    assert national_catalog.slug == "thu-vien"
