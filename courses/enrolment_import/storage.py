"""Where uploaded learner files and their reports live: a private folder outside MEDIA_ROOT,
or the bucket's private `imports/` prefix with `MEDIA_STORAGE=s3` (`home.storage`).

The folder is `settings.ENROLMENT_IMPORT_DIR` (environment variable of the same name, default
`BASE_DIR/var/imports`), read on each use so tests can move it. Files have no public URL; the
admin views stream them, and `local_copy` gives the reader a file on disk wherever they are.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.deconstruct import deconstructible

from home.storage import FolderOrBucketStorage


def import_dir():
    return settings.ENROLMENT_IMPORT_DIR


@deconstructible(path="courses.enrolment_import.storage.ImportStorage")
class ImportStorage(FolderOrBucketStorage):
    prefix = "imports"

    def __init__(self):
        super().__init__(base_url=None, file_permissions_mode=0o640)

    def folder(self):
        return settings.ENROLMENT_IMPORT_DIR

    def url(self, name):
        raise ValueError("Imported files have no public URL; use the admin download view.")


@contextmanager
def local_copy(field) -> Iterator[Path]:
    """A path to the stored file of `field`: the file itself in the folder, or a temporary
    copy (removed on exit) when it is in the bucket, for readers that need a real file."""
    if not field.storage.bucket():
        yield Path(field.path)
        return
    handle, temporary = tempfile.mkstemp(suffix=os.path.splitext(field.name)[1])
    try:
        with os.fdopen(handle, "wb") as target, field.storage.open(field.name, "rb") as source:
            shutil.copyfileobj(source, target, 1 << 20)
        yield Path(temporary)
    finally:
        Path(temporary).unlink(missing_ok=True)
