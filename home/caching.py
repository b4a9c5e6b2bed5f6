"""Shared-cache helpers keyed on the site's content version.

Anything derived from published content (the site for a host name, the route of a path, a
course's outline, the footer's organisation, whole anonymous pages) is cached under a key
that carries the *content version*: one value in the shared cache that changes whenever
published content changes (a page published, unpublished, moved or deleted; a view
restriction, site or site setting saved). Changing the version retires every such entry at
once on every app node, without listing keys; old entries simply expire.

See docs/decisions/011-page-speed.md.
"""

import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

T = TypeVar("T")

CONTENT_VERSION_KEY = "elearn:content-version"
_MISSING = object()
# The content version as this request first read it (`version_per_request`): a page reads it
# a dozen times (route, page, outline, body, each chrome part), one round trip to the shared
# cache each, and one request must see one version anyway.
_request_version: ContextVar[dict | None] = ContextVar("elearn_request_version", default=None)


@contextmanager
def version_per_request():
    """Within it, `content_version()` reads the shared cache once (home.middleware)."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def content_version() -> str:
    """The current content version (created on first use)."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        if not cache.add(CONTENT_VERSION_KEY, version, timeout=None):
            version = cache.get(CONTENT_VERSION_KEY) or version
    if memo is not None:
        memo["version"] = version
    return version


def content_changed(**kwargs) -> None:
    """Retire every cached piece of published content (a signal receiver too)."""
    version = str(time.time_ns())
    cache.set(CONTENT_VERSION_KEY, version, timeout=None)
    memo = _request_version.get()
    if memo is not None:
        memo["version"] = version  # the request that changed it sees its own change


class VersionedKey(str):
    """A key under the content version (`versioned_key`): what it names never changes, a new
    version brings new keys. `cached` also keeps such entries in the process for a minute."""


def versioned_key(*parts) -> VersionedKey:
    return VersionedKey(":".join(["elearn", content_version(), *(str(part) for part in parts)]))


# Entries under versioned keys, kept in each process as well: a learner page reads a dozen
# (site, route, page, outline, body, state, the chrome's parts), each a round trip to Redis
# and an unpickling, most of a signed-in page's CPU with a remote cache. A minute at most, so
# an entry that Redis lets expire (a signed picture address) outlives it by a minute at most.
LOCAL_SECONDS = 60
LOCAL_ENTRIES = 2000
_local = LocMemCache("elearn-versioned", {"OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}})


def _shared_cache_is_remote() -> bool:
    """Only a cache in another process (Redis) gains from a copy in this one."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def local_cache_clear() -> None:
    """Forget the process's copies (tests that empty the shared cache empty this one too)."""
    _local.clear()


def cached(key: str, compute: Callable[[], T], *, timeout: int | None = 3600) -> T:
    """`compute()` once per key, kept in the shared cache (None is a value worth keeping);
    under a versioned key, kept in this process too for up to `LOCAL_SECONDS`."""
    local = isinstance(key, VersionedKey) and _shared_cache_is_remote()
    if local:
        value = _local.get(key, _MISSING)
        if value is not _MISSING:
            return value
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout=timeout)
    if local:
        _local.set(key, value, timeout=min(LOCAL_SECONDS, timeout or LOCAL_SECONDS))
    return value


def key_version(key: str, *, timeout: int) -> str:
    """The current token of a version kept under `key` (created on first use).

    A reader reads the token *before* the rows it caches under a key carrying that token; a
    writer changes the token (`key_versions_bump`) *after* writing. Rows read before a write
    then land under a token that is no longer read, whatever the order of the two requests.
    """
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, timeout=timeout):
            version = cache.get(key) or version
    return version


def key_versions_bump(keys: Iterable[str], *, timeout: int) -> None:
    """Give these versions new tokens now and, inside a transaction, again once it commits
    (a reader between the write and the commit still saw the old rows)."""
    keys = sorted(set(keys))
    if not keys:
        return

    def bump():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=timeout)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def connect_receivers() -> None:
    """Bump the content version whenever published content or its access rules change."""
    signals = {
        "published": page_published,
        "unpublished": page_unpublished,
        "moved": post_page_move,
        "slug_changed": page_slug_changed,
    }
    for name, signal in signals.items():
        signal.connect(content_changed, dispatch_uid=f"home.caching.page_{name}")
    for model in (Site, PageViewRestriction, "home.Portal", "courses.Topic"):
        name = model if isinstance(model, str) else model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"home.caching.save.{name}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"home.caching.del.{name}")
    # Deleting a page of any type deletes its row in wagtailcore_page too.
    post_delete.connect(content_changed, sender=Page, dispatch_uid="home.caching.page_deleted")
    post_save.connect(_saved, dispatch_uid="home.caching.saved")


# Fields a draft save, an autosave or a lock writes: they do not change what visitors see.
DRAFT_FIELDS = frozenset(
    {
        "comments",
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """A page saved outside a draft (created, edited in code, published) or a site setting."""
    if isinstance(instance, Page):
        if created or update_fields is None or not set(update_fields) <= DRAFT_FIELDS:
            content_changed()
    elif isinstance(instance, BaseSiteSetting | BaseGenericSetting) and not created:
        # A setting created on first read holds its defaults: visitors saw those already.
        content_changed()
