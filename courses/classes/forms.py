from django import forms
from django.utils.translation import gettext_lazy as _


class ClassSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
