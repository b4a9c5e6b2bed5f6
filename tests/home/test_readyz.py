"""/readyz: 200 when the node may take traffic, 503 naming each check that fails."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from home import health

pytestmark = pytest.mark.django_db

# A Redis port nothing listens on: the cache client's connection is refused at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


@pytest.fixture(autouse=True)
def _shared_folders(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"


def test_readyz_answers_ok_when_every_check_passes(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "migrations": "ok"},
    }


def test_readyz_names_the_database_when_it_is_unreachable(client):
    with mock.patch.object(health.connections["default"], "cursor", side_effect=DatabaseError):
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert "database" in body["failing"]
    assert body["checks"]["database"] == "unreachable"


def test_readyz_names_the_cache_when_redis_does_not_answer(client):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert response.json()["checks"]["cache"] == "unreachable"


@pytest.mark.parametrize("setting", health.SHARED_FOLDERS)
def test_readyz_names_a_shared_folder_that_cannot_be_written(client, settings, tmp_path, setting):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    setattr(settings, setting, blocker / "shared")  # cannot be created, even by root

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["storage"] == f"{setting} is not writable"


def test_readyz_leaves_no_file_in_the_shared_folders(client, settings):
    client.get("/readyz")

    for setting in health.SHARED_FOLDERS:
        assert list(settings.__getattr__(setting).iterdir()) == []


def test_readyz_names_migrations_that_are_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="home").order_by("-id").first().delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["checks"]["migrations"] == "1 not applied"


def test_readyz_remembers_applied_migrations_but_not_unapplied_ones(client):
    last = MigrationRecorder.Migration.objects.filter(app="home").order_by("-id").first()
    last.delete()
    assert client.get("/readyz").status_code == 503

    last.save()
    assert client.get("/readyz").status_code == 200

    with mock.patch.object(health.MigrationExecutor, "migration_plan") as plan:
        assert client.get("/readyz").status_code == 200
    plan.assert_not_called()
