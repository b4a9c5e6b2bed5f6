"""A class's progress grid: its learners by the modules of its courses, and who is stuck.

`class_progress` reads the whole grid in a fixed number of queries (members, courses, modules,
module progress, best scores, enrolments, completions, certificates, and one per registered
source of failed work), whatever the number of learners: each table is read once for the whole
class, through a subquery on the class's members, and the grid is put together in Python.
`learner_is_stuck` is the pure rule.

Failed quiz attempts live in `quizzes`, which `courses` does not import (decision 013): the
quizzes app registers a source with `failed_work_source_register` from its `ready()`, as it
registers its blocks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.classes.models import Class, ClassMember
from courses.models import (
    Certificate,
    CourseCompletion,
    CoursePage,
    Enrolment,
    ModulePage,
    ModulePartResult,
    ModuleProgress,
)
from courses.reports.exports import Export

STUCK_DAYS_CHOICES = (3, 7, 14, 30)
STUCK_DAYS_DEFAULT = 7


@dataclass(frozen=True)
class FailedWork:
    """Graded work of one learner in one module that failed and was never passed since."""

    attempts: int
    last_failed_at: datetime | None


# A source takes the class's learners (a queryset of learner ids) and the module ids, and returns
# {(learner_id, module_id): FailedWork} in one query.
FailedWorkSource = Callable[..., dict[tuple[int, int], FailedWork]]
_failed_work_sources: list[FailedWorkSource] = []


def failed_work_source_register(source: FailedWorkSource) -> None:
    """Count `source`'s failed work in every class's progress (call it from `AppConfig.ready`)."""
    if source not in _failed_work_sources:
        _failed_work_sources.append(source)


def _failed_work(learners, module_ids) -> dict[tuple[int, int], FailedWork]:
    found: dict[tuple[int, int], FailedWork] = {}
    for source in _failed_work_sources:
        for key, work in source(learners=learners, module_ids=module_ids).items():
            known = found.get(key)
            found[key] = (
                FailedWork(
                    attempts=known.attempts + work.attempts,
                    last_failed_at=_latest(known.last_failed_at, work.last_failed_at),
                )
                if known
                else work
            )
    return found


def learner_is_stuck(
    *,
    last_activity: datetime | None,
    finished: bool,
    now: datetime,
    days: int,
    failing: bool = False,
) -> bool:
    """A learner who has not finished the class's courses and either did nothing for `days`
    days (since they joined, when they never started) or failed graded work in a module
    without passing it since (`failing`)."""
    if finished:
        return False
    if failing:
        return True
    return last_activity is None or now - last_activity >= timedelta(days=days)


@dataclass(frozen=True)
class Cell:
    started: bool
    completed: bool
    best_score: Decimal | None
    failed_attempts: int = 0


@dataclass(frozen=True)
class CourseColumns:
    course: CoursePage
    modules: list[ModulePage]


@dataclass(frozen=True)
class LearnerRow:
    member: ClassMember
    cells: list[Cell]
    completed_courses: int
    certificates: list[str]
    last_activity: datetime | None
    stuck: bool
    failing_modules: int = 0


@dataclass(frozen=True)
class ClassProgress:
    klass: Class
    columns: list[CourseColumns]
    rows: list[LearnerRow]
    stuck_days: int

    @property
    def stuck_rows(self) -> list[LearnerRow]:
        return [row for row in self.rows if row.stuck]

    @property
    def finished_count(self) -> int:
        return sum(1 for row in self.rows if row.completed_courses == len(self.columns))


def _columns(klass: Class) -> list[CourseColumns]:
    courses = list(klass.courses.order_by("title", "pk"))
    if not courses:
        return []
    modules = ModulePage.objects.live().filter(
        reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    )
    by_course = {c.pk: [] for c in courses}
    paths = {c.path: c.pk for c in courses}
    for module in modules.order_by("path").only("pk", "title", "path", "depth"):
        by_course[paths[module.path[: -ModulePage.steplen]]].append(module)
    return [CourseColumns(course=c, modules=by_course[c.pk]) for c in courses]


def _latest(*moments):
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def class_progress(*, klass: Class, now: datetime, stuck_days: int = STUCK_DAYS_DEFAULT):
    """The grid of the class, one row per member in the order they joined."""
    columns = _columns(klass)
    members = list(ClassMember.objects.filter(klass=klass).select_related("learner"))
    learners = ClassMember.objects.filter(klass=klass).values("learner_id")
    module_ids = [m.pk for col in columns for m in col.modules]
    course_ids = [col.course.pk for col in columns]

    progress = {
        (p["learner_id"], p["module_id"]): p
        for p in ModuleProgress.objects.filter(
            learner_id__in=learners, module_id__in=module_ids
        ).values("learner_id", "module_id", "started_at", "completed_at")
    }
    scores = {
        (r["learner_id"], r["module_id"]): r
        for r in ModulePartResult.objects.filter(learner_id__in=learners, module_id__in=module_ids)
        .values("learner_id", "module_id")
        .annotate(best=Max("score"), last=Max("updated_at"))
    }
    completions = {
        (c["learner_id"], c["course_id"]): c["completed_at"]
        for c in CourseCompletion.objects.filter(
            learner_id__in=learners, course_id__in=course_ids
        ).values("learner_id", "course_id", "completed_at")
    }
    enrolled = dict(
        Enrolment.objects.filter(learner_id__in=learners, course_id__in=course_ids)
        .values("learner_id")
        .annotate(last=Max("enrolled_at"))
        .values_list("learner_id", "last")
    )
    failed = _failed_work(learners, module_ids)
    certificates: dict[int, list[str]] = {}
    for learner_id, code in (
        Certificate.objects.filter(
            learner_id__in=learners, course_id__in=course_ids, status=Certificate.Status.VALID
        )
        .order_by("issued_at", "pk")
        .values_list("learner_id", "code")
    ):
        certificates.setdefault(learner_id, []).append(code)

    rows = []
    for member in members:
        lid = member.learner_id
        cells, last = [], _latest(member.joined_at, enrolled.get(lid))
        for col in columns:
            for module in col.modules:
                p = progress.get((lid, module.pk))
                s = scores.get((lid, module.pk))
                f = failed.get((lid, module.pk))
                cells.append(
                    Cell(
                        started=p is not None,
                        completed=bool(p and p["completed_at"]),
                        best_score=s["best"] if s else None,
                        failed_attempts=f.attempts if f else 0,
                    )
                )
                last = _latest(
                    last,
                    p and p["started_at"],
                    p and p["completed_at"],
                    s and s["last"],
                    f and f.last_failed_at,
                )
        failing = sum(1 for cell in cells if cell.failed_attempts)
        done = sum(1 for cid in course_ids if (lid, cid) in completions)
        last = _latest(last, *(completions.get((lid, cid)) for cid in course_ids))
        rows.append(
            LearnerRow(
                member=member,
                cells=cells,
                completed_courses=done,
                certificates=certificates.get(lid, []),
                last_activity=last,
                stuck=learner_is_stuck(
                    last_activity=last,
                    finished=bool(columns) and done == len(columns),
                    now=now,
                    days=stuck_days,
                    failing=bool(failing),
                ),
                failing_modules=failing,
            )
        )
    return ClassProgress(klass=klass, columns=columns, rows=rows, stuck_days=stuck_days)


def _naive(moment: datetime | None) -> datetime | None:
    """Local wall-clock time without a zone, as spreadsheets want it."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def class_progress_export(*, progress: ClassProgress):
    """The grid as an export (`courses.reports.exports.Export`) for the shared CSV and XLSX
    writers: one row per learner, a status and a best-score column per module."""
    modules = [(col.course, module) for col in progress.columns for module in col.modules]
    columns = [_("Learner"), _("E-mail"), _("Phone"), _("Joined")]
    for course, module in modules:
        label = f"{course.title} - {module.title}"
        columns += [label, f"{label}: " + _("best score (%)")]
    columns += [
        _("Courses completed"),
        _("Last activity"),
        _("Certificates"),
        _("Modules with a failed quiz"),
        _("Stuck"),
    ]
    status = {True: _("completed"), False: _("started")}

    def rows():
        for row in progress.rows:
            learner = row.member.learner
            values = [
                learner.get_full_name(),
                learner.email,
                learner.phone,
                _naive(row.member.joined_at),
            ]
            for cell in row.cells:
                values += [status[cell.completed] if cell.started else "", cell.best_score]
            values += [
                row.completed_courses,
                _naive(row.last_activity),
                " ".join(row.certificates),
                row.failing_modules,
                _("yes") if row.stuck else "",
            ]
            yield tuple(values)

    stem = f"class-{progress.klass.pk}-{timezone.localdate():%Y%m%d}"
    return Export(kind="class", columns=columns, rows=rows(), filename_stem=stem)
