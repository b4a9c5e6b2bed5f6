"""Certificates in the Wagtail admin: list, search, inspect, revoke and re-issue.

Certificates are made by the system, so nobody adds, edits or deletes one by hand. Viewing
(and downloading the PDF) needs `courses.view_certificate`; revoking and re-issuing need
`courses.change_certificate`. Superusers have both. Registered in `courses.wagtail_hooks`.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.certificates.codes import code_normalise
from courses.certificates.services import (
    CertificateError,
    certificate_reissue,
    certificate_revoke,
)
from courses.models import Certificate


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """No hand-made writes; "revoke" and "reissue" ride on the change permission."""

    generic_writes = frozenset({"add", "change", "delete"})
    actions = {"revoke": "change", "reissue": "change"}

    def user_has_permission(self, user, action):
        if action in self.generic_writes:
            return False
        return super().user_has_permission(user, self.actions.get(action, action))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        wanted = {self.actions.get(a, a) for a in actions if a not in self.generic_writes}
        return super().users_with_any_permission(wanted)


certificate_policy = CertificatePermissionPolicy(Certificate)
register_permission_policy(Certificate, certificate_policy, exact_class=True)


class CertificateButtonsMixin:
    """Revoke, re-issue and download links for one certificate, as the user may use them."""

    revoke_url_name = None
    reissue_url_name = None

    def certificate_actions(self, certificate) -> list[tuple[str, str, str]]:
        actions = []
        if certificate.has_pdf:
            url = reverse("certificate_download", args=[certificate.display_code])
            actions.append((_("Download PDF"), url, "download"))
        if certificate.is_valid and self.user_has_permission("revoke"):
            actions.append(
                (_("Re-issue"), reverse(self.reissue_url_name, args=[certificate.pk]), "repeat")
            )
            actions.append(
                (_("Revoke"), reverse(self.revoke_url_name, args=[certificate.pk]), "cross")
            )
        return actions


class CertificateIndexView(CertificateButtonsMixin, IndexView):
    def search_queryset(self, queryset):
        # A code pasted with dashes or in lower case finds its certificate.
        if self.search_query and (code := code_normalise(self.search_query)):
            return queryset.filter(code=code)
        return super().search_queryset(queryset)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(self.certificate_actions(instance), 40):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class CertificateInspectView(CertificateButtonsMixin, InspectView):
    @property
    def header_more_buttons(self):
        return [
            Button(label, url=url, icon_name=icon, priority=priority)
            for priority, (label, url, icon) in enumerate(self.certificate_actions(self.object))
        ]

    def get_code_display_value(self):
        return self.object.display_code

    def get_replaced_by_display_value(self):
        return self.object.replaced_by.display_code if self.object.replaced_by else "-"


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Kept in the admin; the public check page only says that it was revoked."),
    )


class ReissueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Replace this certificate by a new one with the name on the learner's profile"),
    )


class CertificateActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """A confirmation form for one action on one certificate."""

    model = Certificate
    template_name = "courses/certificates/admin/action.html"
    header_icon = "doc-full"
    index_url_name = None
    inspect_url_name = None
    submit_button_label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Certificate.objects.select_related("learner"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Certificate._meta.verbose_name_plural},
            {
                "url": reverse(self.inspect_url_name, args=[self.object.pk]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            certificate=self.object,
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            profile_name=self.object.learner.full_name if self.object.learner else "",
        )
        return context

    def form_valid(self, form):
        try:
            result = self.perform(form.cleaned_data)
        except CertificateError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(result))
        return redirect(self.inspect_url_name, result.pk)


class CertificateRevokeView(CertificateActionView):
    permission_required = "revoke"
    form_class = RevokeForm
    page_title = _("Revoke certificate")
    submit_button_label = _("Revoke")

    def perform(self, data):
        return certificate_revoke(
            certificate=self.object, reason=data["reason"], by=self.request.user
        )

    def success_message(self, result):
        return _("Certificate %(code)s revoked.") % {"code": result.display_code}


class CertificateReissueView(CertificateActionView):
    permission_required = "reissue"
    form_class = ReissueForm
    page_title = _("Re-issue certificate")
    submit_button_label = _("Re-issue")

    def perform(self, data):
        return certificate_reissue(certificate=self.object, by=self.request.user)

    def success_message(self, result):
        return _(
            "New certificate %(code)s issued to %(name)s; the old code now says it was replaced."
        ) % {
            "code": result.display_code,
            "name": result.learner_name,
        }


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["revocation_reason"]  # required by ModelViewSet; the edit view is refused
    list_display = [
        "learner_name",
        "course_title",
        Column("display_code", label=_("Verification code")),
        "status",
        "province_name",
        "issued_at",
    ]
    list_filter = ["status", "issued_at"]
    search_fields = ["learner_name", "course_title", "learner__email", "province_name"]
    search_backend_name = None
    list_per_page = 50
    inspect_view_fields = [
        "code",
        "status",
        "learner_name",
        "learner",
        "course_title",
        "course",
        "completed_on",
        "commune_name",
        "province_name",
        "issued_at",
        "rendered_at",
        "pdf_sha256",
        "revoked_at",
        "revocation_reason",
        "replaced_at",
        "replaced_by",
        "changed_by",
    ]

    def get_queryset(self, request):
        return Certificate.objects.select_related("learner", "course", "replaced_by")

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"),
            reissue_url_name=self.get_url_name("reissue"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "revoke/<int:pk>/",
                self.construct_view(CertificateRevokeView),
                name="revoke",
            ),
            path(
                "reissue/<int:pk>/",
                self.construct_view(CertificateReissueView),
                name="reissue",
            ),
        ]


certificate_viewset = CertificateViewSet("certificates")
