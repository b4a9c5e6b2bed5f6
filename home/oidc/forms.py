from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm

from home.forms import LearnerProfileFieldsMixin


class SocialSignupForm(LearnerProfileFieldsMixin, AllauthSocialSignupForm):
    """The first sign-in through a provider: the learner profile of the sign-up page (province
    and commune with the same picker), the name and verified e-mail filled in from the claims.
    Nothing is saved before this form is valid; the adapter saves the profile with the account.
    `typed` carries what was typed when the no-JavaScript commune step sends the form back."""

    field_order = [
        "full_name",
        "email",
        "phone",
        "province",
        "commune",
        "learner_group",
        "work_unit",
    ]

    def __init__(self, *args, typed: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if typed:
            self.initial.update(typed)
        self.preselect_portal_province()
        self.setup_place_fields()
        self.order_fields(self.field_order)
