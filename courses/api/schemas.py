"""What the statistics API answers, as pydantic schemas (they make the OpenAPI document).

Figures carry the dashboard's names and derived ratios (`courses.reports.selectors.Figures`);
places are named by their official codes (two digits for a province, five for a commune) and
courses by their slug, the same values the query parameters take.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from home.models import LearnerGroup


class ErrorOut(Schema):
    detail: str | list[dict] = Field(description="What went wrong (a list for invalid input).")


class ProvinceOut(Schema):
    code: str = Field(examples=["04"])
    name: str = Field(examples=["Cao Bằng"])
    full_name: str = Field(examples=["Tỉnh Cao Bằng"])


class CommuneOut(Schema):
    code: str = Field(examples=["01273"])
    name: str = Field(examples=["Phường Thục Phán"])
    province: str = Field(description="The province's code.", examples=["04"])


class AreaOut(Schema):
    level: Literal["national", "province", "commune"]
    name: str
    province: ProvinceOut | None = None
    commune: CommuneOut | None = None


class AreasOut(Schema):
    scope: AreaOut = Field(description="The area the token may read (its owner's scope).")
    provinces: list[ProvinceOut]
    communes: list[CommuneOut]


class CourseOut(Schema):
    slug: str
    title: str
    url: str
    module_count: int = Field(description="Published modules of the course.")


class FiguresOut(Schema):
    learners: int = Field(
        description="Distinct learners who enrolled (with a date range: whose first enrolment "
        "in the area falls in it)."
    )
    enrolments: int = Field(description="Enrolments made (in the date range).")
    completions: int = Field(description="Completions (in the date range).")
    certificates: int | None = Field(description="Valid certificates of those completions.")
    target: int | None = Field(description="Expected completions; null without a target.")
    completion_rate: float | None = Field(description="Completions per enrolment, percent.")
    target_rate: float | None = Field(description="Completions as a percentage of the target.")


class RowOut(Schema):
    code: str = Field(
        description="Province code, commune code, course slug or learner group ('' for "
        "enrolments without a group): the value that asks for this row as a filter."
    )
    label: str
    figures: FiguresOut


class TrendPointOut(Schema):
    start: dt.date = Field(description="First day of the week or month.")
    enrolments: int
    completions: int


class FiltersOut(Schema):
    course: str | None = None
    group: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    period: str


class StatisticsOut(Schema):
    area: AreaOut
    filters: FiltersOut
    computed_at: dt.datetime = Field(
        description="When these figures were counted (they are kept up to "
        "STATISTICS_CACHE_SECONDS, like the dashboard's)."
    )
    totals: FiguresOut
    breakdown_level: Literal["province", "commune", "course"] = Field(
        description="What the breakdown rows are: provinces (national), communes (province) or "
        "courses (commune)."
    )
    breakdown: list[RowOut]
    groups: list[RowOut]
    trend: list[TrendPointOut]
    communes_without_completion: int


# Dates are read as text of this shape and checked by the dashboard's filter form: a pydantic
# `date` would also take "0" (a Unix time, 1970-01-01), which schemathesis found.
ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DAY = {"pattern": ISO_DAY, "json_schema_extra": {"format": "date"}}


class StatisticsQuery(Schema):
    province: str | None = Field(None, description="Two-digit province code.")
    commune: str | None = Field(None, description="Five-digit commune code.")
    course: str | None = Field(None, description="A course's slug (see /courses/).")
    group: LearnerGroup | None = Field(None, description="Learner group.")
    date_from: str | None = Field(None, description="First day (YYYY-MM-DD), inclusive.", **DAY)
    date_to: str | None = Field(None, description="Last day (YYYY-MM-DD), inclusive.", **DAY)
    period: Literal["month", "week"] = Field("month", description="Step of the trend.")


class ClassFiguresOut(Schema):
    learners: int = Field(description="Members who enrolled in the class's courses.")
    enrolments: int = Field(description="Members' enrolments in the class's courses.")
    completions: int = Field(description="Of those enrolments, the completed ones.")
    completion_rate: float | None = Field(description="Completions per enrolment, percent.")


class ClassOut(Schema):
    id: int
    name: str
    province: str = Field(description="Two-digit code of the class's province.")
    commune: str = Field(description="Five-digit code of the class's commune.")
    commune_name: str
    open: bool = Field(description="Whether learners may still join with the class's code.")
    starts_on: dt.date | None
    ends_on: dt.date | None
    members: int
    figures: ClassFiguresOut


class ClassesOut(Schema):
    area: AreaOut
    classes: list[ClassOut]


class RosterQuery(StatisticsQuery):
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(100, ge=1, le=1000, description="Rows per page (at most 1000).")


class RosterRowOut(Schema):
    learner: str
    email: str
    group: str = Field(description="Learner group at enrolment (label).")
    work_unit: str
    province: str
    commune_code: str
    commune: str = Field(description="The commune the learner had when enrolling.")
    course: str
    enrolled_at: dt.datetime | None
    progress: int = Field(description="Required modules completed, percent.")
    completed_at: dt.datetime | None
    best_score: float | None = Field(description="Best quiz score in the course, percent.")
    certificate_code: str


class RosterOut(Schema):
    area: AreaOut
    rows: list[RosterRowOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class OpenRowOut(Schema):
    code: str = Field(
        description="Province code, commune code or learner group ('VN' for the country, '' "
        "for enrolments without a group)."
    )
    name: str
    learners: int | None = Field(
        description="Distinct learners who enrolled (with a date range: whose first enrolment "
        "in the area falls in it); null if suppressed."
    )
    enrolments: int | None
    completions: int | None
    certificates: int | None
    target: int | None = Field(description="Expected completions; null without a target.")
    completion_rate: float | None = Field(description="Completions per enrolment, percent.")
    target_rate: float | None = Field(description="Completions as a percentage of the target.")
    suppressed: bool = Field(
        description="Counts withheld: fewer learners than the publication threshold (or the "
        "one row more that would give such a row back by subtraction from the total)."
    )


class OpenFiguresOut(Schema):
    licence: str = Field(examples=["CC BY 4.0"])
    licence_url: str
    publisher: str
    computed_at: dt.datetime = Field(
        description="When these figures were counted (at most STATISTICS_CACHE_SECONDS ago)."
    )
    minimum_count: int = Field(
        description="Rows below the province with fewer learners than this are suppressed."
    )
    area: AreaOut
    totals: OpenRowOut
    row_level: Literal["province", "commune"]
    rows: list[OpenRowOut] = Field(description="One row per province, or per commune.")
    groups: list[OpenRowOut] = Field(description="One row per learner group.")
