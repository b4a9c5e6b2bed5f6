"""The admin form of an H5P activity: a package upload when it is created, its title after.

The form only parses input; `quizzes.h5p.services.h5p_activity_create` checks and installs the
package (called by the admin's create view in `quizzes.wagtail_hooks`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class H5PActivityAdminForm(WagtailAdminModelForm):
    package = forms.FileField(
        label=_("H5P package (.h5p)"),
        help_text=_(
            "A package exported from H5P. Packages that need a library not installed yet are "
            "accepted from administrators only."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["package"]
        else:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to use the title in the package.")
