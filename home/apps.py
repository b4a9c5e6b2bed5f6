from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Site core")


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user views: listed instead of "wagtail.users" in settings."""

    default = False
    user_viewset = "home.viewsets.UserViewSet"
