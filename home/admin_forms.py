"""The Wagtail admin's user forms for our User.

Wagtail's own forms ask for a first and a last name; our accounts have one full name (Vietnamese
names do not split into Western first and last names) and the learner profile instead. The
commune is not saved by the form: the admin views pass it to `home.services.learner_set_commune`
so that the move is recorded, as it is for a learner who changes it on the profile page.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from home.choosers import CommuneChooserWidget
from home.forms import FULL_NAME_MAX_LENGTH
from home.models import Commune
from home.selectors import phone_is_taken
from home.validators import normalise_full_name, normalise_phone, validate_vietnamese_phone

ACCOUNT_FIELDS = ["email", "full_name", "phone", "learner_group", "work_unit"]


class LearnerAccountFieldsMixin(forms.Form):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=FULL_NAME_MAX_LENGTH)
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=20)
    commune = forms.ModelChoiceField(
        label=_("Commune, ward or special zone"),
        queryset=Commune.objects.select_related("province"),
        required=False,
        widget=CommuneChooserWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("commune", self.instance.commune_id)

    def clean_email(self):
        # allauth stores addresses in lower case; an account made here must match on login.
        return self.cleaned_data["email"].strip().lower()

    def clean_full_name(self):
        return normalise_full_name(self.cleaned_data["full_name"])

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if not phone:
            return ""
        validate_vietnamese_phone(phone)
        phone = normalise_phone(phone)
        if phone_is_taken(phone=phone, exclude_user_pk=self.instance.pk):
            raise forms.ValidationError(
                _("This phone number is already used by another account."), code="phone_taken"
            )
        return phone


class LearnerUserCreationForm(LearnerAccountFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = [*ACCOUNT_FIELDS, "is_superuser", "groups"]


class LearnerUserEditForm(LearnerAccountFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = [*ACCOUNT_FIELDS, "is_active", "is_superuser", "groups"]
