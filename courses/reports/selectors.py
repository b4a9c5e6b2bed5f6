"""Read-side queries of the statistics dashboard, for one area and one set of filters.

Every function takes an `Area` from `scopes.scope_resolve` and `ReportFilters` from
`forms.filters_parse`, and runs a fixed number of aggregate queries whatever the number of
communes or enrolments: counting happens in the database, never over rows in Python.

Counting rules (docs/decisions/006-scoped-statistics.md): an enrolment belongs to the commune
(and province) the learner had when enrolling; a completion is an enrolment with a
`CourseCompletion`, whose date the enrolment keeps a copy of (`Enrolment.completed_at`); with a
date range, enrolments count by `enrolled_at` and completions by `completed_at`, and learners
by the day of their first enrolment in the area (docs/decisions/032-distinct-learners.md). A
target without a course or group covers all of them; a province's target is its communes' sum.
Enrolments are read through their own `province` and `completed_at` columns, without joins, so
that a province's figures read only its rows (docs/decisions/009-report-columns.md).
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import get_language

from courses.certificates.reports import certificate_exists_for_enrolment
from courses.models import Class, CoursePage, DailyCount, DailyLearnerCount, Enrolment, Target
from courses.reports.aggregates import MEASURES
from courses.reports.forms import Period, ReportFilters
from courses.reports.scopes import COMMUNE, NATIONAL, PROVINCE, Area
from home.models import Commune, LearnerGroup, Province

GAP_LIST_LIMIT = 200
TREND_MONTHS = 12
TREND_WEEKS = 26


@dataclass
class Figures:
    """Counts for one row of a report, with the ratios derived from them."""

    learners: int = 0
    enrolments: int = 0
    completions: int = 0
    certificates: int | None = None
    target: int | None = None

    @property
    def completion_rate(self) -> float | None:
        """Completions per enrolment, in percent (None without enrolments)."""
        return round(100 * self.completions / self.enrolments, 1) if self.enrolments else None

    @property
    def target_rate(self) -> float | None:
        """Completions as a percentage of the target (None without a target)."""
        return round(100 * self.completions / self.target, 1) if self.target else None


@dataclass(frozen=True)
class ClassCount:
    """How many classes a row of the breakdown has, and how many learners they hold."""

    classes: int = 0
    members: int = 0


@dataclass
class Row:
    key: object
    label: str
    figures: Figures
    params: dict = field(default_factory=dict)
    classes: ClassCount = field(default_factory=ClassCount)


def enrolments_in(*, area: Area, filters: ReportFilters) -> QuerySet[Enrolment]:
    """Enrolments of the area matching course and group, made or completed in the range."""
    queryset = Enrolment.objects.filter(area.enrolment_q(), filters.enrolment_q())
    if area.is_national:
        queryset = queryset.filter(commune__isnull=False)
    if filters.has_dates:
        queryset = queryset.filter(filters.enrolled_q() | filters.completed_q())
    return queryset


def _count(expression: str, condition: Q, **kwargs) -> Count:
    return (
        Count(expression, filter=condition, **kwargs) if condition else Count(expression, **kwargs)
    )


def figure_aggregates(
    *, filters: ReportFilters, learners: bool = True, certificates: bool = True
) -> dict:
    """Aggregate expressions over an Enrolment queryset, keyed like `Figures` fields."""
    enrolled = filters.enrolled_q()
    completed = filters.completed_q()
    aggregates = {
        "enrolments": _count("pk", enrolled),
        "completions": Count("pk", filter=completed),
    }
    if learners:
        aggregates["learners"] = _count("learner_id", enrolled, distinct=True)
    if certificates:
        aggregates["certificates"] = Count(
            "pk", filter=completed & Q(certificate_exists_for_enrolment())
        )
    return aggregates


def _figures(values: dict | None, target=None) -> Figures:
    values = values or {}
    return Figures(
        learners=values.get("learners") or 0,
        enrolments=values.get("enrolments") or 0,
        completions=values.get("completions") or 0,
        certificates=values.get("certificates"),
        target=target,
    )


# The breakdown units on the statistics table, whose cells name only their commune.
COUNT_UNIT = {NATIONAL: "commune__province_id", PROVINCE: "commune_id", COMMUNE: "course_id"}


def counts_in(*, area: Area, filters: ReportFilters) -> QuerySet[DailyCount]:
    """The statistics table's cells of the area matching course, group and date range."""
    return DailyCount.objects.filter(area.count_q(), filters.count_q())


def learner_counts_in(*, filters: ReportFilters) -> QuerySet[DailyLearnerCount]:
    """The distinct-learner table's cells in the date range: learners whose first enrolment in
    an area falls in it (decision 032)."""
    q = Q()
    if filters.date_from:
        q &= Q(day__gte=filters.date_from)
    if filters.date_to:
        q &= Q(day__lte=filters.date_to)
    return DailyLearnerCount.objects.filter(q)


LEARNER_LEVEL = {
    NATIONAL: DailyLearnerCount.Level.NATION,
    PROVINCE: DailyLearnerCount.Level.PROVINCE,
    COMMUNE: DailyLearnerCount.Level.COMMUNE,
}


class AreaCounts:
    """The area's enrolments, completions and certificates per (breakdown unit, learner group),
    summed from the statistics table in one query that the totals, the breakdown and the groups
    all add up from, whatever the number of enrolments (decision 029).

    Learners are people, not enrolments: someone enrolled in two courses, or in two communes,
    counts once per row, so they are summed from their own table, where each learner counts
    once per area on the day of their first enrolment there (one query per table, made only
    when asked for; decision 032). With a course filter, and per course, a learner has at most
    one enrolment and learners equal enrolments."""

    def __init__(self, *, area: Area, filters: ReportFilters):
        self.area, self.filters = area, filters
        unit = COUNT_UNIT[area.level]
        self.cells = {
            (key, group): (enrolments, completions, certificates)
            for key, group, enrolments, completions, certificates in counts_in(
                area=area, filters=filters
            )
            .values(unit, "learner_group")
            .annotate(e=Sum("enrolments"), c=Sum("completions"), cert=Sum("certificates"))
            .order_by()
            .values_list(unit, "learner_group", "e", "c", "cert")
        }

    def _sums(self, position: int | None) -> dict:
        sums = {}
        for key, values in self.cells.items():
            name = key[position] if position is not None else None
            sums[name] = [a + b for a, b in zip(sums.get(name, (0, 0, 0)), values, strict=True)]
        return {name: dict(zip(MEASURES, values, strict=True)) for name, values in sums.items()}

    def _place(self) -> str:
        if self.area.level == COMMUNE:
            return self.area.commune.code
        if self.area.level == PROVINCE:
            return self.area.province.code
        return ""

    def _learners(self, position: int | None) -> dict:
        per_course = position == 0 and self.area.level == COMMUNE
        if self.filters.course is not None or per_course:
            return {name: sums["enrolments"] for name, sums in self._sums(position).items()}
        cells = learner_counts_in(filters=self.filters)
        here = cells.filter(level=LEARNER_LEVEL[self.area.level], place=self._place())
        if position is None:
            total = here.filter(learner_group=self.filters.group).aggregate(n=Sum("learners"))
            return {None: total["n"] or 0}
        if position == 1:
            groups = here.exclude(learner_group=DailyLearnerCount.ALL_GROUPS)
            if self.filters.group:
                groups = groups.filter(learner_group=self.filters.group)
            return {
                "" if group == DailyLearnerCount.NO_GROUP else group: n
                for group, n in groups.values("learner_group")
                .annotate(n=Sum("learners"))
                .order_by()
                .values_list("learner_group", "n")
            }
        if self.area.level == NATIONAL:
            level, places = DailyLearnerCount.Level.PROVINCE, Province.objects.all()
        else:
            level = DailyLearnerCount.Level.COMMUNE
            places = Commune.objects.filter(self.area.commune_q())
        codes = dict(places.values_list("code", "pk"))
        units = cells.filter(level=level, learner_group=self.filters.group)
        if self.area.level != NATIONAL:
            units = units.filter(place__in=list(codes))
        return {
            codes[place]: n
            for place, n in units.values("place")
            .annotate(n=Sum("learners"))
            .order_by()
            .values_list("place", "n")
            if place in codes
        }

    def _figures(self, position: int | None) -> dict:
        sums = self._sums(position)
        learners = self._learners(position)
        return {
            name: {**sums.get(name, {}), "learners": learners.get(name, 0)}
            for name in sums.keys() | learners.keys()
        }

    def total(self) -> dict:
        return self._figures(None).get(None, {})

    def by_unit(self) -> dict:
        return self._figures(0)

    def by_group(self) -> dict:
        return self._figures(1)


def targets_in(*, area: Area, filters: ReportFilters) -> QuerySet[Target]:
    """The targets that measure what the filters select (see the module docstring)."""
    course_q = Q(course_id=filters.course.pk) if filters.course else Q(course__isnull=True)
    return Target.objects.filter(area.target_q(), course_q, learner_group=filters.group)


def area_totals(*, area: Area, filters: ReportFilters, counts: AreaCounts | None = None) -> Figures:
    if counts is None:
        counts = AreaCounts(area=area, filters=filters)
    target = targets_in(area=area, filters=filters).aggregate(total=Sum("expected_completions"))
    return _figures({"certificates": 0, **counts.total()}, target["total"])


def area_breakdown(
    *, area: Area, filters: ReportFilters, counts: AreaCounts | None = None
) -> list[Row]:
    """One row per province (national), per commune (province) or per course (commune)."""
    if counts is None:
        counts = AreaCounts(area=area, filters=filters)
    stats = {key: {"certificates": 0, **values} for key, values in counts.by_unit().items()}
    if area.level == NATIONAL:
        targets = dict(
            targets_in(area=area, filters=filters)
            .values("commune__province_id")
            .annotate(total=Sum("expected_completions"))
            .order_by()
            .values_list("commune__province_id", "total")
        )
        return [
            Row(
                p.pk,
                p.full_name,
                _figures(stats.get(p.pk), targets.get(p.pk)),
                {"province": p.code},
            )
            for p in Province.objects.order_by("name")
        ]
    if area.level == PROVINCE:
        targets = dict(
            targets_in(area=area, filters=filters)
            .values("commune_id")
            .annotate(total=Sum("expected_completions"))
            .order_by()
            .values_list("commune_id", "total")
        )
        return [
            Row(c.pk, c.name, _figures(stats.get(c.pk), targets.get(c.pk)), {"commune": c.code})
            for c in Commune.objects.filter(area.commune_q()).order_by("name")
        ]
    course_targets = Target.objects.filter(
        area.target_q(), course__isnull=False, learner_group=filters.group
    )
    if filters.course:
        course_targets = course_targets.filter(course_id=filters.course.pk)
    targets = dict(course_targets.values_list("course_id", "expected_completions"))
    courses = CoursePage.objects.filter(pk__in=set(stats) | set(targets)).order_by("title")
    return [
        Row(c.pk, c.title, _figures(stats.get(c.pk), targets.get(c.pk)), {"course": c.slug})
        for c in courses.only("pk", "title", "slug")
    ]


def group_breakdown(
    *, area: Area, filters: ReportFilters, counts: AreaCounts | None = None
) -> list[Row]:
    """One row per learner group (and one for enrolments without a group, if any)."""
    if counts is None:
        counts = AreaCounts(area=area, filters=filters)
    stats = {key: {"certificates": 0, **values} for key, values in counts.by_group().items()}
    course_q = Q(course_id=filters.course.pk) if filters.course else Q(course__isnull=True)
    targets = dict(
        Target.objects.filter(area.target_q(), course_q)
        .exclude(learner_group="")
        .values("learner_group")
        .annotate(total=Sum("expected_completions"))
        .order_by()
        .values_list("learner_group", "total")
    )
    groups = [(g.value, g.label) for g in LearnerGroup]
    if filters.group:
        groups = [(value, label) for value, label in groups if value == filters.group]
    rows = [
        Row(value, str(label), _figures(stats.get(value), targets.get(value)), {"group": value})
        for value, label in groups
    ]
    if stats.get(""):
        rows.append(Row("", "—", _figures(stats[""])))
    return rows


@dataclass(frozen=True)
class TrendPoint:
    start: dt.date
    enrolments: int
    completions: int


def _period_starts(*, first: dt.date, last: dt.date, period: str) -> list[dt.date]:
    if period == Period.WEEK:
        start = first - dt.timedelta(days=first.weekday())
        return [start + dt.timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]
    starts, current = [], first.replace(day=1)
    while current <= last:
        starts.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return starts


def trend(*, area: Area, filters: ReportFilters, today: dt.date | None = None) -> list[TrendPoint]:
    """Enrolments and completions per week or month over the date range (or the last year)."""
    today = today or timezone.localdate()
    last = filters.date_to or today
    if filters.date_from:
        first = filters.date_from
    elif filters.period == Period.WEEK:
        first = last - dt.timedelta(weeks=TREND_WEEKS - 1)
    else:
        months = last.year * 12 + last.month - 1 - (TREND_MONTHS - 1)
        first = dt.date(months // 12, months % 12 + 1, 1)
    bounded = ReportFilters(
        course=filters.course, group=filters.group, date_from=first, date_to=last
    )
    trunc = TruncWeek if filters.period == Period.WEEK else TruncMonth
    enrolled, completed = {}, {}
    for period, enrolments, completions in (
        counts_in(area=area, filters=bounded)
        .annotate(period=trunc("day"))
        .values("period")
        .annotate(e=Sum("enrolments"), c=Sum("completions"))
        .order_by()
        .values_list("period", "e", "c")
    ):
        enrolled[period], completed[period] = enrolments, completions
    enrolled = {_as_date(key): n for key, n in enrolled.items()}
    completed = {_as_date(key): n for key, n in completed.items()}
    return [
        TrendPoint(start, enrolled.get(start, 0), completed.get(start, 0))
        for start in _period_starts(first=first, last=last, period=filters.period)
    ]


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def coverage_gaps(*, area: Area, filters: ReportFilters, limit: int = GAP_LIST_LIMIT) -> dict:
    """Communes of the area where nobody has completed yet: their number and the first ones."""
    completed_here = DailyCount.objects.filter(
        filters.count_q(), commune_id=OuterRef("pk"), completions__gt=0
    )
    communes = Commune.objects.filter(area.commune_q()).filter(~Exists(completed_here))
    return {
        "count": communes.count(),
        "communes": list(
            communes.select_related("province").order_by("province__name", "name")[:limit]
        ),
        "limit": limit,
    }


# --- classes -------------------------------------------------------------------------------

CLASS_UNIT = {NATIONAL: "commune__province_id", PROVINCE: "commune_id", COMMUNE: "courses"}
# A province may have hundreds of classes: its dashboard counts them per commune and its
# classes download lists them; a commune's dashboard lists its own.
CLASS_LIST_LEVELS = (COMMUNE,)


@dataclass(frozen=True)
class ClassRow:
    """A class of the area with the figures of its members in its own courses: `figures.learners`
    is how many members enrolled, enrolments and completions count (member, class course)
    pairs, so a member's other courses do not count for the class."""

    pk: int
    name: str
    commune: str
    commune_code: str
    province_code: str
    members: int
    is_open: bool
    starts_on: dt.date | None
    ends_on: dt.date | None
    figures: Figures


def classes_in(*, area: Area) -> QuerySet[Class]:
    """The classes of the area (a class, like a target, names only its commune)."""
    return Class.objects.filter(area.target_q())


def class_counts(*, area: Area) -> dict[object, ClassCount]:
    """Classes and their members per row of `area_breakdown` (province, commune or course)."""
    unit = CLASS_UNIT[area.level]
    return {
        row[unit]: ClassCount(classes=row["classes"], members=row["members"] or 0)
        for row in classes_in(area=area)
        .values(unit)
        .annotate(classes=Count("pk", distinct=True), members=Sum("member_count"))
        .order_by()
    }


def class_totals(*, area: Area) -> ClassCount:
    values = classes_in(area=area).aggregate(classes=Count("pk"), members=Sum("member_count"))
    return ClassCount(classes=values["classes"], members=values["members"] or 0)


def class_breakdown(*, area: Area, filters: ReportFilters) -> list[ClassRow]:
    """One row per class of the area, with its members' enrolments and completions in the
    class's courses (the dashboard's course, group and date filters apply), in two queries
    whatever the number of classes or learners."""
    classes = list(
        classes_in(area=area)
        .order_by("commune__name", "name", "pk")
        .values(
            "pk",
            "name",
            "commune__name",
            "commune__code",
            "commune__province__code",
            "member_count",
            "is_open",
            "starts_on",
            "ends_on",
        )
    )
    klass = "learner__class_memberships__klass"
    # One join path: the enrolment's learner is a member of the class and its course is one
    # of that class's courses; grouping by the same path counts each pair once per class.
    stats = {
        row[klass]: row
        for row in enrolments_in(area=area, filters=filters)
        .filter(**{f"{klass}__in": [c["pk"] for c in classes], f"{klass}__courses": F("course")})
        .values(klass)
        .annotate(**figure_aggregates(filters=filters, certificates=False))
        .order_by()
    }
    return [
        ClassRow(
            pk=c["pk"],
            name=c["name"],
            commune=c["commune__name"],
            commune_code=c["commune__code"],
            province_code=c["commune__province__code"],
            members=c["member_count"],
            is_open=c["is_open"],
            starts_on=c["starts_on"],
            ends_on=c["ends_on"],
            figures=_figures(stats.get(c["pk"])),
        )
        for c in classes
    ]


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's figures and when they were counted."""

    context: dict
    computed_at: dt.datetime


def dashboard_cache_key(*, area: Area, filters: ReportFilters) -> str:
    """One entry per area, filters and language (group labels are translated when counted)."""
    params = urlencode(sorted({**area.params(), **filters.params()}.items()))
    return f"elearn:statistics:{get_language()}:{area.level}:{params}"


def dashboard_figures(*, area: Area, filters: ReportFilters, refresh: bool = False) -> Dashboard:
    """`dashboard_context` from the shared cache, counted again at most every
    STATISTICS_CACHE_SECONDS (0: every time).

    The national dashboard scans every enrolment (six queries of 0.3-0.6 s each at 1,000,000
    enrolments); `manage.py refresh_statistics`, run by a timer a little more often than the
    entries expire, counts the national and provincial dashboards ahead of their readers, so
    that they open from the cache. Who may read an area is decided before (the key only names
    the area), so the cache never widens a scope."""
    seconds = settings.STATISTICS_CACHE_SECONDS
    key = dashboard_cache_key(area=area, filters=filters)
    if seconds and not refresh:
        hit = cache.get(key)
        if hit is not None:
            return hit
    dashboard = Dashboard(dashboard_context(area=area, filters=filters), timezone.now())
    if seconds:
        cache.set(key, dashboard, timeout=seconds)
    return dashboard


def dashboard_context(*, area: Area, filters: ReportFilters) -> dict:
    """Everything the dashboard shows for the area, in a bounded number of queries."""
    breakdown_level = {NATIONAL: PROVINCE, PROVINCE: COMMUNE, COMMUNE: "course"}[area.level]
    figures = AreaCounts(area=area, filters=filters)
    breakdown = area_breakdown(area=area, filters=filters, counts=figures)
    counts = class_counts(area=area)
    for row in breakdown:
        row.classes = counts.get(row.key, ClassCount())
    return {
        "totals": area_totals(area=area, filters=filters, counts=figures),
        "breakdown": breakdown,
        "breakdown_level": breakdown_level,
        "class_totals": class_totals(area=area),
        "classes": (
            class_breakdown(area=area, filters=filters) if area.level in CLASS_LIST_LEVELS else None
        ),
        "groups": group_breakdown(area=area, filters=filters, counts=figures),
        "trend": trend(area=area, filters=filters),
        "gaps": coverage_gaps(area=area, filters=filters),
    }
