"""The Wagtail admin's form for course pages: a slug clash is told on the title.

Wagtail 8's autosave creates a new page as a draft while its add form is still open. A trainer
who closes the tab and starts the same course again gets the same slug from the same title, and
Wagtail reports the clash only on the slug field, on the Promote tab the trainer is not looking
at. This form says it again on the title and names the page that holds the slug.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from home.text import ascii_slug


class CoursePageForm(WagtailAdminPageForm):
    """Base form of the catalog, course and module pages (`base_form_class`)."""

    def clean_slug(self):
        # A new page's slug is ASCII (home.models.pages.AsciiSlugMixin); make it so before the
        # clash checks below, which must look at the slug the page will have.
        slug = self.cleaned_data.get("slug")
        if slug and self.instance.pk is None and not slug.isascii():
            return ascii_slug(slug)
        return slug

    def clean(self):
        slug = self.cleaned_data.get("slug")
        cleaned_data = super().clean()
        holder = self.slug_holder(slug) if slug and self.parent_page is not None else None
        if holder is not None:
            self.add_error("title", self.slug_clash_error(holder, slug))
        elif slug and self.parent_page is not None:
            other = self.course_slug_holder(slug)
            if other is not None:
                self.add_error("slug", self.course_slug_clash_error(other, slug))
        return cleaned_data

    def course_slug_holder(self, slug: str):
        """A course of another catalog (national or a portal's) that uses `slug`: catalogs
        share one address space, since every portal serves the national library at the same
        paths (docs/decisions/026-portals.md)."""
        from courses.models import CoursePage  # the models import this form

        if not isinstance(self.instance, CoursePage):
            return None
        others = CoursePage.objects.filter(slug=slug, depth=self.parent_page.depth + 1)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        return others.exclude(path__startswith=self.parent_page.path).first()

    def course_slug_clash_error(self, holder, slug: str) -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "The course “%(title)s” of another catalog already uses the address "
                "“%(slug)s”, and every portal serves courses at the same addresses. Choose "
                "another slug."
            ),
            code="slug_in_use_by_other_catalog",
            params={"title": holder.title, "slug": slug},
        )

    def slug_holder(self, slug: str):
        """The sibling page that already uses `slug`, or None."""
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.not_page(self.instance)
        return siblings.filter(slug=slug).first()

    def slug_clash_error(self, holder, slug: str) -> forms.ValidationError:
        code = "slug_in_use"
        if holder.first_published_at is None:
            code = "slug_in_use_by_draft"
            message = _(
                "“%(title)s”, a draft that was never published, already uses the address "
                "“%(slug)s” here: Wagtail saved it while it was being written. Continue that "
                "draft or delete it, or give this page another title (or another slug on the "
                "Promote tab)."
            )
        else:
            message = _(
                "The page “%(title)s” already uses the address “%(slug)s” here. Give this page "
                "another title (or another slug on the Promote tab)."
            )
        return forms.ValidationError(
            message, code=code, params={"title": holder.title, "slug": slug}
        )
