"""The roster as PostgreSQL writes it: one `COPY (SELECT ...) TO STDOUT` instead of Python rows.

At national scale the roster's cost was Python building a million tuples and CSV lines
(decision 009 measured 48 s for 1,000,000 rows, a raw COPY of the same rows 12 s). On
PostgreSQL the whole row is computed in SQL: the scope and filters come from the same Django
queryset as the Python path (`exports.roster_rows`), modules done and best scores are
aggregated per learner and course, certificate codes read per completed enrolment, and the
formula neutralisation, date format, rounding and number format are written in SQL so that
the bytes are those of the Python path: `tests/courses/test_reports_copy.py` compares the two
row for row. The Python path stays for SQLite and for XLSX, which needs typed cells.

What is read from Python first (small, bounded by the number of courses, modules, provinces and
learner groups) goes in as array parameters: which modules belong to which course and which are
required, the provinces' full names and the learner groups' translated labels.
"""

from collections.abc import Iterator

from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from courses.certificates.codes import GROUP
from courses.models import Certificate, CourseCompletion, ModulePartResult, ModuleProgress
from home.models import Commune, Province, User

COPY_FLUSH_BYTES = 64 * 1024


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _char(character: str) -> str:
    """A one-character SQL literal for a constant of ours (no quoting needed with chr())."""
    return f"chr({ord(character)})"


def _text(column: str, triggers: tuple[str, ...]) -> str:
    """SQL for a text cell as `exports.csv_neutralise` writes it; an empty text is NULL, which
    COPY writes as an empty unquoted field (an empty string it would write as "")."""
    starts = ", ".join(_char(c) for c in triggers)
    return (
        f"NULLIF(CASE WHEN left({column}, 1) IN ({starts}) THEN chr(39) || {column} "
        f"ELSE {column} END, '')"
    )


def _local_time(column: str) -> str:
    """`datetime.isoformat(" ", "seconds")` of the time in the current time zone."""
    return f"to_char({column} AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI:SS')"


def _round_half_even(numerator: str, denominator: str) -> str:
    """Python's round(numerator / denominator) for non-negative integers (ties to even)."""
    # %% is the modulo operator: the statement goes through parameter substitution.
    quotient = f"(({numerator}) / ({denominator}))"
    remainder = f"(({numerator}) %% ({denominator}))"
    return (
        f"({quotient} + CASE WHEN 2 * {remainder} > ({denominator}) THEN 1 "
        f"WHEN 2 * {remainder} = ({denominator}) THEN {quotient} %% 2 ELSE 0 END)"
    )


def roster_copy_query(*, enrolments, area, modules, groups, triggers) -> tuple[str, list]:
    """The COPY statement and its parameters for the roster of `enrolments` (a queryset).

    `modules` is `exports._course_modules()`: (module → course, course → required count,
    required module ids); `groups` maps learner group values to labels."""
    module_course, required_count, required_ids = modules
    enrolment_sql, enrolment_params = (
        enrolments.order_by()
        .values(
            "pk",
            "learner_id",
            "course_id",
            "commune_id",
            "learner_group",
            "enrolled_at",
            "completed_at",
        )
        .query.sql_with_params()
    )
    commune_sql, commune_params = (
        Commune.objects.filter(area.commune_q())
        .order_by()
        .values("pk", "code", "name", "province_id")
        .query.sql_with_params()
    )
    provinces = {p.pk: p.full_name for p in Province.objects.all()}
    tz = timezone.get_current_timezone_name()
    course_modules = sorted(module_course.items())
    required = sorted((m, module_course[m]) for m in required_ids)
    required_counts = sorted(required_count.items())
    group_items = sorted(groups.items())
    text = lambda column: _text(column, triggers)  # noqa: E731 - local shorthand
    progress = _round_half_even("100 * COALESCE(d.n, 0)", "rc.n")
    cells = ",\n        ".join(
        [
            text("u.full_name"),
            text("u.email"),
            text("COALESCE(g.label, e.learner_group)"),
            text("u.work_unit"),
            text("pr.full_name"),
            text("c.code"),
            text("c.name"),
            text("cp.title"),
            _local_time("e.enrolled_at"),
            "CASE WHEN e.completed_at IS NOT NULL THEN 100 "
            f"WHEN rc.n > 0 THEN LEAST(100, {progress}) ELSE 0 END",
            _local_time("e.completed_at"),
            "CASE WHEN b.score = trunc(b.score) THEN trunc(b.score)::bigint::text "
            "ELSE b.score::text END",
            text(f"regexp_replace(k.code, '(.{{{GROUP}}})(?=.)', '\\1-', 'g')"),
        ]
    )
    # Table names come from the models and every value is a parameter.
    sql = f"""
COPY (
    WITH e AS MATERIALIZED ({enrolment_sql}),
    course_module (module_id, course_id) AS (SELECT * FROM unnest(%s::integer[], %s::integer[])),
    required (module_id, course_id) AS (SELECT * FROM unnest(%s::integer[], %s::integer[])),
    done AS (
        SELECT p.learner_id, r.course_id, count(*) AS n
        FROM {_table(ModuleProgress)} p JOIN required r ON r.module_id = p.module_id
        WHERE p.completed_at IS NOT NULL AND p.learner_id IN (SELECT learner_id FROM e)
        GROUP BY 1, 2
    ),
    best AS (
        SELECT s.learner_id, m.course_id, max(s.score) AS score
        FROM {_table(ModulePartResult)} s JOIN course_module m ON m.module_id = s.module_id
        WHERE s.score IS NOT NULL AND s.learner_id IN (SELECT learner_id FROM e)
        GROUP BY 1, 2
    )
    SELECT
        {cells}
    FROM e
    JOIN {_table(User)} u ON u.id = e.learner_id
    LEFT JOIN ({commune_sql}) c ON c.pk = e.commune_id
    LEFT JOIN unnest(%s::integer[], %s::text[]) pr (id, full_name) ON pr.id = c.province_id
    LEFT JOIN {_table(Page)} cp ON cp.id = e.course_id
    LEFT JOIN unnest(%s::text[], %s::text[]) g (value, label) ON g.value = e.learner_group
    LEFT JOIN unnest(%s::integer[], %s::integer[]) rc (course_id, n) ON rc.course_id = e.course_id
    LEFT JOIN done d ON d.learner_id = e.learner_id AND d.course_id = e.course_id
    LEFT JOIN best b ON b.learner_id = e.learner_id AND b.course_id = e.course_id
    LEFT JOIN LATERAL (
        SELECT certificate.code
        FROM {_table(Certificate)} certificate
        JOIN {_table(CourseCompletion)} completion ON completion.id = certificate.completion_id
        WHERE e.completed_at IS NOT NULL AND completion.enrolment_id = e.pk
            AND certificate.status = %s
        ORDER BY certificate.id DESC
        LIMIT 1
    ) k ON true
    ORDER BY e.pk
) TO STDOUT WITH (FORMAT csv)
"""  # noqa: S608
    # In the order of the placeholders in the statement.
    params = [
        *enrolment_params,
        [m for m, _c in course_modules],
        [c for _m, c in course_modules],
        [m for m, _c in required],
        [c for _m, c in required],
        tz,  # enrolled at
        tz,  # completed at
        *commune_params,
        list(provinces),
        list(provinces.values()),
        [value for value, _label in group_items],
        [label for _value, label in group_items],
        [c for c, _n in required_counts],
        [n for _c, n in required_counts],
        Certificate.Status.VALID.value,
    ]
    return sql, params


def copy_lines(sql: str, params: list) -> Iterator[str]:
    """The statement's CSV output in chunks of about 64 KB, each row ending in CRLF as the
    csv module's rows do (PostgreSQL ends them in LF and sends one row per message)."""
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        buffer, size = [], 0
        for data in copy:
            row = bytes(data)
            if row.endswith(b"\n"):
                row = row[:-1] + b"\r\n"
            buffer.append(row)
            size += len(row)
            if size >= COPY_FLUSH_BYTES:
                yield b"".join(buffer).decode()
                buffer, size = [], 0
        if buffer:
            yield b"".join(buffer).decode()
