"""Backup and restore of a whole site: the PostgreSQL database plus every private folder.

A backup is a folder holding `database.dump` (pg_dump's custom format), one tar archive per
folder the site writes (`DJANGO_MEDIA_ROOT`, `H5P_ROOT`, `CERTIFICATE_FILES_DIR`,
`ENROLMENT_IMPORT_DIR`), a copy of the public signing certificate, and `manifest.json` with
each file's SHA-256 and a few counts. The database is dumped first and the folders after, so
the folders hold every file the dumped rows name (a file newer than the dump is harmless).
The signing key is a secret and is not in the backup: it is kept and restored apart
(README, "Backup and restore").

With `MEDIA_STORAGE=s3` the files the bucket holds in place of a folder (media, certificates,
imports) are packed from, and restored into, its prefix instead, in the same archives: a
backup of either kind restores into either kind of storage (decision 025).

Restoring checks every checksum before it touches anything, then loads the dump into the
database the settings name and unpacks each archive into the folder the settings name. It
refuses a database with tables or a folder with files unless asked to replace them.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import connections
from django.utils import timezone

from home.storage import BUCKET_PREFIXES, bucket_keys, bucket_storage, object_storage_on

FORMAT = 1
DATABASE_FILE = "database.dump"
MANIFEST_FILE = "manifest.json"
SIGNING_CERT_FILE = "signing-cert.pem"
# setting name -> archive name
FOLDERS = {
    "MEDIA_ROOT": "media.tar.gz",
    "H5P_ROOT": "h5p.tar.gz",
    "CERTIFICATE_FILES_DIR": "certificates.tar.gz",
    "ENROLMENT_IMPORT_DIR": "imports.tar.gz",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    files: dict[str, int]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _postgres(alias: str = "default") -> tuple[dict, str]:
    """The libpq environment (password included) and database name of a Django database."""
    database = settings.DATABASES[alias]
    if connections[alias].vendor != "postgresql":
        raise BackupError("Backup and restore need PostgreSQL (DATABASE_URL=postgres://...).")
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env, database["NAME"]


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _archive_folder(folder: Path, archive: Path) -> int:
    """Pack the folder's content (paths relative to it); return how many files it holds."""
    count = 0
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.name.startswith((".partial-", ".readyz-")):
                    continue  # a file being written, or a readiness probe's
                tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
                count += path.is_file()
    return count


def _bucket_prefix(setting: str) -> str | None:
    """The bucket prefix holding the files of the folder `setting` names, if they are there."""
    return BUCKET_PREFIXES.get(setting) if object_storage_on() else None


def _archive_bucket(prefix: str, archive: Path) -> int:
    """Pack every object under `prefix` (names relative to it), as `_archive_folder` packs a
    folder, so either kind of backup restores into either kind of storage."""
    storage = bucket_storage(prefix)
    count = 0
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for name in sorted(bucket_keys(prefix)):
            with storage.open(name, "rb") as file:
                info = tarfile.TarInfo(name)
                info.size = file.size
                info.mode = 0o640
                info.mtime = int(storage.get_modified_time(name).timestamp())
                tar.addfile(info, file)
            count += 1
    return count


def _unpack_into_bucket(archive: Path, prefix: str) -> None:
    """Put every file of the archive under `prefix`, refusing names outside it (as
    tarfile's "data" filter does for a folder)."""
    storage = bucket_storage(prefix, overwrite=True)
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            member = tarfile.data_filter(member, "/restore")  # raises for "../x", "/x"...
            storage.save(member.name, File(tar.extractfile(member), name=member.name))


def _bucket_clear(prefix: str) -> None:
    bucket_storage(prefix).bucket.objects.filter(Prefix=f"{prefix}/").delete()


def backup_create(*, destination: Path) -> dict:
    """Write a backup into `destination` (a new folder); return its manifest."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} exists and is not empty.")
    env, name = _postgres()
    destination.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={destination / DATABASE_FILE}",
            name,
        ],
        env,
    )
    files = {DATABASE_FILE: {"sha256": _sha256(destination / DATABASE_FILE)}}
    for setting, archive in FOLDERS.items():
        prefix = _bucket_prefix(setting)
        if prefix:
            count = _archive_bucket(prefix, destination / archive)
        else:
            count = _archive_folder(Path(getattr(settings, setting)), destination / archive)
        files[archive] = {
            "sha256": _sha256(destination / archive),
            "setting": setting,
            "files": count,
            **({"bucket_prefix": prefix} if prefix else {}),
        }
    cert = Path(settings.CERTIFICATE_SIGNING_CERT)
    if cert.is_file():
        shutil.copyfile(cert, destination / SIGNING_CERT_FILE)
        files[SIGNING_CERT_FILE] = {"sha256": _sha256(destination / SIGNING_CERT_FILE)}
    manifest = {
        "format": FORMAT,
        "started": started.isoformat(),
        "finished": timezone.now().isoformat(),
        "files": files,
        "counts": _counts(),
    }
    (destination / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


# The learning records a restore must bring back, counted into the manifest. Named by label:
# the site core does not import the apps built on it (tests/architecture.py).
RECORD_MODELS = (
    "home.User",
    "courses.Enrolment",
    "courses.ModuleProgress",
    "courses.CourseCompletion",
    "courses.Certificate",
)


def _counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in RECORD_MODELS}


def backup_manifest(*, source: Path) -> dict:
    """The manifest of the backup in `source`, after checking every file against it."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST_FILE}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, entry in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    return manifest


def backup_restore(*, source: Path, replace: bool = False) -> RestoreResult:
    """Load the backup in `source` into the configured database and folders."""
    source = Path(source)
    manifest = backup_manifest(source=source)
    env, name = _postgres()
    connection = connections["default"]
    tables = connection.introspection.table_names()
    if tables and not replace:
        raise BackupError(
            f"The database {name} already has {len(tables)} tables; restore into an empty "
            "database, or pass --replace to drop what is there."
        )
    prefixes = {setting: _bucket_prefix(setting) for setting in FOLDERS}
    folders = {
        setting: Path(getattr(settings, setting)) for setting in FOLDERS if not prefixes[setting]
    }
    for setting, folder in folders.items():
        if folder.is_dir() and any(folder.iterdir()) and not replace:
            raise BackupError(
                f"{setting} ({folder}) is not empty; restore into an empty folder, or pass "
                "--replace to empty it first."
            )
    for setting, prefix in prefixes.items():
        if prefix and not replace and next(bucket_keys(prefix), None) is not None:
            raise BackupError(
                f"{setting} is in the bucket under {prefix}/, which is not empty; restore into "
                "an empty bucket, or pass --replace to empty that prefix first."
            )
    connection.close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, "--single-transaction", f"--dbname={name}", str(source / DATABASE_FILE)], env)
    restored = {}
    for setting, prefix in prefixes.items():
        if prefix:
            if replace:
                _bucket_clear(prefix)
            _unpack_into_bucket(source / FOLDERS[setting], prefix)
            restored[setting] = manifest["files"][FOLDERS[setting]]["files"]
    for setting, folder in folders.items():
        if replace and folder.is_dir():
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / FOLDERS[setting], "r:gz") as tar:
            tar.extractall(folder, filter="data")
        restored[setting] = manifest["files"][FOLDERS[setting]]["files"]
    return RestoreResult(tables=len(connection.introspection.table_names()), files=restored)
