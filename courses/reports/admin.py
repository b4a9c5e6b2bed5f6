"""The statistics in the Wagtail admin: the "Statistics" menu, its URLs and two viewsets.

Registered by `courses/wagtail_hooks.py`. The dashboard and exports are open to every user
with a scope and show only that scope; completion targets and manager scopes are managed by
national administrators only.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.models import ManagerScope, Target
from courses.reports import views
from courses.reports.scopes import scope_for_request, scope_of
from courses.reports.services import manager_scope_remove, manager_scope_set
from home.choosers import CommuneChooserWidget


class NationalAdministratorPolicy(BasePermissionPolicy):
    """Every action is allowed to national administrators only (superusers or national scope)."""

    def user_has_permission(self, user, action):
        scope = scope_of(user=user)
        return scope is not None and scope.is_national

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(manager_scope__level=ManagerScope.Level.NATIONAL))
        )


target_policy = NationalAdministratorPolicy(Target)
scope_policy = NationalAdministratorPolicy(ManagerScope)
register_permission_policy(Target, target_policy, exact_class=True)
register_permission_policy(ManagerScope, scope_policy, exact_class=True)


class TargetForm(WagtailAdminModelForm):
    """A Wagtail admin form, so that the commune is picked with the commune chooser: a plain
    model form listed every commune (3,321 options, a query for each one's province)."""

    class Meta:
        model = Target
        fields = ["commune", "course", "learner_group", "expected_completions"]
        widgets = {"commune": CommuneChooserWidget, "course": forms.Select}


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "crosshairs"
    menu_label = _("Completion targets")
    list_display = ["commune", "course", "learner_group", "expected_completions", "updated_at"]
    list_filter = ["learner_group", "commune__province"]
    search_fields = ["commune__code", "commune__name"]
    search_backend_name = None
    list_per_page = 50
    form_fields = ["commune", "course", "learner_group", "expected_completions"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return TargetForm

    def get_index_view_kwargs(self, **kwargs):
        # ModelViewSet has no get_queryset(request): the listing takes its queryset from here.
        return super().get_index_view_kwargs(
            queryset=Target.objects.select_related("commune__province", "course"), **kwargs
        )


class ManagerScopeForm(WagtailAdminModelForm):
    """The manager is named by e-mail: a select of every account would be far too long."""

    email = forms.EmailField(label=_("Manager's e-mail address"))

    class Meta:
        model = ManagerScope
        fields = ["level", "province", "commune"]
        widgets = {"commune": CommuneChooserWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["email"] = self.instance.user.email
        self.fields["commune"].queryset = self.fields["commune"].queryset.select_related("province")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        taken = ManagerScope.objects.filter(user=user).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This person already has a scope: edit it instead."))
        self.manager = user
        return email

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level == ManagerScope.Level.PROVINCE and not data.get("province"):
            self.add_error("province", _("Choose the province this manager looks after."))
        if level == ManagerScope.Level.COMMUNE and not data.get("commune"):
            self.add_error("commune", _("Choose the commune this manager looks after."))
        return data

    def _post_clean(self):
        # The level decides which place counts; the service clears the other one.
        if hasattr(self, "manager"):
            self.instance.user = self.manager
        level = self.cleaned_data.get("level")
        if level != ManagerScope.Level.PROVINCE:
            self.cleaned_data["province"] = None
        if level != ManagerScope.Level.COMMUNE:
            self.cleaned_data["commune"] = None
        super()._post_clean()


class ScopeSaveMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        return manager_scope_set(
            user=self.form.manager,
            level=data["level"],
            province=data.get("province"),
            commune=data.get("commune"),
        )


class ManagerScopeCreateView(ScopeSaveMixin, CreateView):
    pass


class ManagerScopeEditView(ScopeSaveMixin, EditView):
    pass


class ManagerScopeDeleteView(DeleteView):
    def delete_action(self):
        manager_scope_remove(scope=self.object)


class ManagerScopeViewSet(ModelViewSet):
    model = ManagerScope
    icon = "key"
    menu_label = _("Manager scopes")
    form_fields = ["level", "province", "commune"]
    list_display = ["user", "level", "province", "commune", "updated_at"]
    list_filter = ["level"]
    search_fields = ["user__email", "user__full_name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = ManagerScopeCreateView
    edit_view_class = ManagerScopeEditView
    delete_view_class = ManagerScopeDeleteView

    def get_form_class(self, for_update=False):
        return ManagerScopeForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=ManagerScope.objects.select_related("user", "province", "commune__province"),
            **kwargs,
        )


target_viewset = TargetViewSet("statistics_targets", url_prefix="statistics/targets")
scope_viewset = ManagerScopeViewSet("manager_scopes", url_prefix="statistics/managers")


def statistics_urls():
    return [
        path("statistics/", views.dashboard, name="statistics_dashboard"),
        path(
            "statistics/export/<slug:kind>.<slug:fmt>",
            views.export,
            name="statistics_export",
        ),
        path(
            "statistics/targets-import/",
            views.target_import,
            name="statistics_target_import",
        ),
    ]


class ScopedMenuItem(MenuItem):
    """Shown to users with a scope (or, with `national_only`, to national administrators)."""

    def __init__(self, *args, national_only=False, **kwargs):
        self.national_only = national_only
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        scope = scope_for_request(request)
        return scope is not None and (scope.is_national or not self.national_only)


def statistics_menu_item(*, extra=()):
    """The Statistics menu; `extra` items come from other sub-packages (API tokens)."""
    return SubmenuMenuItem(
        _("Statistics"),
        Menu(
            items=[
                ScopedMenuItem(
                    _("Dashboard"), reverse("statistics_dashboard"), icon_name="list-ul", order=100
                ),
                ScopedMenuItem(
                    _("Completion targets"),
                    reverse("statistics_targets:index"),
                    icon_name="crosshairs",
                    order=200,
                    national_only=True,
                ),
                ScopedMenuItem(
                    _("Import targets"),
                    reverse("statistics_target_import"),
                    icon_name="upload",
                    order=300,
                    national_only=True,
                ),
                ScopedMenuItem(
                    _("Manager scopes"),
                    reverse("manager_scopes:index"),
                    icon_name="key",
                    order=400,
                    national_only=True,
                ),
                *extra,
            ]
        ),
        icon_name="table",
        name="statistics",
        order=310,
    )
