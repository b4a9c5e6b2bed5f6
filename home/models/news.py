from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import NewsStreamBlock
from home.models.pages import AsciiSlugMixin, CachedViewRestrictionsMixin


class NewsIndexPage(AsciiSlugMixin, CachedViewRestrictionsMixin, Page):
    """A site's news and announcements (a portal's, or the national site's), newest first.

    Its editors are the home page's editors: a portal's editors' group adds news under its
    own home page only (Wagtail page permissions; docs/decisions/028-portal-follow-up.md).
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from home.selectors import news_page  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context["news"] = news_page(index=self, number=request.GET.get("page"))
        return context


class NewsPage(AsciiSlugMixin, CachedViewRestrictionsMixin, Page):
    """One announcement: a date, a short introduction for the lists, a body and a picture."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in the news lists."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the announcement and in the lists."),
    )
    body = StreamField(NewsStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
