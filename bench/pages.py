"""CPU per request of the learner and anonymous pages, as a ratio to a hello-world view (on demand).

    .venv/bin/python bench/pages.py                        # SQLite file in /tmp, demo content
    .venv/bin/python bench/pages.py --enrolments 100000    # with that many other enrolments
    .venv/bin/python bench/pages.py --server               # gunicorn (2 workers) and wrk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearn_bench_pages \
        .venv/bin/python bench/pages.py                    # PostgreSQL (created and dropped)

Builds its own database (a fresh SQLite file, or the PostgreSQL database DATABASE_URL names,
which it creates and drops), migrates it, loads the places and the demo courses, enrols a
learner halfway through the first course and optionally adds --enrolments other enrolments.
Then it serves every page in-process through Django's full handler and middleware (the test
client, DEBUG off) and measures CPU time per request (`time.process_time`, not wall time, so
other jobs on a shared machine disturb it little), interleaving rounds of a minimal Django view
("hello") with rounds of each page. It prints, per page, the median CPU per request, its spread
(interquartile range), the queries of one request, and the ratio hello / page (1.0 = as cheap as
hello world; the issue's goals: >= 0.20 for learner pages, >= 0.5 for anonymous pages).

Not part of the test suite; bench/README.md records runs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds per page")
    parser.add_argument("--requests", type=int, default=40, help="requests per page per round")
    parser.add_argument("--enrolments", type=int, default=0, help="other learners' enrolments")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--server",
        action="store_true",
        help="serve with gunicorn (2 workers) and load each page with wrk instead of in-process",
    )
    parser.add_argument("--seconds", type=int, default=5, help="wrk run length (--server)")
    parser.add_argument(
        "--profile",
        metavar="PAGE",
        help="instead of measuring, profile this page (e.g. 'module, learner') and print the top",
    )
    return parser.parse_args()


def _postgres(command: str, name: str, *, check: bool = True) -> None:
    subprocess.run(  # noqa: S603 - fixed commands on the bench's own database
        [command, "-h", "127.0.0.1", "-U", "postgres", name],
        check=check,
    )


def _database() -> tuple[str, callable]:
    """The database URL to use and a function that removes it."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = Path(tempfile.mkdtemp(prefix="elearn-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    name = url.rsplit("/", 1)[1]
    _postgres("dropdb", name, check=False)
    _postgres("createdb", name)
    return url, lambda: _postgres("dropdb", name, check=False)


def _setup(enrolments: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_places", verbosity=0)
    call_command("seed_demo", verbosity=0)

    from courses import services
    from courses.models import CoursePage, Enrolment
    from courses.selectors import course_modules
    from home.models import Commune, User

    course = CoursePage.objects.live().order_by("path").first()
    modules = course_modules(course=course)
    commune = Commune.objects.order_by("code").first()
    learner = User.objects.create_user(
        email="bench@example.vn",
        password="bench-password-1",  # noqa: S106 - a throw-away database
        full_name="Người Đo",
        commune=commune,
    )
    services.enrolment_create(learner=learner, course=course)
    for module in modules[:1]:
        services.module_start(learner=learner, module=module)
        services.module_mark_done(learner=learner, course=course, module=module)
    services.module_start(learner=learner, module=modules[1])
    if enrolments:
        communes = list(Commune.objects.values_list("pk", "province_id")[:500])
        users = User.objects.bulk_create(
            User(email=f"bench{n}@example.vn", full_name=f"Học viên {n}", commune_id=c[0])
            for n, c in ((n, communes[n % 500]) for n in range(enrolments))
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                learner=user,
                course=course,
                commune_id=communes[n % 500][0],
                province_id=communes[n % 500][1],
                learner_group="official",
            )
            for n, user in enumerate(users)
        )
    return learner, course, modules


def _wrk(url: str, seconds: int, cookie: str | None) -> float:
    """Requests per second that wrk gets from `url` (one thread, four connections)."""
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 - fixed command on loopback
        command, capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors under load:\n{output}")
    return float(output.split("Requests/sec:")[1].split()[0])


def _serve_and_load(pages: dict, signed_in, args) -> None:
    """gunicorn with 2 workers on loopback, wrk against each page, interleaved rounds."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    server = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "bench.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        session = signed_in.cookies["sessionid"].value
        rates: dict[str, list[float]] = {name: [] for name in pages}
        for _round in range(args.rounds):
            for name, (client, url) in pages.items():
                cookie = f"sessionid={session}" if client is signed_in else None
                rates[name].append(_wrk(base + url, args.seconds, cookie))
        hello = statistics.median(rates["hello (reference)"])
        print(f"gunicorn, 2 workers; wrk -t1 -c4, {args.rounds} rounds of {args.seconds} s")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        print(f"{'page':<22} {'req/s median':>13} {'min':>8} {'max':>8} {'ratio':>7}")
        for name, values in rates.items():
            median = statistics.median(values)
            print(
                f"{name:<22} {median:>13.0f} {min(values):>8.0f} {max(values):>8.0f}"
                f" {median / hello:>7.2f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def _profile(client, url: str, requests: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    _measure(client, url, requests)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(120)
    stats.sort_stats("tottime").print_stats(25)


def _measure(client, url: str, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        start = time.process_time()
        response = client.get(url)
        samples.append(time.process_time() - start)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def main():
    args = _arguments()
    url, drop = _database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.pages_urls"
    settings.SEED_DEMO_ALLOWED = True  # DEBUG is off to measure as production; the data is ours
    # The check page's throttle stays on (its cost is measured), with room for every request.
    settings.CERTIFICATE_VERIFY_LIMIT = 10**9
    try:
        learner, course, modules = _setup(args.enrolments)
        from courses.certificates.factories import CertificateFactory

        certificate = CertificateFactory(course=course)
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        anonymous, signed_in = Client(), Client()
        signed_in.force_login(learner)
        pages = {
            "hello (reference)": (anonymous, "/__bench__/hello/"),
            # The same view for a signed-in learner: what session and user cost on every page.
            "hello, learner": (signed_in, "/__bench__/hello/"),
            "home, anonymous": (anonymous, "/"),
            "catalog, anonymous": (anonymous, course.get_parent().url),
            "course, anonymous": (anonymous, course.url),
            "course, learner": (signed_in, course.url),
            "module, learner": (signed_in, modules[1].url),
            "dashboard, learner": (signed_in, "/khoa-hoc-cua-toi/"),
            "certificate check, anonymous": (
                anonymous,
                f"/certificates/{certificate.display_code}/",
            ),
        }
        queries = {}
        for name, (client, page_url) in pages.items():
            client.get(page_url)  # warm caches
            with CaptureQueriesContext(connection) as captured:
                client.get(page_url)
            queries[name] = len(captured.captured_queries)
        if args.profile:
            _profile(*pages[args.profile], args.requests * args.rounds)
            return
        if args.server:
            _serve_and_load(pages, signed_in, args)
            return
        samples: dict[str, list[float]] = {name: [] for name in pages}
        for _round in range(args.rounds):
            for name, (client, page_url) in pages.items():
                samples[name] += _measure(client, page_url, args.requests)
        hello = statistics.median(samples["hello (reference)"])
        print(f"database: {connection.vendor}, other enrolments: {args.enrolments}")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        print(f"{'page':<22} {'CPU median':>11} {'IQR':>9} {'queries':>8} {'ratio':>7}")
        for name, values in samples.items():
            median = statistics.median(values)
            quartiles = statistics.quantiles(values, n=4)
            print(
                f"{name:<22} {median * 1000:>9.2f}ms {(quartiles[2] - quartiles[0]) * 1000:>7.2f}ms"
                f" {queries[name]:>8} {hello / median:>7.2f}"
            )
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop()


if __name__ == "__main__":
    main()
