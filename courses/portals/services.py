"""Write-side of provincial portals: create one, change its host.

`portal_create` is idempotent: run again for the same province and host it repairs what is
missing (catalog, group, permissions) and changes nothing else. It refuses an unknown
province, a host name (with port) that another site answers, and a province that already has
a portal elsewhere. Everything is written in one transaction.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

from courses.models import CertificateSettings, CourseIndexPage
from courses.portals.selectors import library
from home.models import HomePage, Portal, Province, SiteBranding
from home.text import ascii_slug

DEFAULT_CATALOG_SLUG = "khoa-hoc"
# What a portal's editors may do on their own home page and everything below it.
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)
# The site settings a portal's editors change for their own site only: its name, logo, colour
# and contact, and its certificates' issuer (Wagtail's per-site setting permissions).
EDITOR_SITE_PERMISSIONS = (
    ("home", "change_sitebranding"),
    ("courses", "change_certificatesettings"),
)


class PortalError(Exception):
    """A refused portal change; `str(error)` says why, for the command or the admin form."""


@dataclass(frozen=True)
class PortalResult:
    portal: Portal
    created: bool


def _province(code: str) -> Province:
    province = Province.objects.filter(code=code.strip()).first()
    if province is None:
        raise PortalError(
            _(
                "There is no province with code “%(code)s”. Run manage.py load_places first, or "
                "check the code (two digits, e.g. 01 for Hà Nội)."
            )
            % {"code": code}
        )
    return province


def portal_host_check(*, hostname: str, port: int, site: Site | None = None) -> None:
    """Refuse (PortalError) a host name and port that a site other than `site` answers."""
    taken = Site.objects.filter(hostname=hostname, port=port)
    if site is not None:
        taken = taken.exclude(pk=site.pk)
    holder = taken.first()
    if holder is not None:
        raise PortalError(
            _(
                "%(host)s:%(port)s already answers for the site “%(site)s”. Choose another host "
                "name or port."
            )
            % {"host": hostname, "port": port, "site": holder.site_name or holder.hostname}
        )


def _catalog_slug() -> str:
    national = library().national_catalog_path
    if national:
        slug = Page.objects.filter(path=national).values_list("slug", flat=True).first()
        if slug:
            return slug
    return DEFAULT_CATALOG_SLUG


def _home_page(*, province: Province, display_name: str) -> HomePage:
    root = Page.get_first_root_node()
    slug = f"cong-{ascii_slug(province.name)}"
    home = HomePage.objects.child_of(root).filter(slug=slug).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=display_name,
                slug=slug,
                hero_title=display_name,
                cta_label=_("Start learning"),
            )
        )
        home.save_revision().publish()
    return home


def _catalog(*, home: HomePage) -> CourseIndexPage:
    catalog = CourseIndexPage.objects.child_of(home).first()
    if catalog is None:
        catalog = home.add_child(instance=CourseIndexPage(title=_("Courses"), slug=_catalog_slug()))
        catalog.save_revision().publish()
    if home.cta_page_id is None:
        home.cta_page = catalog
        home.save_revision().publish()
    return catalog


def _editors(*, province: Province, display_name: str, home: HomePage, site: Site) -> Group:
    """The portal's editors: the admin, their own page tree, their own image collection and
    their own site's settings."""
    name = _("Portal editors: %(province)s") % {"province": province.full_name}
    group = Group.objects.filter(portal__province=province).first()
    if group is None:
        group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    for app_label, codename in EDITOR_SITE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)
    root_collection = Collection.get_first_root_node()
    collection = (
        Collection.objects.filter(group_permissions__group=group).first()
        or root_collection.get_children().filter(name=display_name).first()
    )
    if collection is None:
        collection = root_collection.add_child(instance=Collection(name=display_name))
    for app_label, codenames in EDITOR_COLLECTION_PERMISSIONS:
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    return group


@transaction.atomic
def portal_create(
    *, province_code: str, hostname: str, port: int = 80, display_name: str = "", user=None
) -> PortalResult:
    """The province's portal on `hostname:port`: created, or repaired when it exists there.

    Makes a Wagtail site with its own home page and catalog (the catalog lists the national
    library too), the site's branding and certificate issuer (its name, the province as
    place of issue), and a group whose members edit that home page
    and everything below it, upload images and documents to the portal's own collection, and
    change their own site's Organisation and Certificates settings (not another site's).
    """
    province = _province(province_code)
    hostname = hostname.strip().lower()
    if not hostname:
        raise PortalError(_("Give the portal a host name, e.g. ha-noi.hocvuso.vn."))
    portal = Portal.objects.select_related("site").filter(province=province).first()
    if portal is not None and (portal.site.hostname, portal.site.port) != (hostname, port):
        raise PortalError(
            _(
                "%(province)s already has a portal at %(host)s:%(port)s. Change its host in the "
                "admin's Portals screen instead."
            )
            % {
                "province": province.full_name,
                "host": portal.site.hostname,
                "port": portal.site.port,
            }
        )
    portal_host_check(hostname=hostname, port=port, site=portal.site if portal else None)
    display_name = display_name.strip() or f"Bình dân học vụ số {province.name}"

    with translation.override(settings.LANGUAGE_CODE):
        # Page titles and the group's name are content, in the site's language, also when
        # a management command (which runs without a language) calls this.
        return _portal_write(
            province=province,
            portal=portal,
            hostname=hostname,
            port=port,
            display_name=display_name,
            user=user,
        )


def _portal_write(*, province, portal, hostname, port, display_name, user) -> PortalResult:
    if portal is None:
        home = _home_page(province=province, display_name=display_name)
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, site_name=display_name
        )
        branding = SiteBranding.for_site(site)
        branding.organisation_name = display_name
        branding.save()
        issuer = CertificateSettings.for_site(site)
        issuer.issuing_organisation = display_name
        issuer.place = province.name
        issuer.save()
    else:
        site = portal.site
        home = site.root_page.specific
    _catalog(home=home)
    group = _editors(province=province, display_name=display_name, home=home, site=site)
    if portal is None:
        portal = Portal.objects.create(province=province, site=site, editors=group, created_by=user)
        return PortalResult(portal=portal, created=True)
    if portal.editors_id != group.pk:
        portal.editors = group
        portal.save(update_fields=["editors"])
    return PortalResult(portal=portal, created=False)


@transaction.atomic
def portal_set_host(*, portal: Portal, hostname: str, port: int) -> Portal:
    """Move a portal to another host name or port (refused when another site answers it)."""
    hostname = hostname.strip().lower()
    portal_host_check(hostname=hostname, port=port, site=portal.site)
    site = portal.site
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return portal
