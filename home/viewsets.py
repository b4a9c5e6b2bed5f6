"""The Wagtail admin's user views, fitted to our User, and its site listing, in Vietnamese.

Wagtail's user screens assume a first and a last name. Ours show the full name and the learner
profile, list and search by full name, e-mail and phone, and record a change of commune made
by an administrator through `home.services`, like one made by the learner.

Wired in through `home.apps.WagtailUsersConfig`, which replaces "wagtail.users" in
INSTALLED_APPS (the documented way to customise Wagtail's user views).

Wagtail's site listing names three columns after their field names, in English ("Port", "Site
name", "Root page"); `SiteIndexView` gives them translated labels. Wagtail offers no setting for
its site views, so `home.apps.HomeConfig.ready` puts it in place of Wagtail's index view.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.sites import views as wagtail_sites
from wagtail.users.views import users as wagtail_users

from home.admin_forms import LearnerUserCreationForm, LearnerUserEditForm
from home.oidc.panels import LinkedIdentitiesPanel
from home.services import learner_set_commune


class UserIndexView(wagtail_users.IndexView):
    def order_queryset(self, queryset):
        # Wagtail sorts the "name" column by last and first name, which our accounts leave empty.
        if self.ordering in ("name", "-name"):
            return queryset.order_by(self.ordering.replace("name", "full_name"), "email")
        return super().order_queryset(queryset)


class RecordCommuneChangeMixin:
    """Save the account, then move it to the chosen commune through the service."""

    def save_instance(self):
        user = super().save_instance()
        if "commune" in self.form.fields:
            learner_set_commune(user=user, commune=self.form.cleaned_data["commune"])
        return user


class UserCreateView(RecordCommuneChangeMixin, wagtail_users.CreateView):
    pass


class UserEditView(RecordCommuneChangeMixin, wagtail_users.EditView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    # Wagtail's user templates name first_name and last_name; the generic ones render the panels.
    create_template_name = "wagtailadmin/generic/create.html"
    edit_template_name = "wagtailadmin/generic/edit.html"
    search_fields = ["full_name", "email", "phone"]
    search_backend_name = None
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("email"),
                    FieldPanel("full_name"),
                    FieldPanel("phone"),
                    FieldPanel("commune"),
                    FieldPanel("learner_group"),
                    FieldPanel("work_unit"),
                    FieldPanel("password1"),
                    FieldPanel("password2"),
                    FieldPanel("is_active"),
                ],
                heading=_("Account"),
            ),
            ObjectList([FieldPanel("is_superuser"), FieldPanel("groups")], heading=_("Roles")),
            ObjectList([LinkedIdentitiesPanel()], heading=_("Linked identities")),
        ]
    )

    def get_form_class(self, for_update=False):
        return LearnerUserEditForm if for_update else LearnerUserCreationForm


SITE_COLUMNS_IN_VIETNAMESE = {
    "port": Column("port", label=_("Port"), sort_key="port"),
    "site_name": Column("site_name", label=_("Site name")),
    "root_page": Column("root_page", label=_("Root page")),
}


class SiteIndexView(wagtail_sites.IndexView):
    columns = [
        SITE_COLUMNS_IN_VIETNAMESE.get(column.name, column)
        for column in wagtail_sites.IndexView.columns
    ]
