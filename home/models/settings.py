from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from home.caching import cached, versioned_key


@register_setting(icon="cog")
class SiteBranding(BaseSiteSetting):
    """Who runs this platform: shown in the footer, and later on certificates."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Bình dân học vụ số"
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
    ]

    class Meta:
        verbose_name = _("organisation")

    @classmethod
    def for_site(cls, site):
        """The site's organisation, from the shared cache (every page's footer shows it)."""
        if site is None:
            return super().for_site(site)
        parent = super()
        return cached(versioned_key("site-branding", site.pk), lambda: parent.for_site(site))
