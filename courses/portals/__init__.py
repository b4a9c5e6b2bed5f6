"""Provincial portals: a Wagtail site per province over one national course library.

* `services.portal_create` makes a portal (site, home page, catalog, editors' group, image
  collection, branding); `manage.py create_portal` and the admin's Portals screen call it.
* `selectors` answers what the national library holds (national courses and provincial
  courses shared nationally), which catalog a site has and what a catalog lists.
* `courses.models.pages`: a catalog routes a course it does not hold to the library, and
  library pages build their links on the request's host (`LibraryUrlMixin`).
* `admin` lists, creates and edits portals in the Wagtail admin.

The portal model itself (`home.models.Portal`) and its branding (`home.models.SiteBranding`)
belong to the site core, which reads them for every page. See docs/decisions/026-portals.md.
"""
