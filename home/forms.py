from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from home.models import Commune, LearnerGroup, Province
from home.selectors import (
    commune_list_for_province,
    phone_is_taken,
    portal_for_request,
    province_list,
)
from home.validators import normalise_full_name, normalise_phone, validate_vietnamese_phone

FULL_NAME_MAX_LENGTH = 150


class LearnerProfileFieldsMixin(forms.Form):
    """The learner's profile: name, place, group, work unit and phone.

    The commune list depends on the province. Without JavaScript the page is submitted with the
    "show communes" button and comes back with the list filled in; with JavaScript
    `home/js/commune-select.js` fills it in place. The commune arrives as its official code and
    is checked against the chosen province here, on the server.
    """

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=FULL_NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    province = forms.ChoiceField(label=_("Province or city"))
    # A CharField, not a ChoiceField: the code is checked against the database in clean_commune,
    # so that an unknown code and a commune of another province get their own messages.
    commune = forms.CharField(
        label=_("Commune, ward or special zone"),
        help_text=_("The commune where you live or work."),
        widget=forms.Select,
    )
    learner_group = forms.ChoiceField(
        label=_("Learner group"),
        choices=[("", _("— Choose your group —")), *LearnerGroup.choices],
    )
    work_unit = forms.CharField(
        label=_("Work unit (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: People's Committee of the commune."),
    )

    profile_field_names = (
        "full_name",
        "phone",
        "province",
        "commune",
        "learner_group",
        "work_unit",
    )

    def preselect_portal_province(self):
        """On a provincial portal a new learner most likely lives in its province: choose it
        for them (they can still choose another). Accounts are one for every portal."""
        request = allauth_context.request
        if self.is_bound or self.initial.get("province") or request is None:
            return
        portal = portal_for_request(request)
        if portal is not None:
            self.initial["province"] = portal.province.code

    def setup_place_fields(self):
        self.fields["province"].choices = [("", _("— Choose a province or city —"))] + [
            (p.code, p.full_name) for p in province_list()
        ]
        province_code = self.selected_province_code()
        communes = commune_list_for_province(province_code=province_code) if province_code else []
        self.fields["commune"].widget.choices = [("", _("— Choose a commune —"))] + [
            (c.code, c.name) for c in communes
        ]
        self.fields["commune"].widget.attrs.update(
            {"data-commune-select": "", "data-province-field": self["province"].auto_id}
        )

    def selected_province_code(self) -> str:
        if self.is_bound:
            return (self.data.get(self.add_prefix("province")) or "").strip()
        return self.initial.get("province") or ""

    def clean_full_name(self):
        name = normalise_full_name(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return name

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if not phone:
            return ""
        validate_vietnamese_phone(phone)
        phone = normalise_phone(phone)
        instance_user = getattr(self, "instance_user", None)
        if phone_is_taken(phone=phone, exclude_user_pk=instance_user.pk if instance_user else None):
            raise forms.ValidationError(
                _("This phone number is already used by another account."), code="phone_taken"
            )
        return phone

    def clean_province(self):
        return Province.objects.get(code=self.cleaned_data["province"])

    def clean_commune(self):
        code = self.cleaned_data["commune"]
        try:
            return Commune.objects.select_related("province").get(code=code)
        except Commune.DoesNotExist as error:
            raise forms.ValidationError(
                _("There is no commune with code “%(code)s”."),
                code="unknown_commune",
                params={"code": code},
            ) from error

    def clean(self):
        cleaned = super().clean()
        province, commune = cleaned.get("province"), cleaned.get("commune")
        if province and commune and commune.province_id != province.pk:
            self.add_error(
                "commune",
                forms.ValidationError(
                    _("%(commune)s is not in %(province)s. Choose a commune of that province."),
                    code="commune_outside_province",
                    params={"commune": commune.name, "province": province.full_name},
                ),
            )
        return cleaned

    def profile_data(self) -> dict:
        """The cleaned profile, in the shape `home.services.learner_update_profile` takes."""
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "phone": data["phone"],
            "learner_group": data["learner_group"],
            "work_unit": data["work_unit"].strip(),
            "commune": data["commune"],
        }


class SignupForm(LearnerProfileFieldsMixin, AllauthSignupForm):
    """allauth's e-mail sign-up plus the learner profile; the adapter saves the profile."""

    field_order = [
        "full_name",
        "email",
        "phone",
        "province",
        "commune",
        "learner_group",
        "work_unit",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preselect_portal_province()
        self.setup_place_fields()
        self.order_fields(self.field_order)

    def clean(self):
        """allauth checks the password against an account with the e-mail only; check it again
        with the full name, which the password validators compare it with too."""
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and not self.has_error("password1"):
            applicant = get_user_model()(
                email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or ""
            )
            try:
                get_adapter().clean_password(password, user=applicant)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(LearnerProfileFieldsMixin):
    def __init__(self, *args, user, **kwargs):
        self.instance_user = user
        kwargs.setdefault(
            "initial",
            {
                "full_name": user.full_name,
                "phone": user.phone,
                "province": user.commune.province.code if user.commune_id else "",
                "commune": user.commune.code if user.commune_id else "",
                "learner_group": user.learner_group,
                "work_unit": user.work_unit,
            },
        )
        super().__init__(*args, **kwargs)
        self.setup_place_fields()
