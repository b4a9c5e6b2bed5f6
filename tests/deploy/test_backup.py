"""`manage.py backup` then `manage.py restore` into a fresh database and fresh folders: every
certificate's check page and PDF signature still verify, and every learner's progress is
the same row for row."""

import json
import os
import sys

import pytest
from django.core.management import CommandError, call_command

from courses.certificates.factories import course_complete, course_with_modules
from courses.services import enrolment_create, module_mark_done
from home.backup import backup_manifest
from home.factories import UserFactory
from tests.deploy.conftest import needs_postgres
from tests.deploy.servers import ROOT, run
from tests.deploy.site_report import site_report

FOLDER_VARIABLES = {
    "MEDIA_ROOT": "DJANGO_MEDIA_ROOT",
    "H5P_ROOT": "H5P_ROOT",
    "CERTIFICATE_FILES_DIR": "CERTIFICATE_FILES_DIR",
    "ENROLMENT_IMPORT_DIR": "ENROLMENT_IMPORT_DIR",
}


@pytest.fixture
def live_folders(settings, tmp_path):
    """The site's folders, each holding a file the restore must bring back."""
    settings.CERTIFICATE_FILES_DIR = tmp_path / "live" / "certificates"
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "live" / "imports"
    settings.MEDIA_ROOT = tmp_path / "live" / "media"
    settings.H5P_ROOT = tmp_path / "live" / "h5p"
    samples = {
        "MEDIA_ROOT": "original_images/photo.jpg",
        "H5P_ROOT": "libraries/H5P.TrueFalse-1.8/library.json",
        "ENROLMENT_IMPORT_DIR": "job-1/learners.xlsx",
    }
    for setting, name in samples.items():
        path = getattr(settings, setting) / name
        path.parent.mkdir(parents=True)
        path.write_bytes(f"{setting} sample ".encode() * 100)
    return samples


def restore_env(database_url: str, folders: dict) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "elearn.settings.test",
        "DATABASE_URL": database_url,
    }
    return env | {FOLDER_VARIABLES[setting]: str(path) for setting, path in folders.items()}


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_a_restored_site_verifies_every_certificate_and_keeps_all_progress(
    settings, tmp_path, live_folders, fresh_database
):
    course = course_with_modules(modules=3, title="An toàn thông tin cơ bản")
    finishers = UserFactory.create_batch(3)
    for learner in finishers:
        course_complete(learner=learner, course=course)
    halfway = UserFactory()
    enrolment_create(learner=halfway, course=course)
    module_mark_done(learner=halfway, course=course, module=course.get_children().first().specific)
    original = site_report()
    assert len(original["certificates"]) == 3
    assert all(row["signature"]["ok"] for row in original["certificates"]), original

    call_command("backup", tmp_path / "backup")
    restored_folders = {setting: tmp_path / "restored" / setting for setting in FOLDER_VARIABLES}
    env = restore_env(fresh_database, restored_folders)
    manage = [sys.executable, str(ROOT / "manage.py")]
    restore = run([*manage, "restore", str(tmp_path / "backup")], env)
    assert restore.returncode == 0, restore.stderr
    report = run([*manage, "shell", "-c", "from tests.deploy.site_report import main; main()"], env)
    assert report.returncode == 0, report.stderr
    restored = json.loads(report.stdout.splitlines()[-1])

    assert restored == original
    for row in restored["certificates"]:
        assert row["page_status"] == 200 and row["page_names_learner"]
        assert row["json"]["status"] == "valid"
        assert row["signature"] == {"ok": True, "intact": True, "trusted": True}
    assert len(restored["progress"]["courses.ModuleProgress"]) == 3 * 3 + 1
    for setting, name in live_folders.items():
        restored_file = restored_folders[setting] / name
        assert restored_file.read_bytes() == (getattr(settings, setting) / name).read_bytes()


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_restore_refuses_a_database_that_has_tables(tmp_path, live_folders):
    call_command("backup", tmp_path / "backup")

    with pytest.raises(CommandError, match=r"already has .* tables"):
        call_command("restore", tmp_path / "backup")


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"dump")
    manifest = {"format": 1, "files": {"database.dump": {"sha256": "0" * 64}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", tmp_path)
    with pytest.raises(Exception, match="does not match"):
        backup_manifest(source=tmp_path)
