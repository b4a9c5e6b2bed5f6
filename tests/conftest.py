import json
import signal

import pytest
from _pytest.nodeid import coerce_node_id
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django_tasks_db.management.commands import db_worker

from home.caching import local_cache_clear
from tests.object_storage import s3_bucket, s3_server  # noqa: F401 (fixtures for every test)

# Tests that must not run at the same time on two xdist workers (`make test` runs
# `pytest -n auto --dist loadgroup`): each group runs on one worker, one test after another.
# deploy: gunicorn, workers and HAProxy processes, and a Redis database of their own;
# browser: Chromium and a live server per test, too heavy to run twice at once on 2 cores.
# (The Redis cache tests mark themselves: they share one Redis database.)
SERIAL_GROUPS = {"tests/deploy/": "deploy", "tests/e2e/": "browser"}


def pytest_sessionstart(session):
    """Before parallel workers start: create the development certificate-signing key once, so
    that two workers never write it at the same moment (a key from one and a certificate from
    the other would not match)."""
    if not hasattr(session.config, "workerinput"):
        from courses.certificates.signing import signing_paths

        signing_paths()


@pytest.fixture(scope="session", autouse=True)
def _urls_built_in_the_default_language(django_db_setup):
    """As the WSGI and ASGI entry points do (elearn/startup.py): otherwise the URLconf is built
    by whichever test first resolves a URL, perhaps inside `translation.override("en")`, and
    the admin's chooser texts stay English for the rest of that worker's tests."""
    from elearn.startup import urls_build

    urls_build()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Deploy and browser tests each run on one worker (they share ports, STATIC_ROOT and a
    browser), and so do the tests marked `xdist_group` (one Redis database).

    `--dist loadgroup` schedules by a "@group" suffix of the node id, which pytest-xdist 3.8
    writes to `item._nodeid`; pytest 9 keeps the id in `item._id`, so the suffix was lost and
    the groups spread over the workers (two deploy tests once ran `collectstatic` into the
    same folder at the same time). The suffix is written here, where pytest 9 reads it."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        for prefix, group in SERIAL_GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))
    if not config.getoption("loadgroup", default=False):
        return
    for item in items:
        groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(groups)}")


# The signals `manage.py db_worker` takes over to shut down gracefully.
WORKER_SIGNALS = [
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages, outlines, routes and rate-limit counters
    cached by an earlier test (whose rows were rolled back) must not leak into it."""
    cache.clear()
    local_cache_clear()
    yield
    cache.clear()
    local_cache_clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads, H5P files, import files and certificate PDFs to its own
    folders, never to the project's nor to a folder that a parallel worker writes too."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


# The rows the migrations wrote, as JSON (kept by `django_db_setup` for `restore_migrated_rows`).
MIGRATED_ROWS = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database as pytest-django makes it; returns, as JSON, the rows its migrations
    wrote (home page, site, groups, workflow, content types) for `migrated_data`."""
    with django_db_blocker.unblock():
        rows = connection.creation.serialize_db_to_string()
    request.config.stash[MIGRATED_ROWS] = rows
    return rows


def restore_migrated_rows(rows):
    """Empty every table and put back the rows the migrations wrote, and only those.

    The tables are emptied first without `post_migrate`, which would recreate content types
    under other ids; the content types go back first, since pages look theirs up while being
    restored; then the caches and, on PostgreSQL, the id sequences are brought in line with the
    restored rows."""
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    content_types = [row for row in json.loads(rows) if row["model"] == "contenttypes.contenttype"]
    for item in serializers.deserialize("python", content_types):
        item.save()
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(rows)
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture
def migrated_data(transactional_db, django_db_setup):
    """For a test outside a transaction: the tables hold what the migrations wrote, and only that.

    A transactional test ends with a flush that empties every table, so the next one would
    find no home page. This puts the rows kept by `django_db_setup` back at the start of each
    test that asks for it, instead of Django's `serialized_rollback`, whose copy lives on a
    private attribute of the connection that made the test database (and is lost when
    Playwright's event loop makes Django hand out other connections).
    """
    restore_migrated_rows(django_db_setup)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    """Before any test (and before its fixtures open a transaction): if a test outside a
    transaction has emptied the tables, the migrated rows go back.

    pytest-django runs those tests last, but `--dist loadgroup` hands each worker whole groups,
    largest first: the browser and deploy groups, whose tests end with a flush, can run
    before ordinary tests on the same worker, which would then find no site nor home page."""
    rows = item.config.stash.get(MIGRATED_ROWS, None)
    if rows is not None and "migrated_data" not in item.fixturenames:
        from pytest_django.plugin import blocking_manager_key
        from wagtail.models import Site

        with item.config.stash[blocking_manager_key].unblock():
            if not Site.objects.exists():
                restore_migrated_rows(rows)
    return (yield)


@pytest.fixture
def worker_run(monkeypatch):
    """Run `manage.py db_worker --batch` for one task backend, as the production worker does.

    The worker installs its own SIGINT/SIGTERM/SIGQUIT handlers; they are put back afterwards,
    so Ctrl-C or a CI timeout still stops the test run. The worker also calls
    close_old_connections() between tasks, which on PostgreSQL would close the connection
    holding the test's transaction (and a test outside one would flush the page tree that later
    tests need): that is switched off.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(backend: str) -> None:
        handlers = {number: signal.getsignal(number) for number in WORKER_SIGNALS}
        try:
            call_command("db_worker", "--backend", backend, "--batch", "--no-startup-delay")
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    return run
