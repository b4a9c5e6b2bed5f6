"""Who is calling the statistics API, and how often.

`TokenAuth` reads `Authorization: Bearer <token>`, finds the token by its hash and its owner's
scope (read again on every request, like the dashboard), and leaves both on the request;
anything else is a 401. `TokenRateThrottle` allows each token API_RATE_LIMIT calls a minute
(a counter in the shared cache per token and minute) and answers 429 beyond;
`ClientRateThrottle` allows anonymous callers of open data as many per client address, with the
counter of the public certificate check (`courses.certificates.throttle`).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from courses.api.selectors import api_token_find
from courses.api.services import api_token_used
from courses.certificates.throttle import client_id, throttle_allow
from courses.reports.scopes import scope_of

WINDOW_SECONDS = 60


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token made in the admin (Statistics, API tokens)."

    def authenticate(self, request, token):
        api_token = api_token_find(clear=(token or "").strip())
        if api_token is None:
            return None
        api_token_used(token=api_token, now=timezone.now())
        request.api_scope = scope_of(user=api_token.owner)
        return api_token


class TokenRateThrottle(BaseThrottle):
    """A fixed one-minute window per token: `cache.add` then `cache.incr`, which Redis does
    atomically, so every app node counts against the same limit."""

    def allow_request(self, request) -> bool:
        token = getattr(request, "auth", None)
        limit = settings.API_RATE_LIMIT
        if token is None or not limit:
            return True
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        self.wait_seconds = (window + 1) * WINDOW_SECONDS - now
        key = f"elearn:api:rate:{token.pk}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        try:
            calls = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
            calls = 1
        return calls <= limit

    def wait(self) -> float | None:
        return math.ceil(getattr(self, "wait_seconds", WINDOW_SECONDS))


class ClientRateThrottle(BaseThrottle):
    """API_RATE_LIMIT calls a minute per client address, for the endpoints without a token."""

    scope = "api-open"

    def allow_request(self, request) -> bool:
        limit = settings.API_RATE_LIMIT
        if not limit:
            return True
        now = time.time()
        self.wait_seconds = (int(now // WINDOW_SECONDS) + 1) * WINDOW_SECONDS - now
        return throttle_allow(
            scope=self.scope, client=client_id(request), limit=limit, window=WINDOW_SECONDS
        )

    def wait(self) -> float | None:
        return math.ceil(getattr(self, "wait_seconds", WINDOW_SECONDS))
