"""Where the site's files live: shared folders (the default) or an S3-compatible bucket.

`MEDIA_STORAGE=s3` puts three kinds of file in one private bucket, each under its own prefix:
uploaded images and documents (`media/`, Django's default storage, with signed URLs unless
`AWS_QUERYSTRING_AUTH` is off), signed certificate PDFs (`certificates/`) and uploaded learner
files with their reports (`imports/`). The last two have no URL at all: the app's views check
who asks and stream them. H5P packages stay in `H5P_ROOT`, a folder every node shares (the
`quizzes.E201` check refuses one in the code folder); why: decision 025.

`FolderOrBucketStorage` is the private storages' base: a folder storage (its setting read on
each use, so tests can move it) that hands every call to the bucket prefix `prefix`
while the switch is on. Its class path stays the one the migrations name, so switching needs
no migration.
"""

import functools
import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage

S3 = "s3"
# Setting naming a folder -> bucket prefix that replaces it while the switch is on.
BUCKET_PREFIXES = {
    "MEDIA_ROOT": "media",
    "CERTIFICATE_FILES_DIR": "certificates",
    "ENROLMENT_IMPORT_DIR": "imports",
}


def object_storage_on() -> bool:
    return settings.MEDIA_STORAGE == S3


def _connection() -> tuple:
    return (
        settings.AWS_STORAGE_BUCKET_NAME,
        settings.AWS_S3_ENDPOINT_URL,
        settings.AWS_S3_REGION_NAME,
        settings.AWS_S3_ADDRESSING_STYLE,
        settings.AWS_S3_ACCESS_KEY_ID,
        settings.AWS_S3_SECRET_ACCESS_KEY,
    )


@functools.lru_cache(maxsize=16)
def _bucket_storage(prefix: str, overwrite: bool, connection: tuple, probe: bool) -> Storage:
    # Imported here: boto3 loads only on sites that switch the bucket on.
    from botocore.config import Config
    from storages.backends.s3 import S3Storage

    return S3Storage(
        location=prefix,
        file_overwrite=overwrite,
        default_acl=None,  # the bucket's own (private) policy
        querystring_auth=True,
        custom_domain=None,
        # A readiness probe answers within seconds rather than retrying for a minute.
        client_config=Config(
            s3={"addressing_style": settings.AWS_S3_ADDRESSING_STYLE},
            connect_timeout=2,
            read_timeout=3,
            retries={"max_attempts": 1},
        )
        if probe
        else None,
    )


def bucket_storage(prefix: str, *, overwrite: bool = False) -> Storage:
    """The private bucket's storage under `prefix` (one instance per configuration)."""
    return _bucket_storage(prefix, overwrite, _connection(), False)


def bucket_keys(prefix: str) -> Iterator[str]:
    """Every name stored under `prefix`, relative to it (for backups)."""
    storage = bucket_storage(prefix)
    for summary in storage.bucket.objects.filter(Prefix=f"{prefix}/"):
        yield summary.key.removeprefix(f"{prefix}/")


def bucket_check() -> str | None:
    """The bucket takes a new object and deletes it; None, or why not (no names, no keys)."""
    storage = _bucket_storage("readyz", True, _connection(), True)
    name = f"{uuid.uuid4().hex}.txt"
    try:
        storage.save(name, ContentFile(b"ok"))
        storage.delete(name)
    except Exception:  # botocore raises its own errors (ClientError, EndpointConnectionError...)
        return "object storage is not writable"
    return None


@functools.cache
def _media_origin(connection: tuple, custom_domain: str | None) -> str:
    parts = urlsplit(default_storage.url("origin"))
    return f"{parts.scheme}://{parts.netloc}"


def media_origin() -> str | None:
    """The origin media URLs point to while the bucket holds them (for the CSP), else None."""
    if not object_storage_on():
        return None
    return _media_origin(_connection(), settings.AWS_S3_CUSTOM_DOMAIN)


class FolderOrBucketStorage(FileSystemStorage):
    """A private folder storage that uses the bucket prefix `prefix` while the switch is on.

    Subclasses return the folder's setting from `folder()`, set the bucket `prefix`, and set
    `overwrite` when a name is meant to be written again (a re-rendered certificate).
    """

    prefix = ""
    overwrite = False

    def folder(self):
        """The folder's setting, read on each use."""
        raise NotImplementedError

    @property
    def base_location(self):
        return str(self.folder())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def bucket(self) -> Storage | None:
        """The bucket storage while the switch is on, else None (the folder is used)."""
        if not object_storage_on():
            return None
        return bucket_storage(self.prefix, overwrite=self.overwrite)

    def _open(self, name, mode="rb"):
        bucket = self.bucket()
        return bucket.open(name, mode) if bucket else super()._open(name, mode)

    def _save(self, name, content):
        bucket = self.bucket()
        return bucket.save(name, content) if bucket else super()._save(name, content)

    def get_available_name(self, name, max_length=None):
        bucket = self.bucket()
        if bucket:
            return bucket.get_available_name(name, max_length=max_length)
        return super().get_available_name(name, max_length=max_length)

    def delete(self, name):
        bucket = self.bucket()
        return bucket.delete(name) if bucket else super().delete(name)

    def exists(self, name):
        bucket = self.bucket()
        return bucket.exists(name) if bucket else super().exists(name)

    def listdir(self, path):
        bucket = self.bucket()
        return bucket.listdir(path) if bucket else super().listdir(path)

    def size(self, name):
        bucket = self.bucket()
        return bucket.size(name) if bucket else super().size(name)

    def path(self, name):
        if self.bucket():
            raise NotImplementedError("Files in the bucket have no local path; use open().")
        return super().path(name)

    def get_modified_time(self, name):
        bucket = self.bucket()
        return bucket.get_modified_time(name) if bucket else super().get_modified_time(name)
