"""Classes in the Wagtail admin: the Classes menu, a viewset to list, create and edit them, and
the URLs of a class's own screens (roster, join code and QR, progress).

Registered by `courses/wagtail_hooks.py`. Every screen asks `courses.classes.access`: managers
see and edit the classes of their area, trainers see only the classes they lead. A class
outside the user's reach answers 404; an action the user may not take answers 403 (not
Wagtail's redirect, decision 006).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.classes import access, views
from courses.classes.forms import SEARCH_BUTTON, SEARCH_SUFFIX, TrainerPicker
from courses.classes.models import Class
from courses.classes.selectors import trainers_search
from courses.classes.services import class_save
from courses.models import CoursePage
from home.choosers import CommuneChooserWidget


class ClassPolicy(BasePermissionPolicy):
    """Managers add, change and delete classes of their area; trainers only view theirs."""

    def user_has_permission(self, user, action):
        if action == "view":
            return access.class_may_open_admin(user=user)
        return access.class_may_create(user=user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return access.classes_visible(user=user).filter(pk=instance.pk).exists()
        return access.class_may_edit(user=user, klass=instance)

    def instances_user_has_permission_for(self, user, action):
        if action == "view":
            return access.classes_visible(user=user)
        return access.classes_managed(user=user)


class_policy = ClassPolicy(Class)
register_permission_policy(Class, class_policy, exact_class=True)


class ClassForm(WagtailAdminModelForm):
    """The commune must lie in the manager's area; the trainers are those of the area (or
    already on the class), picked with a search (`TrainerPicker`)."""

    class Meta:
        model = Class
        fields = [
            "name",
            "commune",
            "courses",
            "trainers",
            "learner_group",
            "starts_on",
            "ends_on",
            "capacity",
            "is_open",
        ]
        widgets = {
            "commune": CommuneChooserWidget,
            "courses": forms.CheckboxSelectMultiple,
            "trainers": TrainerPicker,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = CoursePage.objects.live().order_by("title")
        trainers = self.fields["trainers"]
        trainers.queryset = access.trainers_assignable(user=self.for_user, klass=self.instance)
        trainers.error_messages["invalid_choice"] = _(
            "Choose trainers of your area: %(value)s is not one of them."
        )
        if self.searching:
            trainers.widget.query = self.data.get(self.add_prefix("trainers") + SEARCH_SUFFIX, "")[
                :100
            ]
            trainers.widget.found = trainers_search(
                trainers=trainers.queryset, query=trainers.widget.query
            )
        self.fields["commune"].queryset = self.fields["commune"].queryset.select_related("province")

    @property
    def searching(self) -> bool:
        """The trainer search was asked for: the form is shown again, never saved."""
        return self.is_bound and SEARCH_BUTTON in self.data

    def full_clean(self):
        if self.searching:
            # Nothing is saved, so no error is shown yet: the search only fills the picker.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.searching and super().is_valid()

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if commune and not access.commune_allowed(user=self.for_user, commune=commune):
            raise forms.ValidationError(_("You can only create classes in your own area."))
        return commune


class ForbiddenAnswersMixin:
    """A refused action answers 403 itself: Wagtail's admin turns a raised PermissionDenied
    into a redirect to the dashboard (decision 006)."""

    forbidden = False

    def setup(self, request, *args, **kwargs):
        # Wagtail's delete view looks its object up here, before dispatch.
        try:
            super().setup(request, *args, **kwargs)
        except PermissionDenied:
            self.forbidden = True

    def dispatch(self, request, *args, **kwargs):
        try:
            if self.forbidden:
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return permission_denied(request, PermissionDenied())


class ManagedObjectMixin:
    """Edit and delete act only on classes the user manages: a trainer of the class is refused
    (403), anyone else does not find it (404)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        user = self.request.user
        if access.class_may_edit(user=user, klass=obj):
            return obj
        if access.classes_visible(user=user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        raise Http404


class ClassIndexView(ForbiddenAnswersMixin, IndexView):
    def get_base_queryset(self):
        return access.classes_visible(user=self.request.user).select_related("commune__province")

    def get_edit_url(self, instance):
        # The name opens the class's own page (roster, code, progress), for trainers too.
        return reverse("class_detail", args=(instance.pk,))


class ClassSaveMixin:
    def post(self, request, *args, **kwargs):
        if SEARCH_BUTTON not in request.POST:
            return super().post(request, *args, **kwargs)
        # The trainer search (`TrainerPicker`): the same form again, with the results.
        if not hasattr(self, "object"):
            self.object = self.get_object() if self.permission_required == "change" else None
        self.form = self.get_form()
        return self.render_to_response(self.get_context_data(form=self.form))

    def save_instance(self):
        data = self.form.cleaned_data
        return class_save(
            klass=self.form.save(commit=False),
            courses=data["courses"],
            trainers=data["trainers"],
            created_by=self.request.user,
        )


class ClassCreateView(ForbiddenAnswersMixin, ClassSaveMixin, CreateView):
    def get_success_url(self):
        return reverse("class_detail", args=(self.object.pk,))


class ClassEditView(ForbiddenAnswersMixin, ManagedObjectMixin, ClassSaveMixin, EditView):
    pass


class ClassDeleteView(ForbiddenAnswersMixin, ManagedObjectMixin, DeleteView):
    pass


class ClassViewSet(ModelViewSet):
    model = Class
    icon = "group"
    menu_label = _("Classes")
    add_to_admin_menu = False
    form_fields = ClassForm.Meta.fields
    list_display = ["name", "commune", "member_count", "is_open", "starts_on"]
    list_filter = ["is_open", "learner_group"]
    search_fields = ["name", "join_code"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ClassIndexView
    add_view_class = ClassCreateView
    edit_view_class = ClassEditView
    delete_view_class = ClassDeleteView

    def get_form_class(self, for_update=False):
        return ClassForm


class_viewset = ClassViewSet("classes", url_prefix="classes")


def class_urls():
    return [
        path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
        path("classes/<int:class_id>/progress/", views.class_progress_view, name="class_progress"),
        path(
            "classes/<int:class_id>/progress.<slug:fmt>",
            views.class_progress_download,
            name="class_progress_download",
        ),
        path("classes/<int:class_id>/sessions/", views.sessions, name="class_sessions"),
        path(
            "classes/<int:class_id>/sessions/<int:session_id>/",
            views.session_attendance,
            name="class_session",
        ),
        path("classes/<int:class_id>/reminders/", views.reminders, name="class_reminders"),
        path("classes/<int:class_id>/qr.svg", views.class_qr, name="class_qr"),
        path("classes/<int:class_id>/members/add/", views.member_add, name="class_member_add"),
        path(
            "classes/<int:class_id>/members/<int:member_id>/remove/",
            views.member_remove,
            name="class_member_remove",
        ),
    ]


class ClassesMenuItem(MenuItem):
    def is_shown(self, request):
        return access.class_may_open_admin(user=request.user)


def classes_menu_item():
    return ClassesMenuItem(_("Classes"), reverse("classes:index"), icon_name="group", order=290)
