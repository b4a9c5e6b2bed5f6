"""Where uploaded learner files and their reports live: a private folder outside MEDIA_ROOT.

The folder is `settings.ENROLMENT_IMPORT_DIR` (environment variable of the same name, default
`BASE_DIR/var/imports`), read on each use so tests can move it. Files have no public URL; the
admin views stream them.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def import_dir():
    return settings.ENROLMENT_IMPORT_DIR


@deconstructible(path="courses.enrolment_import.storage.ImportStorage")
class ImportStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None, file_permissions_mode=0o640)

    @property
    def base_location(self):
        return str(import_dir())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Imported files have no public URL; use the admin download view.")
