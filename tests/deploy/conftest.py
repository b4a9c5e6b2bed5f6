import contextlib
import secrets

import psycopg
import pytest
from django.conf import settings
from django.db import connection

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump, pg_restore and several app nodes on one database need PostgreSQL "
    "(set DATABASE_URL=postgres://...)",
)


def postgres_url(name: str) -> str:
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{database['USER']}{password}@{host}:{port}/{name}"


@contextlib.contextmanager
def new_database():
    """The URL of a new, empty PostgreSQL database on the test server, dropped afterwards."""
    database = settings.DATABASES["default"]
    name = f"elearn_deploy_{secrets.token_hex(4)}"
    admin = psycopg.connect(
        dbname="postgres",
        user=database["USER"],
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def fresh_database():
    with new_database() as url:
        yield url
