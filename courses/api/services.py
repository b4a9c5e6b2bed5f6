"""Writes on API tokens: create one (the only moment the token exists in clear), revoke one,
note its use.

A token is `bdhvs_` followed by 43 URL-safe characters (256 random bits); the database keeps
its SHA-256 hash, which is enough to find it again and useless to anyone who reads the table.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from courses.api.models import ApiToken

TOKEN_PREFIX = "bdhvs_"  # noqa: S105 - marks a token in logs and secret scanners
PREFIX_SHOWN = 10
LAST_USED_EVERY = dt.timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    """The saved token and, once only, its clear text."""

    token: ApiToken
    clear: str


def api_token_create(*, owner, name: str, expires_at: dt.datetime) -> CreatedToken:
    """A new token for `owner`; the clear text is returned here and nowhere else."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        name=name,
        expires_at=expires_at,
        key_hash=token_hash(clear),
        prefix=clear[:PREFIX_SHOWN],
    )
    return CreatedToken(token=token, clear=clear)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop the token at once (kept, with the date, so that the call log still names it)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def api_token_used(*, token: ApiToken, now: dt.datetime) -> None:
    """Note the token's last use, at most once a minute (one UPDATE, not one per call)."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
