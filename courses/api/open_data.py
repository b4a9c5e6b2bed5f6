"""Open data: the national and provincial figures of the dashboard, for anyone, without
personal data (issue #20, item 4; docs/decisions/024-open-data.md).

`open_figures` reads the dashboard's own cached figures (`dashboard_figures` with no filter,
in the site's language: the entries `manage.py refresh_statistics` counts ahead), so open data
costs no count of its own and always equals the dashboard. It keeps only aggregates: the
area's totals, one row per province (national) or commune (province) and one per learner
group. Rows below the province (communes, a province's learner groups) with fewer than
OPEN_DATA_MIN_COUNT learners are suppressed by `small_counts_suppress`, with one more row when a
single one would otherwise be found again by subtraction from the total.
`open_data_export` gives the same rows to the exports' CSV writer.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils import translation

from courses.reports.exports import Export
from courses.reports.forms import ReportFilters
from courses.reports.scopes import NATIONAL_AREA, PROVINCE, Area, scope_resolve
from courses.reports.selectors import Figures, Row, dashboard_figures

NATIONAL_CODE = "VN"
COUNTS = ("learners", "enrolments", "completions", "certificates")


@dataclass(frozen=True)
class OpenRow:
    """One published row: a place or a learner group; counts are None when suppressed."""

    code: str
    name: str
    learners: int | None
    enrolments: int | None
    completions: int | None
    certificates: int | None
    target: int | None
    completion_rate: float | None
    target_rate: float | None
    suppressed: bool = False

    @classmethod
    def of(cls, *, code: str, name: str, figures: Figures) -> "OpenRow":
        return cls(
            code=code,
            name=name,
            learners=figures.learners,
            enrolments=figures.enrolments,
            completions=figures.completions,
            certificates=figures.certificates,
            target=figures.target,
            completion_rate=figures.completion_rate,
            target_rate=figures.target_rate,
        )

    def suppress(self) -> "OpenRow":
        """The row with its counts and rates taken out (its target is a plan, not a count)."""
        return replace(
            self,
            **dict.fromkeys(COUNTS, None),
            completion_rate=None,
            target_rate=None,
            suppressed=True,
        )


@dataclass(frozen=True)
class OpenFigures:
    """What open data publishes for one area, and when it was counted."""

    area: Area
    computed_at: dt.datetime
    totals: OpenRow
    row_level: str
    rows: list[OpenRow]
    groups: list[OpenRow]


def small_counts_suppress(rows: list[OpenRow], *, minimum: int) -> list[OpenRow]:
    """`rows` with the counts of each row of 1 to `minimum - 1` learners suppressed.

    When exactly one row is suppressed, the published row with the fewest learners (but some) is
    suppressed too: otherwise the area's total minus the published rows would give it back.
    Rows without learners stay: a zero names nobody."""
    small = {
        index
        for index, row in enumerate(rows)
        if row.learners is not None and 0 < row.learners < minimum
    }
    if len(small) == 1:
        others = [
            (row.learners, index)
            for index, row in enumerate(rows)
            if index not in small and row.learners
        ]
        if others:
            small.add(min(others)[1])
    return [row.suppress() if index in small else row for index, row in enumerate(rows)]


def open_area(*, province_code: str | None = None) -> Area:
    """The country, or the province with this code (Http404 when there is none)."""
    if not province_code:
        return NATIONAL_AREA
    return scope_resolve(user=None, province_code=province_code, scope=NATIONAL_AREA)


def _open_rows(rows: list[Row]) -> list[OpenRow]:
    return [
        OpenRow.of(code=next(iter(row.params.values()), ""), name=row.label, figures=row.figures)
        for row in rows
    ]


def open_figures(*, area: Area) -> OpenFigures:
    """The published figures of the country or of one province (see the module docstring)."""
    with translation.override(settings.LANGUAGE_CODE):
        dashboard = dashboard_figures(area=area, filters=ReportFilters())
        if area.level == PROVINCE:
            code, name = area.province.code, area.province.full_name
        else:
            code, name = NATIONAL_CODE, str(area)
    context = dashboard.context
    rows = sorted(_open_rows(context["breakdown"]), key=lambda row: row.code)
    groups = _open_rows(context["groups"])
    if area.level == PROVINCE:
        minimum = settings.OPEN_DATA_MIN_COUNT
        rows = small_counts_suppress(rows, minimum=minimum)
        groups = small_counts_suppress(groups, minimum=minimum)
    return OpenFigures(
        area=area,
        computed_at=dashboard.computed_at,
        totals=OpenRow.of(code=code, name=name, figures=context["totals"]),
        row_level=context["breakdown_level"],
        rows=rows,
        groups=groups,
    )


def open_data_licence() -> str:
    """The licence line every answer carries."""
    return (
        f"{settings.OPEN_DATA_LICENCE} ({settings.OPEN_DATA_LICENCE_URL}), "
        f"{settings.OPEN_DATA_PUBLISHER}"
    )


OPEN_COLUMNS = [
    "code",
    "name",
    "learners",
    "enrolments",
    "completions",
    "certificates",
    "target",
    "completion_rate",
    "target_rate",
    "suppressed",
]


def _csv_row(row: OpenRow) -> tuple:
    return (*(getattr(row, name) for name in OPEN_COLUMNS[:-1]), int(row.suppressed))


def open_data_export(*, figures: OpenFigures) -> Export:
    """The rows, then the area's total, then one line with the licence, as an `Export` for the
    exports' CSV writer (formula neutralisation, UTF-8 with a byte-order mark). Column names
    are the JSON answer's field names, the same in every language."""
    place = figures.area.province.code if figures.area.province else NATIONAL_CODE.lower()
    computed = figures.computed_at.isoformat(timespec="seconds")
    footer = (f"Licence: {open_data_licence()}. Computed at {computed}.",)
    return Export(
        kind="open-data",
        columns=OPEN_COLUMNS,
        rows=iter([*map(_csv_row, figures.rows), _csv_row(figures.totals), footer]),
        filename_stem=f"open-data-{place}-{figures.computed_at:%Y%m%d}",
    )
