"""The sitemap of every host (`/sitemap.xml`): the site's own live public pages and the national
library, each at that host's address.

A portal serves the library in place (docs/decisions/026-portals.md), so its sitemap lists the
national courses and their modules under its own host; the national site lists the provincial
courses shared nationally under the national host. Asked with the request, a library page
answers with the request's site (`LibraryUrlMixin.get_url_parts`), so Wagtail's `location`
needs no change here.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from courses.portals.selectors import library


class PortalSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        pages = Q(path__startswith=site.root_page.path)
        pages = reduce(or_, (Q(path__startswith=path) for path in library().course_paths), pages)
        return (
            Page.objects.filter(pages)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
