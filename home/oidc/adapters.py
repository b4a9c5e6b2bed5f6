from allauth.account.utils import user_email
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db import transaction
from django.forms import ValidationError
from django.utils.translation import gettext_lazy as _

from home.oidc.services import sign_in_log
from home.selectors import portal_for_request
from home.validators import normalise_full_name


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Accounts from an identity provider's claims.

    The subject (`sub`) is the key (allauth's `uid`); the e-mail address is taken only when the
    provider says it is verified, and never links to an existing account by itself (settings:
    SOCIALACCOUNT_EMAIL_AUTHENTICATION off). The name is composed (NFC) like a typed one.
    """

    def pre_social_login(self, request, sociallogin):
        sociallogin.email_addresses = [a for a in sociallogin.email_addresses if a.verified]
        if not sociallogin.email_addresses:
            user_email(sociallogin.user, "")
        if sociallogin.is_existing:
            sign_in_log(
                request=request,
                event="provider",
                user=sociallogin.user,
                provider_id=sociallogin.account.provider,
            )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("last_name"), data.get("first_name")) if part
        )
        user.full_name = normalise_full_name(name or "")[:150]
        user.first_name = user.last_name = ""
        portal = portal_for_request(request) if request is not None else None
        user.portal_id = portal.pk if portal else None
        return user

    def get_signup_form_initial_data(self, sociallogin):
        verified = [a.email for a in sociallogin.email_addresses if a.verified]
        return {"email": verified[0] if verified else "", "full_name": sociallogin.user.full_name}

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        """The account, its profile and its linked identity, all or nothing."""
        user = super().save_user(request, sociallogin, form=form)
        sign_in_log(
            request=request,
            event="provider-signup",
            user=user,
            provider_id=sociallogin.account.provider,
        )
        return user

    def validate_disconnect(self, account, accounts):
        """A staff account that must use the provider keeps its last identity."""
        user = account.user
        if settings.OIDC_STAFF_REQUIRED and user.is_staff and len(accounts) <= 1:
            raise ValidationError(
                _("Staff accounts must keep a linked identity to sign in."), code="staff_required"
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        sign_in_log(
            request=request,
            event=" ".join(
                ["provider-failed", str(error or ""), type(exception).__name__ if exception else ""]
            ).strip(),
            provider_id=getattr(getattr(provider, "app", None), "provider_id", ""),
        )
