from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from home.oidc.selectors import provider_sign_out_url
from home.oidc.services import (
    id_token_forget,
    sign_in_log,
    staff_must_link,
    staff_password_refused,
)
from home.selectors import portal_for_request
from home.services import learner_update_profile


@dataclass(frozen=True)
class MailSite:
    """What allauth's e-mails call `current_site`: the platform's name, not the host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Saves the learner profile collected by `home.forms.SignupForm` with the new account,
    names the platform in e-mails (without django.contrib.sites allauth would use the host),
    and applies the identity-provider rules to every sign-in and sign-out (home/oidc/)."""

    def pre_login(self, request, user, **kwargs):
        """A password (or e-mail code) sign-in of a staff account that must use its provider
        is refused and logged; it also forgets a provider's ID token left in the session."""
        if not (kwargs.get("signal_kwargs") or {}).get("sociallogin"):
            id_token_forget(request=request)
            if staff_password_refused(user=user):
                sign_in_log(request=request, event="password-refused", user=user)
                messages.error(request, _("Staff accounts sign in through the identity provider."))
                return redirect("account_login")
            if staff_must_link(user=user):
                messages.warning(
                    request,
                    _(
                        "Staff accounts must sign in through the identity provider: link yours "
                        "under My profile, Linked identities."
                    ),
                )
        return super().pre_login(request, user, **kwargs)

    def get_logout_redirect_url(self, request):
        """After signing in through a provider that supports it, sign-out ends the provider's
        session too and the provider sends the learner back here."""
        home = super().get_logout_redirect_url(request)
        return (
            provider_sign_out_url(request=request, return_url=request.build_absolute_uri(home))
            or home
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        site = MailSite(name=settings.WAGTAIL_SITE_NAME, domain=domain)
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        portal = portal_for_request(request) if request is not None else None
        user.portal_id = portal.pk if portal else None
        user = super().save_user(request, user, form, commit=commit)
        if commit and hasattr(form, "profile_data"):
            learner_update_profile(user=user, **form.profile_data())
        return user
