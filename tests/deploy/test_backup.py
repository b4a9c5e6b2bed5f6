"""`manage.py backup` then `manage.py restore` into a fresh database and fresh folders: every
certificate's check page and PDF signature still verify, and every learner's progress is
the same row for row."""

import io
import json
import os
import sys

import pytest
from django.core.management import CommandError, call_command

from courses.certificates.factories import course_complete, course_with_modules
from courses.services import enrolment_create, module_mark_done
from home.backup import backup_manifest
from home.factories import UserFactory
from home.storage import bucket_storage
from tests.deploy.conftest import needs_postgres
from tests.deploy.servers import ROOT, run
from tests.deploy.site_report import site_report
from tests.object_storage import Bucket

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


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_with_object_storage_a_restore_into_a_new_bucket_keeps_every_certificate_verifiable(
    settings, tmp_path, s3_bucket, fresh_database
):
    settings.H5P_ROOT = tmp_path / "live" / "h5p"
    library = settings.H5P_ROOT / "libraries/H5P.TrueFalse-1.8/library.json"
    library.parent.mkdir(parents=True)
    library.write_bytes(b"{}")
    bucket_storage("media").save("original_images/photo.jpg", io.BytesIO(b"photo " * 100))
    bucket_storage("imports").save("uploads/2026/12/learners.csv", io.BytesIO(b"csv " * 100))
    course = course_with_modules(modules=2, title="An toàn thông tin cơ bản")
    for learner in UserFactory.create_batch(2):
        course_complete(learner=learner, course=course)
    original = site_report()
    assert len(original["certificates"]) == 2
    kept = {key: read_object(s3_bucket, key) for key in s3_bucket.names()}
    assert len([key for key in kept if key.startswith("certificates/")]) == 2

    call_command("backup", tmp_path / "backup")
    manifest = backup_manifest(source=tmp_path / "backup")
    assert manifest["files"]["certificates.tar.gz"]["files"] == 2
    new_bucket = f"{s3_bucket.name}-restored"
    s3_bucket.client.create_bucket(Bucket=new_bucket)
    env = restore_env(fresh_database, {"H5P_ROOT": tmp_path / "restored" / "h5p"}) | {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": new_bucket,
        "AWS_ACCESS_KEY_ID": settings.AWS_S3_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": settings.AWS_S3_SECRET_ACCESS_KEY,
        "AWS_S3_ENDPOINT_URL": s3_bucket.endpoint,
        "AWS_S3_REGION_NAME": settings.AWS_S3_REGION_NAME,
        "AWS_S3_ADDRESSING_STYLE": "path",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    restore = run([*manage, "restore", str(tmp_path / "backup")], env)
    assert restore.returncode == 0, restore.stderr
    report = run([*manage, "shell", "-c", "from tests.deploy.site_report import main; main()"], env)
    assert report.returncode == 0, report.stderr
    restored = json.loads(report.stdout.splitlines()[-1])

    assert restored == original
    assert all(row["signature"]["ok"] for row in restored["certificates"])
    restored_bucket = Bucket(name=new_bucket, endpoint=s3_bucket.endpoint, client=s3_bucket.client)
    assert {key: read_object(restored_bucket, key) for key in restored_bucket.names()} == kept
    assert (
        tmp_path / "restored/h5p/libraries/H5P.TrueFalse-1.8/library.json"
    ).read_bytes() == b"{}"
    again = run([*manage, "restore", str(tmp_path / "backup")], env)
    assert again.returncode != 0  # the database and the bucket prefixes are no longer empty


def read_object(bucket: Bucket, key: str) -> bytes:
    return bucket.client.get_object(Bucket=bucket.name, Key=key)["Body"].read()
