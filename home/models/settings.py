from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from home.caching import cached, versioned_key

DEFAULT_BRAND_COLOUR = "#b3121f"
LOGO_RENDITION = "max-160x64"


@register_setting(icon="cog")
class SiteBranding(BaseSiteSetting):
    """Who runs this site (the national platform or a provincial portal): its name, logo and
    colour in the header, its contact in the footer."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Bình dân học vụ số"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header next to the name; a small square image works best."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default=DEFAULT_BRAND_COLOUR,
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits.")
            )
        ],
        help_text=_("The header's colour, e.g. #b3121f. White text must stay readable on it."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=300, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("logo"), FieldPanel("brand_colour")],
            heading=_("Name and look"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading=_("Contact"),
        ),
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

    def logo_url(self) -> str:
        """The header's logo (a small rendition), looked up once per content version."""
        if not self.logo_id:
            return ""

        def rendition_url() -> str:
            return self.logo.get_rendition(LOGO_RENDITION).url

        return cached(versioned_key("site-logo", self.pk, self.logo_id), rendition_url)
