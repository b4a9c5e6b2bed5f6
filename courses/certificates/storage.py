"""Where certificate PDFs live: a private folder, outside MEDIA_ROOT, with no public URL.

Files are written whole or not at all (a temporary file in the same folder, then an atomic
rename), so a crash while writing never leaves half a PDF under a certificate's name.
The folder is `settings.CERTIFICATE_FILES_DIR`, read on each use so tests can move it.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="courses.certificates.storage.CertificateStorage")
class CertificateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.CERTIFICATE_FILES_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Certificate files have no public URL; use the download view.")

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=".pdf")
        try:
            with os.fdopen(handle, "wb") as file:
                for chunk in content.chunks():
                    file.write(chunk)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o640)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return name

    def get_available_name(self, name, max_length=None):
        # Names are derived from the unique verification code: writing again replaces the
        # file (a retried rendering), it never creates "code_x7Yz.pdf" next to it.
        return name


certificate_storage = CertificateStorage()
