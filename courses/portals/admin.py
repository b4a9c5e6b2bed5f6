"""Portals in the Wagtail admin (Settings, "Provincial portals"), for national administrators:
list them, create one (through `services.portal_create`, as the command does) and move one
to another host. A portal's name, logo, colour and contact are its site's Organisation
settings; its pages are edited in the page explorer by its editors' group.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.portals.services import PortalError, portal_create, portal_host_check, portal_set_host
from courses.reports.admin import NationalAdministratorPolicy
from home.models import Portal, Province

register_permission_policy(Portal, NationalAdministratorPolicy(Portal), exact_class=True)


def _host_fields(form: forms.Form) -> None:
    form.fields["hostname"] = forms.CharField(
        label=_("Host name"),
        max_length=255,
        help_text=_("The address learners type, without http://, e.g. ha-noi.hocvuso.vn."),
    )
    form.fields["port"] = forms.IntegerField(
        label=_("Port"),
        min_value=1,
        max_value=65535,
        initial=443,
        help_text=_("443 for HTTPS in production; the development server's port locally."),
    )


class PortalCreateForm(forms.ModelForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=200,
        required=False,
        help_text=_("Shown in the header, e.g. “Bình dân học vụ số Hà Nội”."),
    )

    class Meta:
        model = Portal
        fields = ["province"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(portal__isnull=True)
        _host_fields(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hostname") and cleaned.get("port"):
            try:
                portal_host_check(
                    hostname=cleaned["hostname"].strip().lower(), port=cleaned["port"]
                )
            except PortalError as error:
                self.add_error("hostname", str(error))
        return cleaned


class PortalEditForm(forms.ModelForm):
    class Meta:
        model = Portal
        fields = []

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _host_fields(self)
        self.initial.update(hostname=self.instance.site.hostname, port=self.instance.site.port)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hostname") and cleaned.get("port"):
            try:
                portal_host_check(
                    hostname=cleaned["hostname"].strip().lower(),
                    port=cleaned["port"],
                    site=self.instance.site,
                )
            except PortalError as error:
                self.add_error("hostname", str(error))
        return cleaned


class PortalCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return portal_create(
            province_code=data["province"].code,
            hostname=data["hostname"],
            port=data["port"],
            display_name=data["display_name"],
            user=self.request.user,
        ).portal


class PortalEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return portal_set_host(portal=self.object, hostname=data["hostname"], port=data["port"])


class PortalViewSet(ModelViewSet):
    model = Portal
    icon = "site"
    menu_label = _("Provincial portals")
    add_to_settings_menu = True
    add_view_class = PortalCreateView
    edit_view_class = PortalEditView
    list_display = ["province", "site", "editors", "created_at"]
    search_fields = ["province__name", "site__hostname"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return PortalEditForm if for_update else PortalCreateForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Portal.objects.select_related("province", "site", "editors"), **kwargs
        )


portal_viewset = PortalViewSet("portals")
