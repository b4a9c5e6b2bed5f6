"""Reads about linked identities: which a user has, and where the provider ends its session."""

import logging
from urllib.parse import urlsplit

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.utils.http import urlencode

from home.models import User

logger = logging.getLogger("elearn.accounts")

# The session keeps the last ID token a provider gave, for its sign-out (RP-initiated logout).
ID_TOKEN_SESSION_KEY = "oidc_sign_out"  # noqa: S105 (a session key, not a secret)


def identity_list(*, user: User) -> list[SocialAccount]:
    """The identities (provider and subject) linked to the account, oldest first."""
    return list(SocialAccount.objects.filter(user=user).order_by("pk"))


def identity_providers_configured() -> bool:
    """Whether OIDC_PROVIDERS names at least one provider."""
    return bool(settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS"))


def identity_provider_origins() -> list[str]:
    """The origins (scheme, host, port) of the configured providers' issuers."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    origins = []
    for app in apps:
        parts = urlsplit(app["settings"]["server_url"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


def user_has_identity(*, user: User) -> bool:
    return SocialAccount.objects.filter(user=user).exists()


def provider_sign_out_url(*, request, return_url: str) -> str:
    """Where to send a learner who signs out after signing in through a provider that offers
    RP-initiated logout (its `end_session_endpoint`); empty when there is none or it does not
    answer, and the local sign-out alone happens."""
    stash = request.session.get(ID_TOKEN_SESSION_KEY)
    if not stash:
        return ""
    try:
        provider = get_adapter(request).get_provider(request, stash["provider_id"])
        config = OpenIDConnectOAuth2Adapter(request, stash["provider_id"]).openid_config
    except (requests.RequestException, ValueError, LookupError) as error:
        logger.warning("no provider sign-out for %s: %s", stash["provider_id"], error)
        return ""
    endpoint = config.get("end_session_endpoint")
    if not endpoint:
        return ""
    query = {
        "id_token_hint": stash["id_token"],
        "client_id": provider.app.client_id,
        "post_logout_redirect_uri": return_url,
    }
    return f"{endpoint}?{urlencode(query)}"
