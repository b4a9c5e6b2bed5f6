"""Benchmark of the completion statistics at national scale, on PostgreSQL (run on demand).

    .venv/bin/python bench/statistics_bench.py          # 500,000 learners, 1,000,000 enrolments
    .venv/bin/python bench/statistics_bench.py --learners 50000 --enrolments 100000
    .venv/bin/python bench/statistics_bench.py --keep   # keep the database afterwards

Creates a separate database (default elearn_bench on 127.0.0.1, dropped at the end unless
--keep), migrates it, loads the 34 provinces and 3,321 communes, bulk-inserts learners,
enrolments, completions, progress and scores with COPY, then measures:

* the dashboard for a province manager (the province with most communes): time and queries;
* the national learner roster as CSV and as XLSX, each in a fresh process: time and peak
  resident memory (ru_maxrss), and the Python heap peak (tracemalloc) when --tracemalloc.

Not part of the test suite. Results go to stdout; bench/README.md records a run.
"""

import argparse
import dataclasses
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/elearn_bench"
COURSES = 10
MODULES_PER_COURSE = 3
COMPLETION_SHARE = 0.4
GROUPS = ["official", "digital_team", "citizen"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Hà"]
MIDDLE = ["Thị", "Văn", "Đức", "Thu", "Minh", "Quốc", "Hồng"]
GIVEN = ["Nhung", "Đức", "Bích", "Cường", "Hà", "Việt", "Lan", "Sơn", "Tùng", "Ánh"]


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.test")
    import django

    django.setup()


def admin_sql(url: str, statement: str) -> None:
    import psycopg

    base, _, _name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def generate(*, learners: int, enrolments: int, seed: int = 57) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Site

    from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
    from courses.models import ManagerScope
    from courses.reports.services import manager_scope_set
    from home.models import Commune, User
    from home.places import places_load

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    places_load()
    root = Site.objects.get(is_default_site=True).root_page
    catalog = CourseIndexPageFactory(parent=root)
    courses, modules = [], {}
    for n in range(COURSES):
        course = CoursePageFactory(parent=catalog, title=f"Kỹ năng số {n + 1}", slug=f"ky-nang-{n}")
        courses.append(course.pk)
        modules[course.pk] = [
            m.pk for m in ModulePageFactory.create_batch(MODULES_PER_COURSE, parent=course)
        ]
    communes = list(Commune.objects.values_list("pk", "province_id"))
    now = datetime.now(UTC)
    per_learner = max(1, round(enrolments / learners))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM home_user")
        first_user = cursor.fetchone()[0] + 1
        raw = cursor.connection
        user_rows = []
        with raw.cursor().copy(
            "COPY home_user (id, password, is_superuser, first_name, last_name, is_staff, "
            "is_active, date_joined, email, full_name, phone, commune_id, learner_group, "
            "work_unit) FROM STDIN"
        ) as copy:
            for i in range(learners):
                (commune, province), group = rng.choice(communes), rng.choice(GROUPS)
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                copy.write_row(
                    (
                        first_user + i,
                        "!",
                        False,
                        "",
                        "",
                        False,
                        True,
                        now,
                        f"hv{i}@bench.vn",
                        name,
                        "",
                        commune,
                        group,
                        "UBND xã",
                    )
                )
                user_rows.append((commune, province, group))
        made = 0
        enrolment_id = 0
        completions, progress, scores = [], [], []
        with raw.cursor().copy(
            "COPY courses_enrolment (id, learner_id, course_id, commune_id, province_id, "
            "learner_group, enrolled_at, left_at, completed_at) FROM STDIN"
        ) as copy:
            for i, (commune, province, group) in enumerate(user_rows):
                if made >= enrolments:
                    break
                for course in rng.sample(courses, min(per_learner, COURSES)):
                    if made >= enrolments:
                        break
                    enrolment_id += 1
                    made += 1
                    enrolled = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
                    roll = rng.random()
                    done = None
                    if roll < COMPLETION_SHARE:
                        done = min(enrolled + timedelta(days=rng.randrange(1, 30)), now)
                        completions.append((first_user + i, course, enrolment_id, done))
                        scores.append((first_user + i, rng.choice(modules[course])))
                    elif roll < COMPLETION_SHARE + 0.3:
                        progress.append((first_user + i, modules[course][0], enrolled))
                    copy.write_row(
                        (
                            enrolment_id,
                            first_user + i,
                            course,
                            commune,
                            province,
                            group,
                            enrolled,
                            None,
                            done,
                        )
                    )
        with raw.cursor().copy(
            "COPY courses_coursecompletion (learner_id, course_id, enrolment_id, completed_at, "
            "score) FROM STDIN"
        ) as copy:
            for learner, course, enrolment, done in completions:
                copy.write_row((learner, course, enrolment, done, Decimal("80.00")))
        # A valid certificate for each completion, as the certificate task would issue.
        cursor.execute(
            "INSERT INTO courses_certificate (code, learner_id, course_id, completion_id, "
            "learner_name, course_title, completed_on, commune_id, commune_name, province_name, "
            "issued_at, status, revocation_reason, pdf, pdf_sha256, issuer_name) "
            "SELECT 'BENCH' || lpad(c.id::text, 12, '0'), c.learner_id, c.course_id, c.id, "
            "u.full_name, 'Kỹ năng số', c.completed_at::date, u.commune_id, '', '', "
            "c.completed_at, 'valid', '', '', '', '' "
            "FROM courses_coursecompletion c JOIN home_user u ON u.id = c.learner_id"
        )
        with raw.cursor().copy(
            "COPY courses_moduleprogress (learner_id, module_id, started_at, completed_at) "
            "FROM STDIN"
        ) as copy:
            for learner, module, when in progress:
                copy.write_row((learner, module, when, when))
        with raw.cursor().copy(
            "COPY courses_modulepartresult (learner_id, module_id, part, score, passed_at, "
            "updated_at) FROM STDIN"
        ) as copy:
            for learner, module in scores:
                copy.write_row(
                    (learner, module, "quiz:1", Decimal(rng.randrange(50, 101)), now, now)
                )
        with raw.cursor().copy(
            "COPY courses_target (commune_id, course_id, learner_group, expected_completions, "
            "updated_at) FROM STDIN"
        ) as copy:
            for commune, _province in communes:
                copy.write_row((commune, None, "", rng.randrange(50, 500), now))
        for table in ("home_user", "courses_enrolment"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608,E501 - fixed names
            )
        cursor.execute("ANALYZE")
    # Rows written with COPY bypass the write path: count the statistics table from them, as
    # `manage.py rebuild_statistics` does, then once more to time a run with nothing to fix.
    from courses.reports.aggregates import learners_rebuild, statistics_rebuild

    rebuild_started = time.perf_counter()
    cells, _corrected = statistics_rebuild()
    rebuild_seconds = time.perf_counter() - rebuild_started
    rebuild_started = time.perf_counter()
    _cells, corrected_again = statistics_rebuild()
    rebuild_again_seconds = time.perf_counter() - rebuild_started
    rebuild_started = time.perf_counter()
    learner_cells, _corrected = learners_rebuild()
    learners_rebuild_seconds = time.perf_counter() - rebuild_started
    rebuild_started = time.perf_counter()
    _cells, learners_corrected_again = learners_rebuild()
    learners_rebuild_again_seconds = time.perf_counter() - rebuild_started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE courses_dailycount")
        cursor.execute("ANALYZE courses_dailylearnercount")
    province_id = (
        Commune.objects.values("province_id")
        .order_by()
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
        .order_by("-n")
        .first()["province_id"]
    )
    manager = User.objects.create_user(email="quanly@bench.vn", password="bench-2025")  # noqa: S106
    from home.models import Province

    manager_scope_set(
        user=manager,
        level=ManagerScope.Level.PROVINCE,
        province=Province.objects.get(pk=province_id),
    )
    return {
        "learners": learners,
        "enrolments": made,
        "completions": len(completions),
        "module_progress": len(progress),
        "part_results": len(scores),
        "generate_seconds": round(time.perf_counter() - started, 1),
        "statistics_cells": cells,
        "rebuild_statistics_seconds": round(rebuild_seconds, 1),
        "rebuild_statistics_again_seconds": round(rebuild_again_seconds, 1),
        "rebuild_statistics_again_corrected": corrected_again,
        "learner_cells": learner_cells,
        "rebuild_learners_seconds": round(learners_rebuild_seconds, 1),
        "rebuild_learners_again_seconds": round(learners_rebuild_again_seconds, 1),
        "rebuild_learners_again_corrected": learners_corrected_again,
    }


def measure_national_dashboard(repeat: int = 3) -> dict:
    """The national administrator's dashboard (every province, every enrolment), counted live,
    then from the cache after `refresh_statistics`."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from home.models import User

    admin = User.objects.filter(email="quocgia@bench.vn").first()
    if admin is None:
        admin = User.objects.create_superuser(email="quocgia@bench.vn", password="bench-2025")  # noqa: S106
    client = Client()
    client.force_login(admin)
    with override_settings(STATISTICS_CACHE_SECONDS=0):  # counted live
        client.get("/admin/statistics/")  # warm-up
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/admin/statistics/")
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        month = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
        client.get(f"/admin/statistics/?date_from={month}")  # warm-up
        last_month = []
        for _ in range(repeat):
            started = time.perf_counter()
            assert client.get(f"/admin/statistics/?date_from={month}").status_code == 200
            last_month.append(time.perf_counter() - started)
    started = time.perf_counter()
    call_command("refresh_statistics", verbosity=0)
    refresh = time.perf_counter() - started
    cached = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get("/admin/statistics/")
        cached.append(time.perf_counter() - started)
    return {
        "national_queries": len(queries),
        "national_seconds_median": round(sorted(timings)[len(timings) // 2], 3),
        "national_seconds_max": round(max(timings), 3),
        "national_last_30_days_seconds_median": round(sorted(last_month)[repeat // 2], 3),
        "refresh_statistics_seconds": round(refresh, 1),
        "national_cached_seconds_median": round(sorted(cached)[len(cached) // 2], 3),
        "province_cached_seconds": round(_timed(Client(), "quanly@bench.vn"), 3),
    }


def _timed(client, email: str) -> float:
    from home.models import User

    client.force_login(User.objects.get(email=email))
    started = time.perf_counter()
    assert client.get("/admin/statistics/").status_code == 200
    return time.perf_counter() - started


def measure_dashboard(repeat: int = 5) -> dict:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from courses.models import Enrolment, ManagerScope
    from home.models import User

    manager = User.objects.get(email="quanly@bench.vn")
    scope = ManagerScope.objects.select_related("province").get(user=manager)
    client = Client()
    client.force_login(manager)
    with override_settings(STATISTICS_CACHE_SECONDS=0):  # counted live
        client.get("/admin/statistics/")  # warm-up
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/admin/statistics/")
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
    communes = scope.province.communes.count()
    return {
        "province": scope.province.full_name,
        "communes": communes,
        "enrolments_in_province": Enrolment.objects.filter(province=scope.province).count(),
        "queries": len(queries),
        "seconds_median": round(sorted(timings)[len(timings) // 2], 3),
        "seconds_max": round(max(timings), 3),
    }


def _vm(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure_export(fmt: str, kind: str, trace: bool) -> dict:
    """Run in a fresh process: export the national file and report time and memory."""
    import tracemalloc

    from courses.reports import exports
    from courses.reports.forms import ReportFilters
    from courses.reports.scopes import NATIONAL_AREA

    # ru_maxrss survives exec (it would report the parent's peak): reset the high-water mark.
    Path("/proc/self/clear_refs").write_text("5")
    baseline = _vm("VmHWM")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    make = exports.summary_export if kind == "summary" else exports.roster_export
    export = make(area=NATIONAL_AREA, filters=ReportFilters())
    if kind == "roster-python":  # the rows Python writes (SQLite's path), for comparison
        export = dataclasses.replace(export, copy=None)
    output = Path(f"/tmp/elearn-bench-{kind}.{fmt}")  # noqa: S108 - bench output
    rows = 0
    if fmt == "csv":
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in exports.csv_chunks(export):
                handle.write(chunk)
    else:
        rows = exports.xlsx_write(export, str(output))
    seconds = time.perf_counter() - started
    result = {
        "format": fmt,
        "kind": kind,
        "seconds": round(seconds, 1),
        "bytes": output.stat().st_size,
        "rss_before_mb": round(baseline / 1024, 1),
        "rss_peak_mb": round(_vm("VmHWM") / 1024, 1),
    }
    if fmt == "xlsx":
        result["rows"] = rows
    else:
        with output.open("rb") as handle:
            result["rows"] = sum(1 for _ in handle) - 1
    if trace:
        result["python_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    output.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--learners", type=int, default=500_000)
    parser.add_argument("--enrolments", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Measure an existing database.")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--skip-roster", action="store_true", help="Only the summary export.")
    parser.add_argument("--export", nargs=2, metavar=("FORMAT", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.export:
        django_setup(args.database_url)
        print(json.dumps(measure_export(*args.export, trace=args.tracemalloc)))
        return

    name = args.database_url.rsplit("/", 1)[1]
    if not args.reuse:
        admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
        admin_sql(args.database_url, f'CREATE DATABASE "{name}"')
    try:
        django_setup(args.database_url)
        results = {}
        if not args.reuse:
            results["data"] = generate(learners=args.learners, enrolments=args.enrolments)
            print(json.dumps(results["data"]), flush=True)
        results["dashboard"] = measure_dashboard()
        print(json.dumps(results["dashboard"]), flush=True)
        results["national_dashboard"] = measure_national_dashboard()
        print(json.dumps(results["national_dashboard"]), flush=True)
        from django.db import connections

        connections.close_all()
        runs = [("csv", "roster"), ("csv", "roster-python"), ("csv", "summary")]
        if args.skip_roster:
            runs = [("csv", "summary")]
        elif not args.skip_xlsx:
            runs.insert(1, ("xlsx", "roster"))
        for fmt, kind in runs:
            command = [
                sys.executable,
                __file__,
                "--database-url",
                args.database_url,
                "--export",
                fmt,
                kind,
            ]
            if args.tracemalloc:
                command.append("--tracemalloc")
            output = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
            results[f"{kind}_{fmt}"] = json.loads(output.stdout.strip().splitlines()[-1])
            print(json.dumps(results[f"{kind}_{fmt}"]), flush=True)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
