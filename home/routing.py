"""Wagtail routing in one query: the site of a host and the page of a path, from the cache.

Wagtail finds a page by walking the tree one path segment at a time (a query per level, plus
one for the specific page) after looking the site up in the database. On a module page that
is six queries and a third of the request's CPU. Here the site, the (page id, page type) of a
path and the live page itself are cached under the content version (`home.caching`), so a
page is served without reading the page tree at all. The result goes where Wagtail looks first
(`request._wagtail_site`, `request._wagtail_route_for_request`), so Wagtail's own serve view,
hooks, view restrictions and previews run unchanged. A path that is not a plain page (a
page type with its own `route`, an unknown path) falls back to Wagtail's routing.

A page type whose `route` depends on the published tree only may say so with
`cacheable_route = True`; its routes are cached too, also for paths below it that are not
its descendants (a portal's catalog serving a national course: decision 026). Routes are
keyed by site, so a path means what it means on the request's host only.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from home.caching import cached, versioned_key

PROBE_PATHS = frozenset({"/healthz", "/readyz"})


def site_for_request(request) -> Site | None:
    """The Wagtail site answering this host and port, as `Site.find_for_request` finds it."""
    key = versioned_key("site", request._get_raw_host(), request.get_port())
    return cached(key, lambda: Site._find_for_request(request))


def _plain_route(model) -> bool:
    return model is not None and (
        model.route is Page.route or getattr(model, "cacheable_route", False)
    )


def _route_entry(request, site: Site, path: str) -> tuple[int, int] | None:
    """(page id, content type id) of the live page at `path` on the site, when its route
    can be cached: a plain page under the site's root, or a page that an ancestor with a
    cacheable `route` leads to."""
    root_url_path = (
        Page.objects.filter(pk=site.root_page_id).values_list("url_path", flat=True).first() or ""
    )
    row = (
        Page.objects.filter(url_path=f"{root_url_path}{path}", live=True)
        .values_list("pk", "content_type_id")
        .first()
    )
    if row is None:
        return _routed_entry(request, root_url_path, path)
    if not _plain_route(ContentType.objects.get_for_id(row[1]).model_class()):
        return None
    return row


def _routed_entry(request, root_url_path: str, path: str) -> tuple[int, int] | None:
    """The page the deepest existing ancestor of `path` routes to, if that ancestor's route
    is cacheable and leads to a plain page (no arguments)."""
    components = [component for component in path.split("/") if component]
    prefixes = [
        root_url_path + "".join(f"{c}/" for c in components[:length])
        for length in range(1, len(components))
    ]
    if not root_url_path or not prefixes:
        return None
    ancestor = Page.objects.filter(url_path__in=prefixes).order_by("-depth").first()
    if ancestor is None or not _plain_route(ancestor.specific_class):
        return None
    if ancestor.specific_class.route is Page.route:
        return None  # a plain page owns all its paths: the direct lookup found nothing
    below = components[ancestor.url_path.count("/") - root_url_path.count("/") :]
    try:
        page, args, kwargs = ancestor.specific.route(request, below)
    except Http404:
        return None
    if args or kwargs or not _plain_route(type(page)):
        return None
    return page.pk, page.content_type_id


def route_for_path(request, site: Site, path: str) -> RouteResult | None:
    path = "/".join(component for component in path.split("/") if component)
    path = f"{path}/" if path else ""
    key = versioned_key("route", site.pk, path)
    entry = cached(key, lambda: _route_entry(request, site, path))
    if entry is None:
        return None
    page_id, content_type_id = entry
    page = cached(versioned_key("live-page", page_id), lambda: _live_page(content_type_id, page_id))
    if page is None:
        return None
    return RouteResult(page)


def _live_page(content_type_id: int, page_id: int) -> Page | None:
    """The live page, as its specific type. Cached whole under the content version: a page's
    published fields change only through publishing, moving or deleting it, which bump it."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    try:
        return model.objects.get(pk=page_id, live=True)
    except ObjectDoesNotExist:
        return None


class CachedRoutingMiddleware:
    """Give Wagtail the request's site and page route from the cache (see the module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PROBE_PATHS:
            # Liveness and readiness probes report on the cache and database themselves.
            return self.get_response(request)
        try:
            site = site_for_request(request)
        except DatabaseError:
            # The database is down: the view decides what to answer (/healthz says 503),
            # and Wagtail looks the site up again if the view needs one.
            site = None
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        site = getattr(request, "_wagtail_site", None)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        route = route_for_path(request, site, path)
        if route is not None:
            request._wagtail_route_for_request = route
        return None
