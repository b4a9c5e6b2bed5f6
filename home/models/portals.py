from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Portal(models.Model):
    """A province's own site on this installation: a Wagtail site with its own host name and
    home page, the province it serves and the group of its editors.

    The portal's name, logo, colour and contact are its site's `SiteBranding`; its catalog
    shows the national library beside the province's own courses (docs/decisions/026-portals.md).
    Created by `courses.portals.services.portal_create` (`manage.py create_portal`, or the
    admin's Portals screen).
    """

    province = models.OneToOneField(
        "home.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="portal"
    )
    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="portal"
    )
    editors = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editors' group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["province__code"]
        verbose_name = _("provincial portal")
        verbose_name_plural = _("provincial portals")

    def __str__(self):
        return f"{self.province.full_name} ({self.site.hostname})"
