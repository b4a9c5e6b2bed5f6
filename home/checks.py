"""System checks of the site core: a deployment's cache must be shared by its processes."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_configured(app_configs, **kwargs):
    """`check --deploy`: cached pages, routes, sessions and rate limits live in the cache;
    with a per-process cache every worker keeps its own copy and publishing reaches only one."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend}) is not shared between processes.",
            hint="Set CACHE_URL to Redis, e.g. redis://127.0.0.1:6379/1 (README, Configuration).",
            id="home.W001",
        )
    ]
