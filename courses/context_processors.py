from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from courses.portals.selectors import site_catalog_url


def navigation(request):
    """The URL of this site's catalog (national or a portal's) for the site menu, looked up
    only when a template uses it."""

    def catalog_url():
        site = Site.find_for_request(request)
        return (site_catalog_url(site=site) if site else None) or ""

    return {"catalog_url": SimpleLazyObject(catalog_url)}
