"""The address of the request being served, for certificates made during it (development).

In development CERTIFICATE_BASE_URL is usually unset and the site may run on any port
(`PORT=8080 make run`, `runserver 0.0.0.0:9000`): the QR code and printed address then use the
address the learner reached the site at. Certificates rendered in-process right after the
learner completes a course are asked for inside that request, which hands the address on to
the task (`certificate_render_enqueue`). Production sets CERTIFICATE_BASE_URL.
"""

import contextlib
from contextvars import ContextVar

from django.conf import settings

request_address: ContextVar[str | None] = ContextVar("request_address", default=None)
# The Wagtail site (a provincial portal or the national one) the request came to: a
# certificate issued during it carries that portal's issuer (docs/decisions/026-portals.md).
request_site_id: ContextVar[int | None] = ContextVar("request_site_id", default=None)


class RequestAddressMiddleware:
    """Remember "scheme://host[:port]" of the request while it is served, when
    CERTIFICATE_BASE_URL is not set, and the site it came to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = getattr(request, "_wagtail_site", None)
        site_token = request_site_id.set(site.pk if site is not None else None)
        try:
            if settings.CERTIFICATE_BASE_URL:
                return self.get_response(request)
            token = request_address.set(f"{request.scheme}://{request.get_host()}")
            try:
                return self.get_response(request)
            finally:
                request_address.reset(token)
        finally:
            request_site_id.reset(site_token)


@contextlib.contextmanager
def request_address_used(address: str | None):
    """Make certificates rendered inside the block use `address` (when given)."""
    if not address:
        yield
        return
    token = request_address.set(address)
    try:
        yield
    finally:
        request_address.reset(token)
