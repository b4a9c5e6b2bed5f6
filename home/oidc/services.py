"""The rules around signing in with a provider: which staff must use it, and the sign-in log.

`staff_password_refused` is the one place that says whether a staff account may still use its
password; `sign_in_log` writes one line per provider sign-in, refusal or failure on the
`elearn.accounts` logger (user id, provider, client address; never a token or a name).
"""

import logging

from django.conf import settings

from home.models import User
from home.oidc.selectors import ID_TOKEN_SESSION_KEY, user_has_identity

logger = logging.getLogger("elearn.accounts")


def staff_password_refused(*, user: User) -> bool:
    """With OIDC_STAFF_REQUIRED, a staff account that has a linked identity signs in only
    through its provider. A staff account without one may still use its password, to link one
    (docs/decisions/018-oidc-sign-in.md)."""
    return bool(settings.OIDC_STAFF_REQUIRED and user.is_staff and user_has_identity(user=user))


def staff_must_link(*, user: User) -> bool:
    """With OIDC_STAFF_REQUIRED, a staff account that still signs in with its password because
    it has no linked identity yet: it is asked to link one."""
    return bool(settings.OIDC_STAFF_REQUIRED and user.is_staff and not user_has_identity(user=user))


def sign_in_log(*, request, event: str, user: User | None = None, provider_id: str = "") -> None:
    logger.info(
        "sign-in %s user=%s staff=%s provider=%s client=%s",
        event,
        user.pk if user else "-",
        bool(user and user.is_staff),
        provider_id or "-",
        request.META.get("REMOTE_ADDR", ""),
    )


def id_token_remember(*, request, provider_id: str, id_token: str) -> None:
    """Keep the provider's ID token in the session for its sign-out (`id_token_hint`)."""
    request.session[ID_TOKEN_SESSION_KEY] = {"provider_id": provider_id, "id_token": id_token}


def id_token_forget(*, request) -> None:
    request.session.pop(ID_TOKEN_SESSION_KEY, None)
