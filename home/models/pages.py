from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from home.caching import cached, versioned_key


class CachedViewRestrictionsMixin:
    """Skip Wagtail's per-request search for view restrictions while the site has none.

    Wagtail reads the page's ancestors and their restrictions on every view; whether any
    restriction exists at all is cached under the content version, which changes when a
    restriction is added or removed."""

    def get_view_restrictions(self):
        if not cached(versioned_key("view-restrictions"), PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(CachedViewRestrictionsMixin, Page):
    """The site's front page: a short pitch, a call to action and live counters."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = RichTextField(_("hero text"), blank=True, features=["bold", "italic", "link"])
    cta_label = models.CharField(_("call-to-action label"), max_length=60, blank=True, default="")
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call-to-action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("cta_label"),
        FieldPanel("cta_page"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from home.selectors import site_counters  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context["counters"] = site_counters()
        return context
