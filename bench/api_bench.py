"""Benchmark of the statistics API's aggregate endpoints at national scale, on PostgreSQL.

    .venv/bin/python bench/api_bench.py                    # 500,000 learners, 1,000,000 enrolments
    .venv/bin/python bench/api_bench.py --keep             # keep the database to measure again
    .venv/bin/python bench/api_bench.py --reuse --keep     # measure a kept database again

Builds its data with `statistics_bench.generate` (same database shape and size as the
dashboard's bench) unless --reuse, then, in this process through the Django test client:

* each endpoint once counted live (STATISTICS_CACHE_SECONDS=0): time and queries;
* after `refresh_statistics`, each endpoint from the cache: the median time of a request over
  interleaved rounds, and its ratio to a minimal Django view ("hello", through the same
  middleware, `bench/pages_urls.py`) measured in the same rounds (hello / endpoint, as
  `bench/pages.py` reports it: 1.0 costs what hello costs).

Not part of the test suite. Results go to stdout; bench/README.md records a run.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.statistics_bench import admin_sql, django_setup, generate  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/elearn_bench_api"
HELLO = "/__bench__/hello/"


def _endpoints(province_code: str) -> list[tuple[str, str, str | None]]:
    """(label, path, token) for every aggregate endpoint measured."""
    return [
        ("statistics, national token", "/api/v1/statistics/", "national"),
        ("statistics, province token", "/api/v1/statistics/", "province"),
        ("open data, national JSON", "/api/v1/open/provinces/", None),
        ("open data, national CSV", "/api/v1/open/provinces.csv", None),
        ("open data, province JSON", f"/api/v1/open/provinces/{province_code}/", None),
        ("open data, province CSV", f"/api/v1/open/provinces/{province_code}.csv", None),
    ]


def _tokens() -> dict[str, str]:
    from django.utils import timezone

    from courses.api.services import api_token_create
    from home.models import User

    admin = User.objects.filter(email="quocgia@bench.vn").first()
    if admin is None:
        admin = User.objects.create_superuser(email="quocgia@bench.vn", password="bench-2025")  # noqa: S106
    manager = User.objects.get(email="quanly@bench.vn")
    expires = timezone.now() + timedelta(days=1)
    return {
        who: "Bearer " + api_token_create(owner=user, name="bench", expires_at=expires).clear
        for who, user in (("national", admin), ("province", manager))
    }


def _get(client, path: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code, response.content[:200])
    return response


def measure(*, rounds: int, requests: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from courses.models import ManagerScope

    province = (
        ManagerScope.objects.select_related("province").get(user__email="quanly@bench.vn").province
    )
    tokens = _tokens()
    endpoints = _endpoints(province.code)
    client = Client()
    results = {"province": f"{province.full_name} ({province.code})", "live": {}, "cached": {}}
    with override_settings(
        ROOT_URLCONF="bench.pages_urls", API_RATE_LIMIT=0, STATISTICS_CACHE_SECONDS=0
    ):
        _get(client, HELLO, None)
        for label, path, who in endpoints:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                _get(client, path, tokens.get(who))
                seconds = time.perf_counter() - started
            results["live"][label] = {"seconds": round(seconds, 3), "queries": len(queries)}
            print(json.dumps({label: results["live"][label]}), flush=True)
    started = time.perf_counter()
    call_command("refresh_statistics", verbosity=0)
    results["refresh_statistics_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({"refresh_statistics_seconds": results["refresh_statistics_seconds"]}))
    samples = {label: [] for label in ["hello", *(e[0] for e in endpoints)]}
    with override_settings(ROOT_URLCONF="bench.pages_urls", API_RATE_LIMIT=0):
        for _label, path, who in endpoints:  # warm-up: the API's first call imports and builds
            _get(client, path, tokens.get(who))
        for _ in range(rounds):
            for label, path, who in [("hello", HELLO, None), *endpoints]:
                started = time.perf_counter()
                for _ in range(requests):
                    _get(client, path, tokens.get(who))
                samples[label].append((time.perf_counter() - started) / requests * 1000)
        with CaptureQueriesContext(connection) as queries:
            for _label, path, who in endpoints:
                _get(client, path, tokens.get(who))
        results["cached_queries_all_endpoints"] = len(queries)
    hello = statistics.median(samples["hello"])
    for label, values in samples.items():
        median = statistics.median(values)
        results["cached"][label] = {
            "median_ms": round(median, 2),
            "ratio": round(hello / median, 2),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--learners", type=int, default=500_000)
    parser.add_argument("--enrolments", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Measure an existing database.")
    args = parser.parse_args()

    name = args.database_url.rsplit("/", 1)[1]
    if not args.reuse:
        admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
        admin_sql(args.database_url, f'CREATE DATABASE "{name}"')
    try:
        django_setup(args.database_url)
        if not args.reuse:
            started = time.perf_counter()
            data = generate(learners=args.learners, enrolments=args.enrolments)
            data["build_seconds"] = round(time.perf_counter() - started)
            print(json.dumps(data), flush=True)
        print(json.dumps(measure(rounds=args.rounds, requests=args.requests), ensure_ascii=False))
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
