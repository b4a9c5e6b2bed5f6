from allauth.account.signals import password_reset
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Site core")

    def ready(self):
        # These modules import models, which do not exist before the registry is ready.
        from django.conf import settings
        from django.db import models
        from django.db.models.signals import post_delete, post_save
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.sites.views import SiteViewSet

        from home import checks  # noqa: F401 (registers the checks)
        from home.auth_backends import saved_or_deleted
        from home.caching import connect_receivers
        from home.viewsets import SiteIndexView
        from home.widgets import AsciiSlugInput

        connect_receivers()
        for signal in (post_save, post_delete):
            signal.connect(
                saved_or_deleted,
                sender=settings.AUTH_USER_MODEL,
                dispatch_uid=f"home.auth_backends.{signal is post_save}",
            )
        register_form_field_override(models.SlugField, override={"widget": AsciiSlugInput})
        SiteViewSet.index_view_class = SiteIndexView  # labels in Vietnamese: see home.viewsets
        password_reset.connect(_verify_email_after_password_reset, dispatch_uid="home-verify")


def _verify_email_after_password_reset(sender, request, user, **kwargs):
    from home.services import email_verify_after_password_reset  # imports models: see ready()

    email_verify_after_password_reset(user=user)


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user views: listed instead of "wagtail.users" in settings."""

    default = False
    user_viewset = "home.viewsets.UserViewSet"
