"""Roster and summary exports as CSV or XLSX, streamed with flat memory at national scale.

`roster_export` gives one row per enrolment; `summary_export` one row per commune (or
province), course and learner group, with subtotals and targets. Both return an `Export` whose
`rows` is a generator: the database is read through `.iterator(chunk_size=...)`, and the
per-row extras (progress, best score) are fetched one chunk of enrolments at a time, so memory
does not grow with the number of rows.

CSV is UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly); a text cell that
starts with = + - @ tab or CR gets a leading apostrophe so that a spreadsheet does not run it
as a formula. XLSX is written by XlsxWriter in constant-memory mode, text always as strings,
and starts a new sheet when one reaches Excel's row limit (`XLSX_MAX_ROWS`, header included).
"""

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

import xlsxwriter
from django.db import connection
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.certificates.reports import certificate_codes_for_enrolments
from courses.models import (
    Class,
    CoursePage,
    ModulePage,
    ModulePartResult,
    ModuleProgress,
    Target,
)
from courses.reports.forms import ReportFilters
from courses.reports.lookups import AnyOf
from courses.reports.pg_copy import copy_lines, roster_copy_query
from courses.reports.scopes import COMMUNE, PROVINCE, Area
from courses.reports.selectors import class_breakdown, counts_in, enrolments_in
from home.models import Commune, LearnerGroup, Province
from home.spreadsheets.formulas import FORMULA_TRIGGERS, neutralise

XLSX_MAX_ROWS = 1_048_576
CHUNK_SIZE = 2_000
CSV_FLUSH_CHARS = 64 * 1024
KINDS = ("roster", "summary", "classes")
FORMATS = ("csv", "xlsx")


@dataclass
class Export:
    kind: str
    columns: list[str]
    rows: Iterator[tuple]
    filename_stem: str
    # On PostgreSQL, a COPY statement and its parameters that write the same rows as CSV
    # (`courses.reports.pg_copy`); `csv_chunks` streams it instead of the rows.
    copy: tuple[str, list] | None = None


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items from `iterable` (itertools.batched arrives with Python 3.12)."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _local(value: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime | None:
    """An aware datetime as naive time in `tz` (what a spreadsheet shows).

    The caller looks the current time zone up once: `timezone.localtime` looks it up for every
    call, which was a fifth of the roster's time."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(tz).replace(tzinfo=None)


def _group_labels() -> dict[str, str]:
    return {"": "", **{group.value: str(group.label) for group in LearnerGroup}}


# --- roster ---------------------------------------------------------------------------------


def _course_modules() -> tuple[dict[int, int], dict[int, int], set[int]]:
    """(module id → course id, course id → required live modules, required live module ids)."""
    course_by_path = dict(CoursePage.objects.values_list("path", "pk"))
    steplen = ModulePage.steplen
    module_course, required_count, required_ids = {}, defaultdict(int), set()
    for pk, path, live, required in ModulePage.objects.values_list(
        "pk", "path", "live", "is_required"
    ):
        course_id = course_by_path.get(path[:-steplen])
        if course_id is None:
            continue
        module_course[pk] = course_id
        if live and required:
            required_count[course_id] += 1
            required_ids.add(pk)
    return module_course, required_count, required_ids


def _chunk_extras(learner_ids, module_course, required_ids):
    """Completed required modules and the best score per (learner, course) for one chunk.

    Only the learners are filtered in SQL (as one array parameter on PostgreSQL, see `AnyOf`):
    a second list of module ids doubled the time spent preparing each query, and the few
    other rows are dropped here."""
    learner_ids = list(learner_ids)
    done = defaultdict(int)
    for learner_id, module_id in ModuleProgress.objects.filter(
        AnyOf(F("learner_id"), learner_ids), completed_at__isnull=False
    ).values_list("learner_id", "module_id"):
        if module_id in required_ids:
            done[learner_id, module_course[module_id]] += 1
    best = {}
    for learner_id, module_id, score in ModulePartResult.objects.filter(
        AnyOf(F("learner_id"), learner_ids), score__isnull=False
    ).values_list("learner_id", "module_id", "score"):
        course_id = module_course.get(module_id)
        if course_id is None:
            continue
        key = (learner_id, course_id)
        if key not in best or score > best[key]:
            best[key] = score
    return done, best


def roster_columns() -> list[str]:
    return [
        _("Learner"),
        _("E-mail"),
        _("Learner group"),
        _("Work unit"),
        _("Province"),
        _("Commune code"),
        _("Commune at enrolment"),
        _("Course"),
        _("Enrolled at"),
        _("Progress (%)"),
        _("Completed at"),
        _("Best quiz score (%)"),
        _("Certificate code"),
    ]


def _roster_enrolments(*, area: Area, filters: ReportFilters):
    return enrolments_in(area=area, filters=filters).filter(filters.enrolled_q())


def roster_rows(
    *, area: Area, filters: ReportFilters, after: int = 0, limit: int | None = None
) -> Iterator[tuple]:
    """One tuple per enrolment of the area, oldest first, in `roster_columns` order; `after`
    and `limit` give one page of them (enrolments with a greater id, at most `limit`)."""
    provinces = {p.pk: p.full_name for p in Province.objects.all()}
    communes = {
        pk: (code, name, provinces.get(province_id, ""))
        for pk, code, name, province_id in Commune.objects.filter(area.commune_q()).values_list(
            "pk", "code", "name", "province_id"
        )
    }
    courses = dict(CoursePage.objects.values_list("pk", "title"))
    groups = _group_labels()
    module_course, required_count, required_ids = _course_modules()
    if filters.course is not None:
        module_course = {m: c for m, c in module_course.items() if c == filters.course.pk}
        required_ids = {m for m in required_ids if m in module_course}
    tz = timezone.get_current_timezone()
    fields = [
        "learner_id",
        "learner__full_name",
        "learner__email",
        "learner_group",
        "learner__work_unit",
        "commune_id",
        "course_id",
        "enrolled_at",
        "completed_at",
        "pk",
    ]
    queryset = (
        _roster_enrolments(area=area, filters=filters)
        .filter(pk__gt=after)
        .order_by("pk")
        .values_list(*fields)
    )
    if limit is not None:
        queryset = queryset[:limit]
    for batch in batched(queryset.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        done, best = _chunk_extras({row[0] for row in batch}, module_course, required_ids)
        codes = certificate_codes_for_enrolments([row[9] for row in batch if row[8]])
        for row in batch:
            (
                learner_id,
                name,
                email,
                group,
                unit,
                commune_id,
                course_id,
                enrolled,
                completed,
                enrolment_id,
            ) = row
            code, commune_name, province = communes.get(commune_id, ("", "", ""))
            required = required_count.get(course_id, 0)
            if completed is not None:
                progress = 100
            elif required:
                progress = min(100, round(100 * done[learner_id, course_id] / required))
            else:
                progress = 0
            yield (
                name,
                email,
                groups.get(group, group),
                unit,
                province,
                code,
                commune_name,
                courses.get(course_id, ""),
                _local(enrolled, tz),
                progress,
                _local(completed, tz),
                best.get((learner_id, course_id)),
                codes.get(enrolment_id, ""),
            )


def roster_page_ends(*, area: Area, filters: ReportFilters, after: int, limit: int) -> list[int]:
    """Ids of the page's last enrolment and of the one after it (fewer at the end)."""
    ids = _roster_enrolments(area=area, filters=filters).filter(pk__gt=after).order_by("pk")
    return list(ids.values_list("pk", flat=True)[max(limit - 1, 0) : limit + 1])


def roster_export(*, area: Area, filters: ReportFilters) -> Export:
    copy = None
    if connection.vendor == "postgresql":
        copy = roster_copy_query(
            enrolments=_roster_enrolments(area=area, filters=filters),
            area=area,
            modules=_course_modules(),
            groups=_group_labels(),
            triggers=FORMULA_TRIGGERS,
        )
    return Export(
        kind="roster",
        columns=roster_columns(),
        rows=roster_rows(area=area, filters=filters),
        filename_stem=_filename_stem("roster", area),
        copy=copy,
    )


# --- summary --------------------------------------------------------------------------------


def summary_columns() -> list[str]:
    return [
        _("Province code"),
        _("Province"),
        _("Commune code"),
        _("Commune"),
        _("Course"),
        _("Learner group"),
        _("Enrolments"),
        _("Completions"),
        _("Certificates"),
        _("Completion rate (%)"),
        _("Target"),
        _("% of target"),
    ]


def _rate(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def summary_rows(*, area: Area, filters: ReportFilters, by: str = COMMUNE) -> Iterator[tuple]:
    """Per commune (or province) of the area: one row per course and group with enrolments, then
    subtotals per course ("all groups"), per group ("all courses") and the area's total, each
    with its target. Every commune (province) of the area appears, even without enrolments."""
    by_province = by == PROVINCE and area.level != COMMUNE
    # Enrolments keep their province; a target reaches it through its commune. The detail rows
    # are merged with the provinces (communes) in the same order, so they are sorted by the
    # unit's own codes: per commune by the commune's province, as the communes are listed.
    unit_field = target_unit = "commune__province_id" if by_province else "commune_id"
    unit_order = (
        ["commune__province__code"] if by_province else ["commune__province__code", "commune__code"]
    )
    courses = dict(CoursePage.objects.values_list("pk", "title"))
    groups = _group_labels()
    all_courses, all_groups = _("All courses"), _("All groups")

    def figures(counts):
        return (
            counts.get("enrolments", 0),
            counts.get("completions", 0),
            counts.get("certificates", 0),
        )

    targets = defaultdict(int)
    target_rows = Target.objects.filter(area.target_q())
    if filters.course is not None:
        target_rows = target_rows.filter(course_id=filters.course.pk)
    if filters.group:
        target_rows = target_rows.filter(learner_group=filters.group)
    for unit, course_id, group, total in (
        target_rows.values(target_unit, "course_id", "learner_group")
        .annotate(total=Sum("expected_completions"))
        .order_by()
        .values_list(target_unit, "course_id", "learner_group", "total")
    ):
        targets[unit, course_id, group] += total
    target_keys = defaultdict(set)
    for unit, course_id, group in targets:
        target_keys[unit].add((course_id, group))

    # Summed from the statistics table (decision 029), not counted on the enrolments.
    detail = (
        counts_in(area=area, filters=filters)
        .values(unit_field, "course_id", "learner_group")
        .annotate(
            enrolments=Sum("enrolments"),
            completions=Sum("completions"),
            certificates=Sum("certificates"),
        )
        .filter(Q(enrolments__gt=0) | Q(completions__gt=0))
        .order_by(*unit_order, "course_id", "learner_group")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    pending = next(detail, None)

    if by_province:
        units = (
            Province.objects.filter(pk=area.province.pk) if area.province else Province.objects
        ).order_by("code")
        unit_rows = (
            (p.pk, p.code, p.full_name, "", "") for p in units.iterator(chunk_size=CHUNK_SIZE)
        )
    else:
        provinces = {p.pk: (p.code, p.full_name) for p in Province.objects.all()}
        unit_rows = (
            (pk, *provinces[province_id], code, name)
            for pk, province_id, code, name in Commune.objects.filter(area.commune_q())
            .order_by("province__code", "code")
            .values_list("pk", "province_id", "code", "name")
            .iterator(chunk_size=CHUNK_SIZE)
        )

    for unit_id, province_code, province_name, commune_code, commune_name in unit_rows:
        stats = {}
        while pending is not None and pending[unit_field] == unit_id:
            stats[pending["course_id"], pending["learner_group"]] = pending
            pending = next(detail, None)
        keys = set(stats) | {k for k in target_keys.get(unit_id, ()) if k[0] and k[1]}
        place = (province_code, province_name, commune_code, commune_name)

        per_course, per_group, total = defaultdict(dict), defaultdict(dict), {}
        for key in sorted(keys, key=lambda k: (courses.get(k[0], ""), k[1])):
            course_id, group = key
            counts = stats.get(key, {})
            for bucket in (per_course[course_id], per_group[group], total):
                for name in ("enrolments", "completions", "certificates"):
                    if counts.get(name) is not None:
                        bucket[name] = bucket.get(name, 0) + counts[name]
            yield _summary_row(
                place,
                courses.get(course_id, ""),
                groups.get(group, group),
                figures(counts),
                targets.get((unit_id, course_id, group)),
            )
        for course_id in sorted(
            set(per_course) | {c for c, g in target_keys.get(unit_id, ()) if c and not g},
            key=lambda c: courses.get(c, ""),
        ):
            yield _summary_row(
                place,
                courses.get(course_id, ""),
                all_groups,
                figures(per_course.get(course_id, {})),
                targets.get((unit_id, course_id, "")),
            )
        for group in sorted(
            {g for g in per_group if g}
            | {g for c, g in target_keys.get(unit_id, ()) if g and not c}
        ):
            yield _summary_row(
                place,
                all_courses,
                groups.get(group, group),
                figures(per_group.get(group, {})),
                targets.get((unit_id, None, group)),
            )
        yield _summary_row(
            place,
            filters.course.title if filters.course else all_courses,
            groups[filters.group] if filters.group else all_groups,
            figures(total),
            targets.get((unit_id, filters.course.pk if filters.course else None, filters.group)),
        )


def _summary_row(place, course, group, counts, target) -> tuple:
    enrolments, completions, certificates = counts
    return (
        *place,
        course,
        group,
        enrolments,
        completions,
        certificates,
        _rate(completions, enrolments),
        target,
        _rate(completions, target),
    )


def summary_export(*, area: Area, filters: ReportFilters, by: str = COMMUNE) -> Export:
    return Export(
        kind="summary",
        columns=summary_columns(),
        rows=summary_rows(area=area, filters=filters, by=by),
        filename_stem=_filename_stem("summary", area),
    )


# --- classes --------------------------------------------------------------------------------


def classes_columns() -> list[str]:
    return [
        _("Province code"),
        _("Province"),
        _("Commune code"),
        _("Commune"),
        _("Class"),
        _("Courses"),
        _("Open"),
        _("Starts on"),
        _("Ends on"),
        _("Members"),
        _("Learners"),
        _("Enrolments"),
        _("Completions"),
        _("Completion rate (%)"),
    ]


def classes_export(*, area: Area, filters: ReportFilters) -> Export:
    """One row per class of the area (`selectors.class_breakdown`), with its courses."""
    rows = class_breakdown(area=area, filters=filters)
    provinces = dict(Province.objects.values_list("code", "name"))
    courses = defaultdict(list)
    for class_id, title in (
        Class.objects.filter(pk__in=[row.pk for row in rows], courses__isnull=False)
        .order_by("courses__title")
        .values_list("pk", "courses__title")
    ):
        courses[class_id].append(title)
    yes, no = _("yes"), _("no")

    def lines():
        for row in rows:
            figures = row.figures
            yield (
                row.province_code,
                provinces.get(row.province_code, ""),
                row.commune_code,
                row.commune,
                row.name,
                "; ".join(courses[row.pk]),
                yes if row.is_open else no,
                row.starts_on,
                row.ends_on,
                row.members,
                figures.learners,
                figures.enrolments,
                figures.completions,
                figures.completion_rate,
            )

    return Export(
        kind="classes",
        columns=classes_columns(),
        rows=lines(),
        filename_stem=_filename_stem("classes", area),
    )


def _filename_stem(kind: str, area: Area) -> str:
    place = area.commune.code if area.commune else area.province.code if area.province else "vn"
    return f"{kind}-{place}-{timezone.localdate():%Y%m%d}"


# --- writers --------------------------------------------------------------------------------


# The one rule (home.spreadsheets.formulas), under the name the exports have used.
csv_neutralise = neutralise


def _csv_cell(value) -> str | int | float:
    if value.__class__ is str:  # the common case first: a million rows pass through here
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_neutralise(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


class _Line:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(export: Export) -> Iterator[str]:
    """The export as CSV text in chunks of about 64 KB: BOM and header first."""
    writer = csv.writer(_Line())
    buffer = ["\ufeff", writer.writerow(export.columns)]
    if export.copy is not None:
        yield "".join(buffer)
        yield from copy_lines(*export.copy)
        return
    size = 0
    for row in export.rows:
        line = writer.writerow([_csv_cell(value) for value in row])
        buffer.append(line)
        size += len(line)
        if size >= CSV_FLUSH_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    yield "".join(buffer)


def xlsx_write(export: Export, target) -> int:
    """Write the export to `target` (a path or a binary file); returns the data rows written."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    limit = XLSX_MAX_ROWS
    sheets = 0

    def new_sheet():
        nonlocal sheets
        sheets += 1
        sheet = workbook.add_worksheet(f"{export.kind}-{sheets}")
        for col, title in enumerate(export.columns):
            sheet.write_string(0, col, title, bold)
        return sheet

    sheet, row_index, written = new_sheet(), 1, 0
    for row in export.rows:
        if row_index >= limit:
            sheet, row_index = new_sheet(), 1
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(row_index, col, value)
            elif isinstance(value, bool):
                sheet.write_boolean(row_index, col, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row_index, col, float(value))
            elif isinstance(value, dt.datetime | dt.date):
                sheet.write_datetime(row_index, col, value, when)
            else:
                sheet.write_string(row_index, col, str(value))
        row_index += 1
        written += 1
    workbook.close()
    return written
