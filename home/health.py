"""Readiness checks: may this app node take traffic?

`/healthz` (liveness) only asks the database for `SELECT 1`; `/readyz` (readiness, what a load
balancer polls) also checks that the shared cache answers, that every folder other nodes share
is writable (with `MEDIA_STORAGE=s3`, the bucket in place of the folders it replaces) and that
the code's migrations are all applied. Each check returns `None` when it passes or a short
reason when it fails; the reason names a setting, never a path or a secret, since the endpoint
is public. Once the migrations are found applied the answer is kept for the life of the
process (loading every migration file on each poll would cost more than the rest).
"""

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from home.storage import BUCKET_PREFIXES, bucket_check, object_storage_on

# Folders every app node must be able to write (README, "Production").
SHARED_FOLDERS = ("MEDIA_ROOT", "H5P_ROOT", "CERTIFICATE_FILES_DIR", "ENROLMENT_IMPORT_DIR")

_migrations_applied = False


def database_check() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return None


def cache_check() -> str | None:
    """A value written to the cache reads back (on Redis: the server answers)."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception:  # each cache backend raises its own errors (redis.ConnectionError, ...)
        return "unreachable"
    return None if value == "ok" else "does not keep values"


def storage_check() -> str | None:
    """Each shared folder exists and takes a new file, and with `MEDIA_STORAGE=s3` the bucket
    takes a new object in place of the folders it replaces; names the first that does not."""
    folders = SHARED_FOLDERS
    if object_storage_on():
        folders = [name for name in SHARED_FOLDERS if name not in BUCKET_PREFIXES]
        failure = bucket_check()
        if failure:
            return failure
    for name in folders:
        folder = Path(getattr(settings, name))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".readyz-"):
                pass
        except OSError:
            return f"{name} is not writable"
    return None


def migrations_check() -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown (database unreachable)"
    if plan:
        return f"{len(plan)} not applied"
    _migrations_applied = True
    return None


READINESS_CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database_check,
    "cache": cache_check,
    "storage": storage_check,
    "migrations": migrations_check,
}


def readiness_report() -> dict[str, str]:
    """Every check by name: "ok" or the reason it failed."""
    return {name: check() or "ok" for name, check in READINESS_CHECKS.items()}
