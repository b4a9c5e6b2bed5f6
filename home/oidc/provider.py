"""allauth's OpenID Connect provider with every ID token verified.

allauth skips the signature check of an ID token that came straight from the token endpoint
(OpenID Connect Core allows it over TLS) and sends no nonce. We check both: the signature
against the provider's published keys, and a nonce derived from the single-use `state`, so an
ID token is accepted only for the sign-in it was issued for. The userinfo answer must name the
same subject as the ID token.
"""

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider as AllauthOpenIDConnectProvider,
)
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import get_request_param
from django.utils.crypto import constant_time_compare, salted_hmac

from home.oidc.services import id_token_remember


def nonce_for(state_id: str) -> str:
    """The nonce sent with the sign-in whose state is `state_id`: only this site can make it,
    and the state is kept in the learner's session and used once."""
    return salted_hmac("home.oidc.nonce", state_id, algorithm="sha256").hexdigest()


class NonceClient(OAuth2Client):
    """Adds the nonce to the authorization request."""

    def get_redirect_url(self, authorization_url, scope, extra_params):
        return super().get_redirect_url(
            authorization_url, scope, {**extra_params, "nonce": nonce_for(self.state)}
        )


class OpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    client_class = NonceClient

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The token endpoint gave no ID token")
        login = super().complete_login(request, app, token, **kwargs)
        data = login.account.extra_data
        if "userinfo" in data and data["userinfo"].get("sub") != data["id_token"]["sub"]:
            raise OAuth2Error("userinfo and ID token name different subjects")
        id_token_remember(
            request=request, provider_id=self.provider_id, id_token=kwargs["response"]["id_token"]
        )
        return login

    def _decode_id_token(self, app, id_token: str) -> dict:
        data = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        state_id = get_request_param(self.request, "state") or ""
        if not constant_time_compare(str(data.get("nonce", "")), nonce_for(state_id)):
            raise OAuth2Error("The ID token's nonce does not match this sign-in")
        return data


class OpenIDConnectProvider(AllauthOpenIDConnectProvider):
    """allauth's provider (same id, URLs and settings) with `OpenIDConnectAdapter`."""

    oauth2_adapter_class = OpenIDConnectAdapter
