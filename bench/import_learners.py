"""Benchmark of the learner import (bulk enrolment) at 10,000 and 50,000 rows (run on demand).

    .venv/bin/python bench/import_learners.py                   # PostgreSQL, 10k and 50k rows
    .venv/bin/python bench/import_learners.py --rows 10000 50000 --tracemalloc
    .venv/bin/python bench/import_learners.py --database-url sqlite:////tmp/import-bench.sqlite3
    .venv/bin/python bench/import_learners.py --personnel 5000     # the messy XLSX of issue #15

Creates a separate database (default elearn_import_bench on 127.0.0.1, dropped at the end
unless --keep), migrates it, loads the 34 provinces and 3,321 communes and publishes two
courses. For each size it writes a CSV file of generated learners (Vietnamese names, communes
by name within their province or by code, phones in several spellings, about 1 % bad rows)
and, in a fresh process, runs what the admin does: the dry run, the confirmation and the
import (invitations rendered and handed to a dummy mail backend), then the same file again,
which must change nothing. It reports the time of each run, the peak resident memory
(VmHWM) and, every 10,000 rows, the resident memory and (with --tracemalloc) the Python heap
in use, to show that memory stays flat as rows stream through.

With --personnel N it imports instead the messy personnel list of the acceptance test
(`tests/courses/enrolment_import/personnel.py`: title rows, two-level merged header, merged
communes, formulas, footer rows) as an XLSX file of N rows, as the province manager of Thanh Hóa.

Not part of the test suite. Results go to stdout; bench/README.md records a run.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/elearn_import_bench"
SAMPLE_EVERY = 10_000
HEADER = ["Họ và tên", "Email", "Số điện thoại", "Tỉnh/Thành phố", "Xã/Phường", "Nhóm", "Đơn vị"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Hà"]
MIDDLE = ["Thị", "Văn", "Đức", "Thu", "Minh", "Quốc", "Hồng"]
GIVEN = ["Nhung", "Đức", "Bích", "Cường", "Hà", "Việt", "Lan", "Sơn", "Tùng", "Ánh"]
GROUPS = ["Cán bộ, công chức, viên chức", "Tổ công nghệ số cộng đồng", "Người dân", ""]


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.test")
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    if os.environ.get("ENROLMENT_IMPORT_DIR"):
        settings.ENROLMENT_IMPORT_DIR = Path(os.environ["ENROLMENT_IMPORT_DIR"])


def database_create(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.split("sqlite:///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.split("sqlite:///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def prepare() -> dict:
    """Migrate, load the places, publish two courses and create the national administrator."""
    from django.core.management import call_command
    from wagtail.models import Site

    from courses.factories import CourseIndexPageFactory, CoursePageFactory
    from courses.models import ManagerScope
    from home.models import Province, User
    from home.places import places_load

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    places_load()
    catalog = CourseIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    for n, title in enumerate(["Kỹ năng số cơ bản", "An toàn thông tin"]):
        CoursePageFactory(parent=catalog, title=title, slug=f"bench-{n}")
    User.objects.create_superuser(email="quantri@bench.vn", password="bench-2025")  # noqa: S106
    manager = User.objects.create_user(email="sonoivu@bench.vn", is_staff=True)
    ManagerScope.objects.create(
        user=manager, level="province", province=Province.objects.get(code="38")
    )
    return {"prepare_seconds": round(time.perf_counter() - started, 1)}


def learners_file(path: Path, rows: int, mobile: str, seed: int = 57) -> None:
    """A CSV file of `rows` learners as a personnel office would send it.

    `mobile` ("3", "7", "8" or "9") starts every phone, so each file names other people.
    """
    from home.models import Commune

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    communes = list(Commune.objects.select_related("province"))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            commune = rng.choice(communes)
            by_code = rng.random() < 0.3
            phone = f"0{mobile}{n:08d}"
            phone = rng.choice([phone, f"{phone[:4]} {phone[4:7]} {phone[7:]}", "+84" + phone[1:]])
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            row = [
                name,
                f"hv{n}.{mobile}@bench.vn",
                phone,
                "" if by_code else commune.province.name,
                commune.code if by_code else commune.name,
                rng.choice(GROUPS),
                f"UBND {commune.name}",
            ]
            if n % 100 == 99:  # about 1 % bad rows
                row[rng.choice([1, 4])] = rng.choice(["khong-phai-email", "Xã Không Có"])
            writer.writerow(row)


def _vm(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def personnel_file(path: Path, rows: int) -> None:
    """The acceptance test's messy personnel list of `rows` people, as XLSX."""
    from tests.courses.enrolment_import import personnel

    path.write_bytes(personnel.xlsx_bytes(personnel.personnel_list(rows)))


def measure_import(path: str, trace: bool, owner_email: str = "quantri@bench.vn") -> dict:
    """Run in a fresh process: check, confirm and import the file, then import it again."""
    import tracemalloc

    from django.core.files import File

    from courses.enrolment_import import services
    from courses.models import CoursePage
    from home.models import User

    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM, inherited across exec
    owner = User.objects.get(email=owner_email)
    courses = list(CoursePage.objects.live().filter(slug__startswith="bench-"))
    samples = []
    apply = services._batch_apply

    def sampled(**kwargs):
        result = apply(**kwargs)
        done = sampled.rows = sampled.rows + len(kwargs["checks"])
        if done % SAMPLE_EVERY == 0:
            sample = {"run": sampled.run, "rows": done, "rss_mb": round(_vm("VmRSS") / 1024, 1)}
            if trace:
                sample["python_heap_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
            samples.append(sample)
        return result

    services._batch_apply = sampled
    if trace:
        tracemalloc.start()
    baseline = _vm("VmRSS")
    result = {"file": Path(path).name, "rss_before_mb": round(baseline / 1024, 1)}
    for attempt in ("first", "again"):
        with open(path, "rb") as handle:
            job = services.import_job_create(
                owner=owner, upload=File(handle, name=Path(path).name), courses=courses
            )
        timings = {}
        for run, dry_run in (("check", True), ("import", False)):
            sampled.rows, sampled.run = 0, f"{attempt} {run}"
            started = time.perf_counter()
            if not dry_run:
                job = services.import_job_confirm(job=job)
            job = services.import_job_run(job=job, dry_run=dry_run)
            timings[f"{run}_seconds"] = round(time.perf_counter() - started, 1)
            assert job.status in ("checked", "done"), job.error
        result[attempt] = {
            **timings,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "enrolled": job.enrolled,
            "rejected": job.rejected,
        }
    result["rss_peak_mb"] = round(_vm("VmHWM") / 1024, 1)
    if trace:
        result["python_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    result["samples"] = samples
    result["accounts"] = User.objects.count()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--tracemalloc", action="store_true", help="Also trace the Python heap.")
    parser.add_argument(
        "--personnel", type=int, metavar="ROWS", help="Import the messy XLSX list of ROWS rows."
    )
    parser.add_argument("--measure", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--owner", default="quantri@bench.vn", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        django_setup(args.database_url)
        print(
            json.dumps(measure_import(args.measure, trace=args.tracemalloc, owner_email=args.owner))
        )
        return

    folder = Path(tempfile.mkdtemp(prefix="elearn-import-bench-"))
    os.environ["ENROLMENT_IMPORT_DIR"] = str(folder / "imports")
    database_create(args.database_url)
    try:
        django_setup(args.database_url)
        print(json.dumps(prepare()), flush=True)
        from django.db import connections

        national = "quantri@bench.vn"
        runs = [(rows, mobile, national) for rows, mobile in zip(args.rows, "3789", strict=False)]
        if args.personnel:
            runs = [(args.personnel, None, "sonoivu@bench.vn")]
        for rows, mobile, owner in runs:
            if mobile is None:
                path = folder / f"personnel-{rows}.xlsx"
                personnel_file(path, rows)
            else:
                path = folder / f"learners-{rows}.csv"
                learners_file(path, rows, mobile)
            connections.close_all()
            command = [
                sys.executable,
                __file__,
                "--database-url",
                args.database_url,
                "--measure",
                str(path),
                "--owner",
                owner,
            ]
            if args.tracemalloc:
                command.append("--tracemalloc")
            output = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if output.returncode:
                sys.exit(output.stderr)
            print(output.stdout.strip().splitlines()[-1], flush=True)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            database_drop(args.database_url)


if __name__ == "__main__":
    main()
