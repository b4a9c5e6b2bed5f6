import json
import signal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django_tasks_db.management.commands import db_worker

# The signals `manage.py db_worker` takes over to shut down gracefully.
WORKER_SIGNALS = [
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages, outlines, routes and rate-limit counters
    cached by an earlier test (whose rows were rolled back) must not leak into it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads (and H5P files) to its own folders, never to the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.H5P_ROOT = tmp_path / "h5p"


@pytest.fixture(scope="module")
def restorable_snapshot(django_db_setup, django_db_blocker):
    """Make the migration snapshot restorable before a module's first `serialized_rollback` test.

    A transactional test without `serialized_rollback` that ran earlier flushed the database
    and let `post_migrate` create content types again under new ids, on which restoring the
    snapshot (home page, groups, workflow) fails. So: empty the tables without `post_migrate`,
    put the snapshot's content types back first (pages and tasks look theirs up while being
    restored) and forget the cached ones.
    """
    with django_db_blocker.unblock():
        call_command(
            "flush",
            database="default",
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,  # the snapshot's ids must stay below the sequences
            verbosity=0,
        )
        snapshot = json.loads(getattr(connection, "_test_serialized_contents", "") or "[]")
        content_types = [row for row in snapshot if row["model"] == "contenttypes.contenttype"]
        for item in serializers.deserialize("python", content_types):
            item.save()
        ContentType.objects.clear_cache()


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
