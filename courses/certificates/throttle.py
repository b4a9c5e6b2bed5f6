"""A small cache-based rate limit per client, for the public verification pages.

Fixed windows counted in the default cache (a shared one in production: `CACHE_URL`), keyed
by the client's address. Enough to make guessing 140-bit codes pointless and to keep
scrapers off; not a defence against a botnet.
"""

import hashlib
import time

from django.core.cache import cache


def client_id(request) -> str:
    """The client's address as the server saw it (the proxy must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def throttle_allow(*, scope: str, client: str, limit: int, window: int) -> bool:
    """Count one request; False once `client` made more than `limit` in this window."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    key = f"throttle:{scope}:{digest}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
