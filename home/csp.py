"""Content-Security-Policy for the site's pages (Django 5.2 has no built-in CSP).

The public site gets a strict policy: scripts only from our own static files (no inline
script anywhere in our templates), no plugins, forms and frames only to ourselves, to the H5P
player origin and to the video hosts in `CSP_FRAME_SOURCES` (forms also to the identity
providers of `OIDC_PROVIDERS`, where sign-in and sign-out redirect); images and media also
from the bucket's origin with `MEDIA_STORAGE=s3`. Styles allow 'unsafe-inline' because progress
bars, Wagtail's responsive embeds and the error page use style attributes.
The Wagtail admin, which relies on inline scripts of its own, gets a short policy that only
forbids plugins, foreign <base> URLs and framing by other sites. A response that already
carries a policy (the sandboxed H5P player and its files) keeps its own. `frame-ancestors`
follows the X-Frame-Options header the response ends up with, so Wagtail's previews (which
allow SAMEORIGIN) keep working and everything else stays DENY.
"""

from django.conf import settings
from django.urls import reverse

from home.oidc.selectors import identity_provider_origins
from home.storage import media_origin

HEADER = "Content-Security-Policy"


def _frame_ancestors(response) -> list[str]:
    option = (response.get("X-Frame-Options") or "").upper()
    if option == "DENY":
        return ["'none'"]
    if option == "SAMEORIGIN":
        return ["'self'"]
    return []


def player_origin() -> str:
    """The separate origin of the H5P player, or "" when it is served from the site itself."""
    return (settings.H5P_PLAYER_ORIGIN or "").rstrip("/")


def site_policy(response) -> dict[str, list[str]]:
    """The directives for a page of the public site."""
    frames = ["'self'", *filter(None, [player_origin()]), *settings.CSP_FRAME_SOURCES]
    media = list(filter(None, [media_origin()]))  # the bucket's, with MEDIA_STORAGE=s3
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", *media, "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", *media, "blob:"],
        "connect-src": ["'self'"],
        "frame-src": frames,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The sign-in and sign-out buttons post here, and are redirected to the providers.
        "form-action": ["'self'", *identity_provider_origins()],
    }
    ancestors = _frame_ancestors(response)
    if ancestors:
        policy["frame-ancestors"] = ancestors
    return policy


def admin_policy(response) -> dict[str, list[str]]:
    """The directives for the Wagtail admin, whose own templates use inline scripts."""
    policy = {"object-src": ["'none'"], "base-uri": ["'self'"]}
    ancestors = _frame_ancestors(response)
    if ancestors:
        policy["frame-ancestors"] = ancestors
    return policy


def serialize(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds the site or admin policy to every response that has none yet."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def admin_prefix(self) -> str:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER in response:
            return response
        if settings.DEBUG and response.status_code >= 500:
            return response  # Django's technical error page has inline scripts
        if request.path.startswith(self.admin_prefix()):
            policy = admin_policy(response)
        else:
            policy = site_policy(response)
        response[HEADER] = serialize(policy)
        return response
