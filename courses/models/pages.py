from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from courses.admin_forms import CoursePageForm
from courses.blocks import (
    ModuleStreamBlock,
    body_fragments,
    browser_scored_parts,
    completion_parts,
)
from home.caching import versioned_key
from home.models import LearnerGroup
from home.models.pages import AsciiSlugMixin, CachedViewRestrictionsMixin
from home.text import fold_vietnamese


@register_snippet
class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class LibraryUrlMixin:
    """A course or module of the national library keeps its path on every portal.

    Every catalog has the same slug, and a catalog routes a course it does not hold to the
    library (`CourseIndexPage.route`), so `/khoa-hoc/<course>/<module>/` names the same page
    on every host. Asked with a request, a library page answers with the request's site, so
    links and redirects stay on the portal the learner is using (sessions are per host).
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if request is None or parts is None or parts[2] is None:
            return parts
        site = Site.find_for_request(request)
        if site is None or site.pk == parts[0] or not self.in_library():
            return parts
        return (site.pk, site.root_url, parts[2])

    def in_library(self) -> bool:
        """Whether every portal shows this page (a national course, or one shared nationally)."""
        from courses.portals.selectors import library_holds  # imports this module

        return library_holds(page=self)

    @property
    def portable_url(self) -> str:
        """The address to keep in a cache shared by every host: the path for a library page
        (served on each host), otherwise the page's URL on its own site."""
        if self.in_library():
            parts = self.get_url_parts()
            return parts[2] if parts else ""
        return self.url


class CourseIndexPage(AsciiSlugMixin, CachedViewRestrictionsMixin, Page):
    """The course catalog: filters, diacritic-insensitive search and pagination.

    The national catalog (under the default site's home page) holds the national courses; a
    provincial portal's catalog holds the province's own and shows the national library too.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_courses",
            label=_("Featured course"),
            heading=_("Featured courses"),
            help_text=_("Courses shown first on this catalog, national ones included."),
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    base_form_class = CoursePageForm
    # Its route depends on the published tree only (home.routing may cache it).
    cacheable_route = True

    class Meta:
        verbose_name = _("course catalog")

    def clean(self):
        """Refuse a slug other than the national catalog's while portals exist: portals serve
        the national library under that slug."""
        super().clean()
        from courses.portals.selectors import catalog_slug_required  # imports this module

        required = catalog_slug_required(catalog=self)
        if required is not None and self.slug != required:
            raise ValidationError(
                {
                    "slug": _(
                        "Every course catalog keeps the address “%(slug)s” while provincial "
                        "portals exist: the portals show the national courses under it, and "
                        "links learners already have would stop working. Keep “%(slug)s”."
                    )
                    % {"slug": required}
                }
            )

    def route(self, request, path_components):
        """A course this catalog does not hold is looked up in the national library, so a
        portal serves national courses at its own host without copying them."""
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            from courses.portals.selectors import library_course  # imports this module

            course = library_course(slug=path_components[0])
            if course is None or course.path.startswith(self.path):
                raise
            return course.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalog_page  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_page(catalog=self, params=request.GET))
        return context


class CoursePage(LibraryUrlMixin, AsciiSlugMixin, CachedViewRestrictionsMixin, Page):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    summary = models.TextField(_("summary"), max_length=500)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER
    )
    for_officials = models.BooleanField(LearnerGroup.OFFICIAL.label, default=True)
    for_digital_team = models.BooleanField(LearnerGroup.DIGITAL_TEAM.label, default=True)
    for_citizens = models.BooleanField(LearnerGroup.CITIZEN.label, default=True)
    duration_minutes = models.PositiveIntegerField(_("estimated duration (minutes)"), default=60)
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One outcome per line.")
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    sequential = models.BooleanField(
        _("modules must be taken in order"),
        default=False,
        help_text=_("Later modules stay locked until the previous ones are complete."),
    )
    issues_certificate = models.BooleanField(_("issues a certificate"), default=True)
    shared_nationally = models.BooleanField(
        _("shared with every portal"),
        default=False,
        help_text=_(
            "For a province's own course: show it in the national catalog and on every "
            "provincial portal too. National courses are always shown everywhere."
        ),
    )
    min_score = models.PositiveSmallIntegerField(
        _("minimum score to complete (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Leave empty to complete the course by completing its required modules. "
            "Otherwise the average score of the required assessments must reach this mark."
        ),
    )
    h5p_counts_toward_certificate = models.BooleanField(
        _("H5P results count toward completion and the certificate"),
        default=True,
        help_text=_(
            "H5P scores are reported by the learner's browser and could be forged. When this "
            "is off, H5P activities are practice: scores are shown, but modules complete "
            "without them."
        ),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("level"),
    ]

    content_panels = [
        HelpPanel(
            content=_(
                "Submitting the course for moderation submits its modules' changes with it: "
                "once the course is approved, the modules saved as drafts before the submission "
                "are published together with it."
            ),
        ),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("level"), FieldPanel("duration_minutes")]),
        MultiFieldPanel(
            [
                FieldPanel("for_officials"),
                FieldPanel("for_digital_team"),
                FieldPanel("for_citizens"),
            ],
            heading=_("Target learner groups"),
        ),
        FieldPanel("learning_outcomes"),
        InlinePanel("prerequisites", label=_("Prerequisites"), heading=_("Prerequisites")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]
                ),
                FieldPanel("sequential"),
                FieldPanel("issues_certificate"),
                FieldPanel("min_score"),
                FieldPanel("h5p_counts_toward_certificate"),
            ],
            heading=_("Enrolment and completion"),
        ),
        FieldPanel("shared_nationally"),
        *Page.settings_panels,
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def search_text(self) -> str:
        """Title, summary, topic and outcomes without diacritics, for accent-blind search."""
        parts = [self.title, self.summary, self.learning_outcomes]
        if self.topic_id:
            parts.append(self.topic.name)
        return fold_vietnamese(" ".join(parts))

    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    def target_groups(self) -> list[str]:
        flags = [
            (self.for_officials, LearnerGroup.OFFICIAL),
            (self.for_digital_team, LearnerGroup.DIGITAL_TEAM),
            (self.for_citizens, LearnerGroup.CITIZEN),
        ]
        return [group.label for wanted, group in flags if wanted]

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_page_context, module_ahead  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, learner=request.user))
        progress = context["progress"]
        if progress.enrolled and progress.next_module and not progress.completion:
            context["ahead"] = module_ahead(module_id=progress.next_module.pk, request=request)
        return context


class CoursePrerequisite(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="prerequisites")
    required_course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course to complete first"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("required_course")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "required_course"], name="unique_course_prerequisite"
            )
        ]


class FeaturedCourse(Orderable):
    """A course a catalog shows first: a province picks national courses for its portal."""

    catalog = ParentalKey(
        CourseIndexPage, on_delete=models.CASCADE, related_name="featured_courses"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured course")
        verbose_name_plural = _("featured courses")
        constraints = [
            models.UniqueConstraint(fields=["catalog", "course"], name="unique_featured_course")
        ]


# What a learner is told when `courses.selectors.module_visit` refuses them, by refusal.
MODULE_REFUSALS = {
    "not_enrolled": _("Enrol in the course to read its modules."),
    "locked": _("Complete the previous modules first."),
}


class ModulePage(LibraryUrlMixin, AsciiSlugMixin, CachedViewRestrictionsMixin, Page):
    body = StreamField(ModuleStreamBlock, verbose_name=_("content"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    is_required = models.BooleanField(
        _("required"), default=True, help_text=_("Required modules count toward completion.")
    )

    search_fields = [*Page.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("is_required")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def completion_parts(self) -> list[str]:
        """Keys of the required graded activities in this module ("quiz:3", "h5p:7").

        H5P activities are left out when the course does not count browser-reported scores.
        """
        parts = completion_parts(self.body)
        browser_scored = browser_scored_parts(self.body) if parts else set()
        if browser_scored and not self._course_counts_browser_scores():
            parts = [part for part in parts if part not in browser_scored]
        return parts

    def _course_counts_browser_scores(self) -> bool:
        if not hasattr(self, "_counts_browser_scores"):
            course = CoursePage.objects.filter(
                path=self.path[: -self.steplen], depth=self.depth - 1
            ).first()
            self._counts_browser_scores = course is None or course.h5p_counts_toward_certificate
        return self._counts_browser_scores

    def serve(self, request, *args, **kwargs):
        """Only enrolled learners may read a module, and only once it is unlocked; the others
        go back to the course page with a message saying why."""
        from courses.selectors import module_visit  # imports this module
        from courses.services import module_start  # imports this module

        if not request.user.is_authenticated:
            return redirect(self.get_parent().specific.get_url(request))
        visit = module_visit(module=self, learner=request.user)
        if visit is None:
            raise Http404
        if visit.refusal:
            messages.warning(request, self.refusal_message(visit.refusal))
            return redirect(visit.course.url)
        if not visit.context["row"].state.started:
            module_start(learner=request.user, module=self)
        return super().serve(request, *args, module_context=visit.context, **kwargs)

    @staticmethod
    def refusal_message(refusal: str) -> str:
        """What a learner is told when `courses.selectors.module_visit` refuses them."""
        return str(MODULE_REFUSALS[refusal])

    def serve_preview(self, request, mode_name):
        """Editors preview the content as it will look, without the learner checks."""
        return super().serve(request)

    def get_context(self, request, *args, module_context=None, **kwargs):
        from courses.selectors import module_ahead  # imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(module_context or {})
        if not getattr(request, "is_preview", False):  # a preview shows the draft
            key = versioned_key("module-body", self.pk, get_language())
            context["body_fragments"] = body_fragments(self.body, key=key)
            following = context.get("next_module")
            if following is not None:
                context["ahead"] = module_ahead(module_id=following.pk, request=request)
        return context
