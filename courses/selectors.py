"""Read-side queries of learning: the catalog, course and module pages, the learner dashboard.

The page selectors read a fixed number of rows whatever the number of modules or enrolments:
modules come in one query, the learner's progress for all of them in another, and the
locking rules are computed in Python by `courses.rules`.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses import rules
from courses.certificates.selectors import completion_notice, learner_certificates
from courses.learner_state import STATE_SECONDS, learner_course_state, learner_version
from courses.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Topic,
)
from courses.portals.selectors import catalog_courses, featured_courses
from courses.videos.selectors import saves_data
from home.caching import cached, versioned_key
from home.models import LearnerGroup
from home.text import fold_vietnamese

CATALOG_PAGE_SIZE = 12
GROUP_FIELDS = {
    LearnerGroup.OFFICIAL: "for_officials",
    LearnerGroup.DIGITAL_TEAM: "for_digital_team",
    LearnerGroup.CITIZEN: "for_citizens",
}


def course_modules(*, course: CoursePage) -> list[ModulePage]:
    """The live modules of a course in the order the editor arranged them."""
    return list(ModulePage.objects.child_of(course).live().order_by("path"))


@dataclass(frozen=True)
class OutlineModule:
    """What pages and rules need of a live module, without its content."""

    pk: int
    title: str
    url: str
    is_required: bool
    estimated_minutes: int
    parts: tuple[str, ...]  # its required graded activities ("quiz:3"), see completion_parts


@dataclass(frozen=True)
class CourseLink:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class CourseOutline:
    """A live course's structure: the same for every learner until content is published."""

    pk: int
    title: str
    url: str
    sequential: bool
    min_score: int | None  # the completion rule's minimum average score, if any
    modules: tuple[OutlineModule, ...]
    prerequisites: tuple[CourseLink, ...]

    def module(self, pk: int) -> OutlineModule | None:
        return next((module for module in self.modules if module.pk == pk), None)


def _outline_build(course: CoursePage) -> CourseOutline:
    modules = []
    for module in course_modules(course=course):
        module._counts_browser_scores = course.h5p_counts_toward_certificate
        modules.append(
            OutlineModule(
                pk=module.pk,
                title=module.title,
                url=module.portable_url,
                is_required=module.is_required,
                estimated_minutes=module.estimated_minutes,
                parts=tuple(module.completion_parts()),
            )
        )
    prerequisites = course.prerequisites.select_related("required_course")
    return CourseOutline(
        pk=course.pk,
        title=course.title,
        url=course.portable_url,
        sequential=course.sequential,
        min_score=course.min_score,
        modules=tuple(modules),
        prerequisites=tuple(
            CourseLink(
                p.required_course.pk, p.required_course.title, p.required_course.portable_url
            )
            for p in prerequisites
        ),
    )


# Part of the outline's cache keys: raised when `CourseOutline` changes shape, so that app
# nodes never read an outline cached by the previous release.
OUTLINE_FORMAT = 3


def course_outline(*, course: CoursePage) -> CourseOutline:
    """The course's outline, built once per version of the published content and shared by
    every learner and app node (parsing every module's content is the costly part)."""
    return cached(
        versioned_key("course-outline", OUTLINE_FORMAT, course.pk), lambda: _outline_build(course)
    )


def course_outline_of_module(*, module: ModulePage) -> CourseOutline | None:
    """The outline of the live course a module belongs to, found by the module's tree path."""
    course_path = module.path[: -module.steplen]

    def build():
        course = CoursePage.objects.live().filter(path=course_path).first()
        return course_outline(course=course) if course else None

    return cached(versioned_key("course-outline-at", OUTLINE_FORMAT, course_path), build)


def learner_completed_module_ids(*, learner, module_ids) -> set[int]:
    return set(
        ModuleProgress.objects.filter(
            learner=learner, module_id__in=module_ids, completed_at__isnull=False
        ).values_list("module_id", flat=True)
    )


def missing_prerequisites(*, learner, course: CoursePage) -> list[CoursePage]:
    """Prerequisite courses the learner has not completed yet."""
    required = [p.required_course for p in course.prerequisites.select_related("required_course")]
    if not required:
        return []
    done = set(
        CourseCompletion.objects.filter(learner=learner, course__in=required).values_list(
            "course_id", flat=True
        )
    )
    return [c for c in required if c.pk not in done]


def _with_counts(courses: QuerySet) -> QuerySet:
    live_children = (
        ModulePage.objects.filter(
            live=True, depth=OuterRef("depth") + 1, path__startswith=OuterRef("path")
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return courses.annotate(module_count=Subquery(live_children[:1]))


def live_courses_with_module_counts() -> QuerySet[CoursePage]:
    """Published courses by title, each with `module_count`, its live modules."""
    return _with_counts(CoursePage.objects.live()).order_by("title", "pk")


def course_learner_counts() -> dict[int, int]:
    """Active enrolments per course, counted at most once per SITE_FIGURES_CACHE_SECONDS for
    the whole site (the catalog shows them on every course card)."""

    def count() -> dict[int, int]:
        rows = (
            Enrolment.objects.filter(left_at__isnull=True)
            .order_by()
            .values_list("course_id")
            .annotate(n=Count("pk"))
        )
        return dict(rows)

    return cached(
        "elearn:course-learner-counts", count, timeout=settings.SITE_FIGURES_CACHE_SECONDS
    )


def catalog_page(*, catalog: CourseIndexPage, params) -> dict:
    """Courses of the catalog after filtering and search, one page of them, and the filters.

    Unknown filter values are ignored. Search folds case and diacritics on both sides, so
    "an toan thong tin" finds "An toàn thông tin" on SQLite and PostgreSQL alike.
    """
    courses = catalog_courses(catalog=catalog)
    topics = list(Topic.objects.filter(coursepage__in=courses).distinct().order_by("name"))
    selected = {"topic": "", "level": "", "group": "", "q": ""}

    topic = params.get("topic", "")
    if topic in {t.slug for t in topics}:
        courses = courses.filter(topic__slug=topic)
        selected["topic"] = topic
    level = params.get("level", "")
    if level in CoursePage.Level.values:
        courses = courses.filter(level=level)
        selected["level"] = level
    group = params.get("group", "")
    if group in GROUP_FIELDS:
        courses = courses.filter(**{GROUP_FIELDS[group]: True})
        selected["group"] = group
    query = " ".join(params.get("q", "").split())[:100]
    if query:
        matches = CoursePage.objects.live().search(fold_vietnamese(query))
        courses = courses.filter(pk__in=[page.pk for page in matches])
        selected["q"] = query

    paginator = Paginator(
        _with_counts(courses).select_related("topic", "cover_image").order_by("title"),
        CATALOG_PAGE_SIZE,
    )
    page = paginator.get_page(params.get("page"))
    learner_counts = course_learner_counts()
    for course in page:
        course.learner_count = learner_counts.get(course.pk, 0)
    filter_query = urlencode({key: value for key, value in selected.items() if value})
    unfiltered_first_page = not filter_query and page.number == 1
    return {
        "featured": featured_courses(catalog=catalog) if unfiltered_first_page else [],
        "courses": page,
        "paginator": paginator,
        "topics": topics,
        "levels": CoursePage.Level.choices,
        "groups": LearnerGroup.choices,
        "selected": selected,
        "filter_query": filter_query,
    }


@dataclass(frozen=True)
class ModuleRow:
    module: OutlineModule
    state: rules.ModuleState


@dataclass(frozen=True)
class CourseProgress:
    enrolment: Enrolment | None
    completion: CourseCompletion | None
    rows: list[ModuleRow]
    next_module: OutlineModule | None
    percent: int

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None and self.enrolment.is_active

    @property
    def rows_key(self) -> str:
        """The module list as this learner sees it, one letter a module (done, locked, started,
        not yet): learners at the same point share its rendering (`{% chrome %}`)."""
        return "".join(
            "d"
            if row.state.completed
            else "l"
            if row.state.locked
            else "s"
            if row.state.started
            else "n"
            for row in self.rows
        )


def _build_progress(
    *, modules: list[OutlineModule], sequential: bool, enrolment, completion, progress_rows
) -> CourseProgress:
    started: set[int] = set()
    completed: set[int] = set()
    last_opened = None
    for row in sorted(progress_rows, key=lambda r: r.started_at):
        started.add(row.module_id)
        last_opened = row.module_id
        if row.completed_at:
            completed.add(row.module_id)
    states = rules.module_states(
        [rules.ModuleRef(m.pk, m.is_required) for m in modules],
        started=started,
        completed=completed,
        sequential=sequential,
    )
    by_id = {m.pk: m for m in modules}
    required = [m for m in modules if m.is_required]
    return CourseProgress(
        enrolment=enrolment,
        completion=completion,
        rows=[ModuleRow(by_id[s.id], s) for s in states],
        next_module=by_id.get(rules.next_module(states, last_opened=last_opened)),
        percent=rules.progress_percent(
            completed=len([m for m in required if m.pk in completed]), total=len(required)
        ),
    )


def course_progress(
    *, course: CourseOutline, learner, with_completion: bool = True
) -> CourseProgress:
    """The learner's standing in a course: enrolment, each module's state, where to go next.

    The learner's rows come from the cache (`courses.learner_state`, three short queries by
    key when they changed), the structure from the cached outline. A module page, which does
    not show the completion, asks for the standing `with_completion=False`."""
    modules = list(course.modules)
    enrolment = completion = None
    progress_rows = ()
    if learner.is_authenticated:
        state = learner_course_state(
            learner_id=learner.pk, course_id=course.pk, module_ids=[m.pk for m in modules]
        )
        enrolment, progress_rows = state.enrolment, state.progress
        if with_completion:
            completion = state.completion
    return _build_progress(
        modules=modules,
        sequential=course.sequential,
        enrolment=enrolment,
        completion=completion,
        progress_rows=progress_rows,
    )


def course_topic_name(*, course: CoursePage) -> str:
    """The name of the course's topic ("" without one), kept per content version (saving or
    deleting a topic changes it)."""
    if course.topic_id is None:
        return ""
    return cached(
        versioned_key("topic-name", course.topic_id),
        lambda: (
            Topic.objects.filter(pk=course.topic_id).values_list("name", flat=True).first() or ""
        ),
    )


def course_page_context(*, course: CoursePage, learner) -> dict:
    """What the course page shows: the learner's progress, the prerequisites and whether the
    learner may enrol (`enrolment`, the same rule `services.enrolment_create` applies)."""
    outline = course_outline(course=course)
    progress = course_progress(course=outline, learner=learner)
    required = list(outline.prerequisites)
    missing = required
    if learner.is_authenticated and required:
        done = set(
            CourseCompletion.objects.filter(
                learner=learner, course_id__in=[p.pk for p in required]
            ).values_list("course_id", flat=True)
        )
        missing = [p for p in required if p.pk not in done]
    notice = None
    if progress.completion is not None:
        notice = completion_notice(learner=learner, course=course, completed=True)
    return {
        "progress": progress,
        "topic_name": course_topic_name(course=course),
        "completion_notice": notice,
        "prerequisites": required,
        "missing_prerequisites": missing,
        "enrolment": rules.enrolment_eligibility(
            has_commune=bool(learner.is_authenticated and learner.commune_id),
            opens_at=course.enrolment_opens_at,
            closes_at=course.enrolment_closes_at,
            now=timezone.now(),
            missing_prerequisites=[p.pk for p in missing],
        ),
        "total_minutes": sum(m.estimated_minutes for m in outline.modules),
    }


@dataclass(frozen=True)
class AheadFile:
    """A file a page asks the browser to fetch ahead (`<link rel="prefetch">`), with CORS when
    the page that uses it fetches it so (`cors`), so that the browser's cache answers it."""

    url: str
    cors: bool


# Part of `module_ahead`'s key: raised when what it keeps changes shape.
AHEAD_FORMAT = 1


def module_ahead(*, module_id: int | None, request) -> tuple[AheadFile, ...]:
    """What the browser fetches, while the learner reads, for the module they are likely to
    open next (the next one on a module page, the one to continue with on the course page
    and, on "My courses", the next one of the course taken up last):
    what its blocks need before they work (`ahead_files(value, request)` of an activity
    block: an H5P activity's player and library code, the 2-s round trip and ~150 KB on
    Slow 3G that would otherwise come after the page). Nothing when the device saves data.
    Kept per version of the published content and per host (the addresses are absolute)."""
    if module_id is None or request is None or saves_data(request):
        return ()
    key = versioned_key("module-ahead", AHEAD_FORMAT, module_id, request.scheme, request.get_host())
    return cached(key, lambda: _module_ahead_build(module_id, request))


def _module_ahead_build(module_id: int, request) -> tuple[AheadFile, ...]:
    module = ModulePage.objects.live().filter(pk=module_id).first()
    files = {}
    for child in module.body if module is not None else ():
        ahead = getattr(child.block, "ahead_files", None)
        for url, cors in ahead(child.value, request) if ahead is not None else ():
            files.setdefault(url, AheadFile(url=url, cors=cors))
    return tuple(files.values())


NOT_ENROLLED = "not_enrolled"
LOCKED = "locked"


@dataclass(frozen=True)
class ModuleVisit:
    """What a learner finds on a module: `refusal` is "" when they may read it, else why not
    (`NOT_ENROLLED`, `LOCKED`); `context` is the module page's context when they may. The
    caller decides what a refusal means for its response (redirect, message, 403)."""

    course: CourseOutline
    refusal: str = ""
    context: dict = field(default_factory=dict)


def module_visit(*, module: ModulePage, learner) -> ModuleVisit | None:
    """A learner's visit to a module; None when the course or the module is not live."""
    course = course_outline_of_module(module=module)
    if course is None:
        return None
    progress = course_progress(course=course, learner=learner, with_completion=False)
    if not progress.enrolled:
        return ModuleVisit(course=course, refusal=NOT_ENROLLED)
    index = next((i for i, row in enumerate(progress.rows) if row.module.pk == module.pk), None)
    if index is None:
        return None
    row = progress.rows[index]
    if row.state.locked:
        return ModuleVisit(course=course, refusal=LOCKED)
    return ModuleVisit(
        course=course,
        context={
            "course": course,
            "progress": progress,
            "row": row,
            "previous_module": progress.rows[index - 1].module if index > 0 else None,
            "next_module": (
                progress.rows[index + 1].module if index + 1 < len(progress.rows) else None
            ),
            "has_required_parts": bool(course.module(module.pk).parts),
        },
    )


@dataclass(frozen=True)
class DashboardEntry:
    course: CourseOutline
    progress: CourseProgress


# Part of the dashboard's key: raised when what `learner_dashboard` returns changes shape.
DASHBOARD_FORMAT = 1


def learner_dashboard(*, learner) -> dict:
    """The learner's active and completed courses, with progress, and their certificates.

    Built once per version of the learner's own rows (`learner_version`: any enrolment,
    completion, progress or certificate of theirs changes it) and of the published content,
    and kept in the shared cache: a repeat visit reads nothing from the database."""
    key = versioned_key(
        "learner-dashboard", DASHBOARD_FORMAT, learner.pk, learner_version(learner.pk)
    )
    return dict(cached(key, lambda: _dashboard_build(learner), timeout=STATE_SECONDS))


def _dashboard_build(learner) -> dict:
    """The dashboard in four queries, whatever the number of courses (outlines are cached)."""
    enrolments = list(
        Enrolment.objects.filter(learner=learner, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    outlines = {e.course_id: course_outline(course=e.course) for e in enrolments}
    course_field = Enrolment._meta.get_field("course")
    for enrolment in enrolments:
        course_field.delete_cached_value(enrolment)  # the page is not worth caching with it
    module_ids = [m.pk for outline in outlines.values() for m in outline.modules]
    progress_rows = list(ModuleProgress.objects.filter(learner=learner, module_id__in=module_ids))
    completions = {
        c.course_id: c
        for c in CourseCompletion.objects.filter(learner=learner, course_id__in=list(outlines))
    }
    active, completed = [], []
    for enrolment in enrolments:
        outline = outlines[enrolment.course_id]
        ids = {m.pk for m in outline.modules}
        progress = _build_progress(
            modules=list(outline.modules),
            sequential=outline.sequential,
            enrolment=enrolment,
            completion=completions.get(outline.pk),
            progress_rows=[r for r in progress_rows if r.module_id in ids],
        )
        entry = DashboardEntry(course=outline, progress=progress)
        if progress.completion:
            completed.append(entry)
        elif enrolment.is_active:
            active.append(entry)
    return {
        "active": active,
        "completed": completed,
        "certificates": learner_certificates(learner=learner),
    }


def course_progress_report(*, course: CoursePage) -> dict:
    """For trainers: enrolled, in-progress and completed learners of a course, by commune."""
    modules = course_modules(course=course)
    enrolments = Enrolment.objects.filter(course=course, left_at__isnull=True).annotate(
        started=Exists(
            ModuleProgress.objects.filter(learner=OuterRef("learner"), module__in=modules)
        ),
        completed=Exists(
            CourseCompletion.objects.filter(learner=OuterRef("learner"), course=course)
        ),
    )
    rows = list(
        enrolments.values("commune__code", "commune__name", "commune__province__name")
        .annotate(
            enrolled=Count("pk"),
            in_progress=Count("pk", filter=Q(started=True, completed=False)),
            completed_count=Count("pk", filter=Q(completed=True)),
        )
        .order_by("commune__province__name", "commune__name")
    )
    totals = {
        "enrolled": sum(r["enrolled"] for r in rows),
        "in_progress": sum(r["in_progress"] for r in rows),
        "completed": sum(r["completed_count"] for r in rows),
    }
    return {"course": course, "rows": rows, "totals": totals, "module_count": len(modules)}


def trainer_course_list(*, user) -> QuerySet:
    """Courses the user may edit, with their learner counts, for the trainer's progress view."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    courses = CoursePage.objects.filter(pk__in=editable.values("pk")).order_by("title")
    return courses.annotate(
        learner_count=Count(
            "enrolments", filter=Q(enrolments__left_at__isnull=True), distinct=True
        ),
        completion_count=Count("completions", distinct=True),
    )


def learner_has_completed(*, learner, course: CoursePage) -> bool:
    return CourseCompletion.objects.filter(learner=learner, course=course).exists()


def courses_with_history(*, pages) -> list[CoursePage]:
    """The courses among `pages` and their descendants with enrolments or completions, by title.

    Such a course must not be deleted: its enrolments and completions are the statistics'
    history. One query whatever the number of pages.
    """
    pages = list(pages)
    if not pages:
        return []
    within = reduce(or_, (Q(path__startswith=page.path) for page in pages))
    return list(
        CoursePage.objects.filter(within)
        .filter(
            Exists(Enrolment.objects.filter(course=OuterRef("pk")))
            | Exists(CourseCompletion.objects.filter(course=OuterRef("pk")))
        )
        .order_by("title", "pk")
    )
