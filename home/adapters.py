from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.db import transaction

from home.services import learner_update_profile


@dataclass(frozen=True)
class MailSite:
    """What allauth's e-mails call `current_site`: the platform's name, not the host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Saves the learner profile collected by `home.forms.SignupForm` with the new account, and
    names the platform in e-mails (without django.contrib.sites allauth would use the host)."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        site = MailSite(name=settings.WAGTAIL_SITE_NAME, domain=domain)
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit and hasattr(form, "profile_data"):
            learner_update_profile(user=user, **form.profile_data())
        return user
