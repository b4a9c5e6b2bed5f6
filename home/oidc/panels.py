from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from home.oidc.selectors import identity_list


class LinkedIdentitiesPanel(Panel):
    """Read-only list of the identities (provider and subject) linked to the edited account,
    for the Wagtail user screens."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Linked identities"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "linked_identities"

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/oidc/linked_identities_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["identities"] = identity_list(user=instance) if instance.pk else []
            return context
