"""Authentication backends that read the signed-in user's row from the shared cache.

Django reads the user's row on every request that touches `request.user`. These backends are
Django's and allauth's, except that `get_user` keeps the row in the cache for a few minutes
under a per-user version that every save or delete of the user retires (`user_changed`, a
receiver). Django still checks the session's password hash against the row it gets, so a
password change (a save) signs out the user's other sessions on their next request. A write
that bypasses `save()` (a queryset update) is seen at most USER_CACHE_SECONDS later: call
`user_changed` after one. See docs/decisions/011-page-speed.md.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.cache import cache

from home.caching import key_version, key_versions_bump

# Part of the keys: raised when the user model's fields change (a release never reads a row
# pickled by the previous one).
USER_CACHE_FORMAT = 1
USER_CACHE_SECONDS = 300
VERSION_SECONDS = 24 * 3600


def _version_key(user_id) -> str:
    return f"elearn:user-version:{user_id}"


def user_changed(*, user_ids) -> None:
    """Retire the cached rows of these users (now and when the transaction commits)."""
    key_versions_bump((_version_key(pk) for pk in user_ids), timeout=VERSION_SECONDS)


def saved_or_deleted(*, sender, instance, **kwargs) -> None:
    """Receiver for every save and delete of a user."""
    if instance.pk is not None:
        user_changed(user_ids=[instance.pk])


class CachedUserMixin:
    def get_user(self, user_id):
        """The user with this id as the base backend returns it, from the cache when it was
        read since the user last changed; None (unknown or inactive) is not kept."""
        version = key_version(_version_key(user_id), timeout=VERSION_SECONDS)
        key = f"elearn:user:{USER_CACHE_FORMAT}:{user_id}:{version}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, timeout=USER_CACHE_SECONDS)
        return user


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    pass
