"""SQLite configured for concurrent web use: writers that read first wait for each other
instead of failing with "database is locked" (issue 14: a quiz submit racing its autosave).

The threads work on a file-based database of their own, opened with the project's SQLite
options, each through its own connection, as two web requests would.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

from tests.home.child_process import run_manage

WRITERS = 4
ALIAS = "sqlite_file"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A database alias on a fresh SQLite file with one counter row, opened with `options`."""
    added = []

    def open_with(options: dict) -> str:
        alias = f"{ALIAS}_{len(added)}"
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / f"{alias}.sqlite3"),
            "OPTIONS": dict(options),
        }
        configured = connections.configure_settings({"default": database, alias: database})
        connections.settings[alias] = configured[alias]
        added.append(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
            cursor.execute("INSERT INTO counter VALUES (1, 0)")
        connections[alias].close()
        return alias

    with django_db_blocker.unblock():
        yield open_with
        for alias in added:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def read_then_write_at_once(alias: str) -> list[Exception]:
    """Each writer reads the counter, lets the others read too, then writes it, all at once:
    what an autosave and a submit of the same attempt do."""
    barrier = threading.Barrier(WRITERS)
    errors: list[Exception] = []

    def write():
        try:
            barrier.wait()
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                time.sleep(0.2)
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as error:  # recorded for the assertions
            errors.append(error)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def counter(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        (value,) = cursor.fetchone()
    connections[alias].close()
    return value


def test_concurrent_writers_wait_for_each_other_instead_of_failing(sqlite_file):
    alias = sqlite_file(settings.SQLITE_OPTIONS)

    errors = read_then_write_at_once(alias)

    assert errors == []
    assert counter(alias) == WRITERS


def test_without_immediate_transactions_a_busy_timeout_alone_fails(sqlite_file):
    """The same work with the former options (WAL and a busy timeout only) fails: the proof
    that the test above exercises the race."""
    alias = sqlite_file({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})

    errors = read_then_write_at_once(alias)

    assert errors
    assert all(isinstance(e, OperationalError) and "locked" in str(e) for e in errors), errors


def test_the_sqlite_file_runs_in_wal_mode_with_normal_sync(sqlite_file):
    alias = sqlite_file(settings.SQLITE_OPTIONS)

    with connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]

    assert (journal, synchronous) == ("wal", 1)


@pytest.mark.parametrize("module", ["elearn.settings.dev", "elearn.settings.production"])
def test_dev_and_production_open_sqlite_with_immediate_transactions(production_env, module):
    env = {**production_env, "DJANGO_SETTINGS_MODULE": module}

    result = run_manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.db import connection; options = connection.settings_dict['OPTIONS']; "
        "print(options['transaction_mode'], options['timeout'])",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["IMMEDIATE", "20"]
