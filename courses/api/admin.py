"""API tokens in the Wagtail admin: a manager makes, lists and revokes their own tokens; a
national administrator sees everyone's (and may revoke them). Registered by
`courses/wagtail_hooks.py`.

A new token is shown once, on the page that answers the form (never in a message, which would
be kept in the session); afterwards only its first characters are shown.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import CreateView, DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.api.models import ApiToken
from courses.api.selectors import api_tokens_visible
from courses.api.services import api_token_create, api_token_revoke
from courses.reports.admin import ScopedMenuItem
from courses.reports.scopes import scope_for_request, scope_of

DEFAULT_DAYS = 90
NO_STORE = "private, no-store"


class ApiTokenPolicy(BasePermissionPolicy):
    """Managers (anyone with a scope) may make and revoke tokens; nobody edits one."""

    def user_has_permission(self, user, action):
        return action != "change" and scope_of(user=user) is not None

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        scope = scope_of(user=user)
        if scope is None or action == "change":
            return False
        return scope.is_national or instance.owner_id == user.pk

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(manager_scope__isnull=False))
        )


token_policy = ApiTokenPolicy(ApiToken)
register_permission_policy(ApiToken, token_policy, exact_class=True)


class ApiTokenForm(WagtailAdminModelForm):
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The token stops working at the start of this day."),
    )

    class Meta:
        model = ApiToken
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS)

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if (day - today).days > settings.API_TOKEN_MAX_DAYS:
            raise forms.ValidationError(
                _("A token may live at most %(days)d days.") % {"days": settings.API_TOKEN_MAX_DAYS}
            )
        return day

    def expires_at(self) -> dt.datetime:
        day = self.cleaned_data["expires_on"]
        return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


class ApiTokenIndexView(IndexView):
    def get_base_queryset(self):
        return api_tokens_visible(
            user=self.request.user, scope=scope_for_request(self.request)
        ).order_by("-created_at")


class ApiTokenCreateView(CreateView):
    def save_instance(self):
        self.created = api_token_create(
            owner=self.request.user,
            name=self.form.cleaned_data["name"],
            expires_at=self.form.expires_at(),
        )
        return self.created.token

    def save_action(self):
        response = TemplateResponse(
            self.request,
            "courses/api/token_created.html",
            {
                "page_title": _("API token created"),
                "token": self.created.token,
                "clear": self.created.clear,
                "index_url": reverse("api_tokens:index"),
                "docs_url": reverse("api-v1:openapi-view"),
            },
        )
        response["Cache-Control"] = NO_STORE
        return response


class ApiTokenRevokeView(DeleteView):
    page_title = _("Revoke")
    success_message = _("API token '%(object)s' revoked.")

    def get_queryset(self):
        return api_tokens_visible(user=self.request.user, scope=scope_for_request(self.request))

    @property
    def confirmation_message(self):
        return _("Revoke this token? Programs using it will be refused at once.")

    def delete_action(self):
        api_token_revoke(token=self.object)


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("API tokens")
    form_fields = ["name"]
    list_display = [
        "name",
        "prefix",
        "owner",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = []
    search_fields = None
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ApiTokenIndexView
    add_view_class = ApiTokenCreateView
    delete_view_class = ApiTokenRevokeView

    def get_form_class(self, for_update=False):
        return ApiTokenForm


api_token_viewset = ApiTokenViewSet("api_tokens", url_prefix="statistics/api-tokens")


def api_token_menu_item():
    return ScopedMenuItem(_("API tokens"), reverse("api_tokens:index"), icon_name="key", order=500)
