from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from home.services import learner_update_profile


class AccountAdapter(DefaultAccountAdapter):
    """Saves the learner profile collected by `home.forms.SignupForm` with the new account."""

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit and hasattr(form, "profile_data"):
            learner_update_profile(user=user, **form.profile_data())
        return user
