"""The statistics API's endpoints (`/api/v1/`), built with django-ninja.

Each endpoint reads the token's scope (left on the request by `auth.TokenAuth`), resolves the
requested area through the dashboard's gate (`courses.reports.scopes.scope_resolve`), calls
one selector and logs the call. Errors are JSON: 401 (token), 403 (outside the scope), 404
(unknown place), 422 (invalid filters), 429 (rate limit). Every answer is `private, no-store`,
except open data (`open/`): anonymous, rate limited per client address, public for a minute,
as JSON or CSV (`courses.api.open_data`).
"""

import logging
from typing import Literal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from courses.api.auth import ClientRateThrottle, TokenAuth, TokenRateThrottle
from courses.api.open_data import (
    OpenFigures,
    OpenRow,
    open_area,
    open_data_export,
    open_figures,
)
from courses.api.schemas import (
    AreasOut,
    ClassesOut,
    CourseOut,
    ErrorOut,
    OpenFiguresOut,
    RosterOut,
    RosterQuery,
    StatisticsOut,
    StatisticsQuery,
)
from courses.api.selectors import area_places
from courses.reports.exports import csv_chunks, roster_page_ends, roster_rows
from courses.reports.forms import ReportFilters, filters_parse
from courses.reports.scopes import Area, scope_resolve
from courses.reports.selectors import Row, class_breakdown, dashboard_figures
from courses.selectors import live_courses_with_module_counts

logger = logging.getLogger("elearn.api")

ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
NO_STORE = "private, no-store"
OPEN_CACHE = "public, max-age=60"
CURSOR_SALT = "elearn.api.roster"
ROSTER_FIELDS = [
    "learner",
    "email",
    "group",
    "work_unit",
    "province",
    "commune_code",
    "commune",
    "course",
    "enrolled_at",
    "progress",
    "completed_at",
    "best_score",
    "certificate_code",
]


class StatisticsApi(NinjaAPI):
    """NinjaAPI whose every response is private and whose refusals are logged."""

    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        if not response.has_header("Cache-Control"):  # open data sets its own
            response["Cache-Control"] = NO_STORE
        return response

    def on_exception(self, request, exc):
        response = super().on_exception(request, exc)
        if response.status_code >= 400:
            asked = ",".join(
                f"{name}:{request.GET[name][:20]!r}"  # quoted: no line breaks in the log
                for name in ("province", "commune")
                if name in request.GET
            )
            call_log(request, area=f"asked {asked or '-'}", rows=0, status=response.status_code)
        return response


api = StatisticsApi(
    title="Bình dân học vụ số: statistics API",
    version="1",
    description=(
        "Read-only figures of the programme (enrolments, completions, certificates, targets) "
        "for the area a personal API token may read. Send `Authorization: Bearer <token>`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    # Swagger UI from django-ninja's own static files; no call to the online validator.
    docs=Swagger(settings={"validatorUrl": None}),
)


def call_log(request, *, area: "Area | str", rows: int, status: int = 200) -> None:
    """One line per call on the "elearn.api" logger: token id, endpoint, area, rows, status."""
    token = getattr(request, "auth", None)
    if isinstance(area, Area):
        area = ":".join([area.level, *area.params().values()])
    logger.info(
        "api call token=%s endpoint=%s area=%s rows=%d status=%d",
        getattr(token, "pk", "-"),
        request.path,
        area,
        rows,
        status,
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": "This area is outside the token's scope."}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "No such province or commune."}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "A valid API token is required."}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _area(request, *, province: str | None = None, commune: str | None = None) -> Area:
    """The requested area inside the token's scope (PermissionDenied / Http404 otherwise)."""
    return scope_resolve(
        user=request.auth.owner,
        province_code=province,
        commune_code=commune,
        scope=request.api_scope,
    )


def _filters(query: StatisticsQuery) -> ReportFilters:
    """The dashboard's filters from the query; any value the dashboard would drop is a 422."""
    params = {
        "course": query.course or "",
        "group": query.group.value if query.group else "",
        "date_from": query.date_from or "",
        "date_to": query.date_to or "",
        "period": query.period,
    }
    filters, form = filters_parse(params=params)
    if filters.ignored:
        raise ValidationError(
            [
                {"loc": ["query", name], "msg": " ".join(str(m) for m in form.errors[name])}
                for name in filters.ignored
            ]
        )
    return filters


def _province(province) -> dict:
    return {"code": province.code, "name": province.name, "full_name": province.full_name}


def _commune(commune) -> dict:
    return {"code": commune.code, "name": commune.name, "province": commune.province.code}


def _area_out(area: Area) -> dict:
    return {
        "level": area.level,
        "name": str(area),
        "province": _province(area.province) if area.province else None,
        "commune": _commune(area.commune) if area.commune else None,
    }


def _figures(figures) -> dict:
    return {
        "learners": figures.learners,
        "enrolments": figures.enrolments,
        "completions": figures.completions,
        "certificates": figures.certificates,
        "target": figures.target,
        "completion_rate": figures.completion_rate,
        "target_rate": figures.target_rate,
    }


def _row(row: Row) -> dict:
    code = next(iter(row.params.values()), "")
    return {"code": code, "label": row.label, "figures": _figures(row.figures)}


@api.get(
    "/areas/",
    response={200: AreasOut, **ERRORS},
    summary="Provinces and communes within the token's scope",
)
def areas(request, province: str | None = None):
    """Every province and commune the token may ask for; `province` narrows the communes."""
    scope = _area(request)
    area = _area(request, province=province) if province else scope
    provinces, communes = area_places(area=area)
    call_log(request, area=area, rows=len(communes))
    return {
        "scope": _area_out(scope),
        "provinces": [_province(p) for p in provinces],
        "communes": [_commune(c) for c in communes],
    }


@api.get(
    "/courses/",
    response={200: list[CourseOut], **ERRORS},
    summary="Published courses with their module counts",
)
def courses(request):
    """The courses learners can take now, by title; their slugs filter /statistics/."""
    scope = _area(request)
    rows = [
        {
            "slug": course.slug,
            "title": course.title,
            "url": course.get_full_url(request) or course.url,
            "module_count": course.module_count or 0,
        }
        for course in live_courses_with_module_counts()
    ]
    call_log(request, area=scope, rows=len(rows))
    return rows


@api.get(
    "/statistics/",
    response={200: StatisticsOut, **ERRORS},
    summary="Figures for an area, as on the statistics dashboard",
)
def statistics(request, query: Query[StatisticsQuery]):
    """Totals, the breakdown one level down, learner groups and the trend for the area
    (`province` or `commune`; the token's whole scope without either), with the dashboard's
    filters. The figures are the dashboard's for the same filters, counted at `computed_at`."""
    area = _area(request, province=query.province, commune=query.commune)
    filters = _filters(query)
    dashboard = dashboard_figures(area=area, filters=filters)
    context = dashboard.context
    call_log(request, area=area, rows=len(context["breakdown"]))
    return {
        "area": _area_out(area),
        "filters": {
            "course": filters.course.slug if filters.course else None,
            "group": filters.group or None,
            "date_from": filters.date_from,
            "date_to": filters.date_to,
            "period": filters.period,
        },
        "computed_at": dashboard.computed_at,
        "totals": _figures(context["totals"]),
        "breakdown_level": context["breakdown_level"],
        "breakdown": [_row(row) for row in context["breakdown"]],
        "groups": [_row(row) for row in context["groups"]],
        "trend": [
            {"start": p.start, "enrolments": p.enrolments, "completions": p.completions}
            for p in context["trend"]
        ],
        "communes_without_completion": context["gaps"]["count"],
    }


@api.get(
    "/classes/",
    response={200: ClassesOut, **ERRORS},
    summary="Classes of an area with their members' progress",
)
def classes(request, query: Query[StatisticsQuery]):
    """Every class of the area (`province` or `commune`; the token's whole scope without
    either): its commune, dates, members, and its members' enrolments and completions in the
    class's own courses, with the dashboard's course, group and date filters (`period` is not
    used). No personal data."""
    area = _area(request, province=query.province, commune=query.commune)
    rows = class_breakdown(area=area, filters=_filters(query))
    call_log(request, area=area, rows=len(rows))
    return {
        "area": _area_out(area),
        "classes": [
            {
                "id": row.pk,
                "name": row.name,
                "province": row.province_code,
                "commune": row.commune_code,
                "commune_name": row.commune,
                "open": row.is_open,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "members": row.members,
                "figures": {
                    "learners": row.figures.learners,
                    "enrolments": row.figures.enrolments,
                    "completions": row.figures.completions,
                    "completion_rate": row.figures.completion_rate,
                },
            }
            for row in rows
        ],
    }


def _cursor_read(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(signing.loads(cursor, salt=CURSOR_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(
            [{"loc": ["query", "cursor"], "msg": "Not a cursor this API gave."}]
        ) from None


def _aware(value):
    tz = timezone.get_current_timezone()
    return timezone.make_aware(value, tz) if value is not None else None


@api.get(
    "/roster/",
    response={200: RosterOut, **ERRORS},
    summary="One row per enrolment, with the learner's name and e-mail, a page at a time",
)
def roster(request, query: Query[RosterQuery]):
    """The dashboard's learner roster for the area and filters, oldest enrolment first, in
    pages of `limit` rows; follow `next_cursor` until it is null. The only endpoint with
    personal data: keep what it returns as you would the roster file."""
    area = _area(request, province=query.province, commune=query.commune)
    filters = _filters(query)
    after = _cursor_read(query.cursor)
    rows = [
        dict(zip(ROSTER_FIELDS, row, strict=True))
        for row in roster_rows(area=area, filters=filters, after=after, limit=query.limit)
    ]
    for row in rows:
        row["enrolled_at"] = _aware(row["enrolled_at"])
        row["completed_at"] = _aware(row["completed_at"])
        row["best_score"] = float(row["best_score"]) if row["best_score"] is not None else None
    ends = roster_page_ends(area=area, filters=filters, after=after, limit=query.limit)
    more = len(rows) == query.limit and len(ends) == 2
    call_log(request, area=area, rows=len(rows))
    return {
        "area": _area_out(area),
        "rows": rows,
        "next_cursor": signing.dumps(ends[0], salt=CURSOR_SALT) if more else None,
    }


# --- open data ------------------------------------------------------------------------------

OPEN_ERRORS = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
CSV_TYPE = "text/csv; charset=utf-8"
CSV_CONTENT = {
    "text/csv": {"schema": {"type": "string", "description": "The rows as CSV (UTF-8, BOM)."}}
}
CSV_ONLY = {"responses": {200: {"description": "OK", "content": CSV_CONTENT}}}
OPEN = {"auth": None, "throttle": ClientRateThrottle(), "tags": ["open data"]}
PROVINCE_CODE = Path(..., pattern=r"^[0-9]{2}$", description="Two-digit province code.")
FORMAT = Query(
    "json", alias="format", description="`csv` for the same rows as CSV (as the `.csv` path)."
)


def _open_row(row: OpenRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "learners": row.learners,
        "enrolments": row.enrolments,
        "completions": row.completions,
        "certificates": row.certificates,
        "target": row.target,
        "completion_rate": row.completion_rate,
        "target_rate": row.target_rate,
        "suppressed": row.suppressed,
    }


def _open_headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = OPEN_CACHE
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    return response


def _open_answer(request, response: HttpResponse, *, province_code: str | None, as_csv: bool):
    """Open data of the country or a province, as the JSON schema or as CSV."""
    area = open_area(province_code=province_code)
    figures: OpenFigures = open_figures(area=area)
    call_log(request, area=area, rows=len(figures.rows))
    if as_csv:
        export = open_data_export(figures=figures)
        csv_response = HttpResponse("".join(csv_chunks(export)), content_type=CSV_TYPE)
        csv_response["Content-Disposition"] = f'attachment; filename="{export.filename_stem}.csv"'
        return _open_headers(csv_response)
    _open_headers(response)
    return {
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "computed_at": figures.computed_at,
        "minimum_count": settings.OPEN_DATA_MIN_COUNT,
        "area": _area_out(area),
        "totals": _open_row(figures.totals),
        "row_level": figures.row_level,
        "rows": [_open_row(row) for row in figures.rows],
        "groups": [_open_row(row) for row in figures.groups],
    }


@api.get(
    "/open/provinces/",
    response={200: OpenFiguresOut, **OPEN_ERRORS},
    summary="Open data: the country's figures, one row per province (no token)",
    openapi_extra={"responses": {200: {"content": CSV_CONTENT}}},
    **OPEN,
)
def open_provinces(request, response: HttpResponse, fmt: Literal["json", "csv"] = FORMAT):
    """Learners, enrolments, completions, certificates and targets of the whole country, of
    each province and of each learner group, without personal data, under the licence the
    answer names. Counted with the dashboard at most STATISTICS_CACHE_SECONDS ago."""
    return _open_answer(request, response, province_code=None, as_csv=fmt == "csv")


@api.get(
    "/open/provinces.csv",
    response=OPEN_ERRORS,
    summary="Open data: the country's figures as CSV (no token)",
    openapi_extra=CSV_ONLY,
    **OPEN,
)
def open_provinces_csv(request, response: HttpResponse):
    """The rows of `/open/provinces/` as CSV: one per province, then the country's total, then
    the licence line."""
    return _open_answer(request, response, province_code=None, as_csv=True)


@api.get(
    "/open/provinces/{code}/",
    response={200: OpenFiguresOut, **OPEN_ERRORS},
    summary="Open data: a province's figures, one row per commune (no token)",
    openapi_extra={"responses": {200: {"content": CSV_CONTENT}}},
    **OPEN,
)
def open_province(
    request,
    response: HttpResponse,
    code: str = PROVINCE_CODE,
    fmt: Literal["json", "csv"] = FORMAT,
):
    """The province's totals, one row per commune and one per learner group. A commune or
    group with fewer than `minimum_count` learners has its counts suppressed (null)."""
    return _open_answer(request, response, province_code=code, as_csv=fmt == "csv")


@api.get(
    "/open/provinces/{code}.csv",
    response=OPEN_ERRORS,
    summary="Open data: a province's figures as CSV (no token)",
    openapi_extra=CSV_ONLY,
    **OPEN,
)
def open_province_csv(request, response: HttpResponse, code: str = PROVINCE_CODE):
    """The rows of `/open/provinces/{code}/` as CSV: one per commune, then the province's
    total, then the licence line."""
    return _open_answer(request, response, province_code=code, as_csv=True)
