"""`manage.py create_portal` makes a portal once, repairs it when run again and refuses
unknown provinces and taken hosts with a clear message."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import GroupPagePermission, Page, Site

from courses.models import CourseIndexPage
from home.models import Portal, SiteBranding

pytestmark = pytest.mark.django_db


def create_portal(*args) -> str:
    """The command's output and refusals in English (their source text)."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("create_portal", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        Site.objects.count(),
        Page.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Portal.objects.count(),
    )


def test_it_creates_a_site_home_catalog_branding_and_editors(ha_noi, national_catalog):
    output = create_portal("--province", "01", "--hostname", "ha-noi.localhost", "--port", "8000")

    portal = Portal.objects.get(province=ha_noi)
    assert (portal.site.hostname, portal.site.port) == ("ha-noi.localhost", 8000)
    assert not portal.site.is_default_site
    home = portal.site.root_page.specific
    catalog = CourseIndexPage.objects.child_of(home).get()
    assert catalog.slug == national_catalog.slug and catalog.live
    assert home.cta_page_id == catalog.pk
    assert SiteBranding.for_site(portal.site).organisation_name == "Bình dân học vụ số Hà Nội"
    codenames = set(
        GroupPagePermission.objects.filter(group=portal.editors, page=home).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames
    assert portal.editors.permissions.filter(codename="access_admin").exists()
    assert "created" in output


def test_running_it_again_changes_nothing(ha_noi, national_catalog):
    create_portal("--province", "01", "--hostname", "ha-noi.localhost")
    before = snapshot()

    output = create_portal("--province", "01", "--hostname", "ha-noi.localhost")

    assert snapshot() == before
    assert "exists" in output


def test_running_it_again_restores_a_deleted_catalog(ha_noi, national_catalog):
    create_portal("--province", "01", "--hostname", "ha-noi.localhost")
    portal = Portal.objects.get()
    CourseIndexPage.objects.child_of(portal.site.root_page).get().delete()

    create_portal("--province", "01", "--hostname", "ha-noi.localhost")

    assert CourseIndexPage.objects.child_of(portal.site.root_page).exists()


def test_an_unknown_province_is_refused(db):
    with pytest.raises(CommandError, match="no province with code “99”"):
        create_portal("--province", "99", "--hostname", "x.localhost")
    assert not Portal.objects.exists()


def test_a_taken_host_is_refused(ha_noi, cao_bang, national_catalog):
    create_portal("--province", "01", "--hostname", "ha-noi.localhost")

    with pytest.raises(CommandError, match=r"ha-noi\.localhost:80 already answers"):
        create_portal("--province", "04", "--hostname", "ha-noi.localhost")
    assert not Portal.objects.filter(province=cao_bang).exists()


def test_the_national_host_is_refused(ha_noi, national_catalog):
    site = Site.objects.get(is_default_site=True)

    with pytest.raises(CommandError, match="already answers"):
        create_portal("--province", "01", "--hostname", site.hostname, "--port", str(site.port))


def test_a_second_host_for_a_province_is_refused(ha_noi, national_catalog):
    create_portal("--province", "01", "--hostname", "ha-noi.localhost")

    with pytest.raises(CommandError, match=r"already has a portal at ha-noi\.localhost"):
        create_portal("--province", "01", "--hostname", "hanoi.example.vn")
