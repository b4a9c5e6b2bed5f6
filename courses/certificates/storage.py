"""Where certificate PDFs live: a private folder outside MEDIA_ROOT, or the bucket's private
`certificates/` prefix with `MEDIA_STORAGE=s3` (`home.storage`); never a public URL.

Files are written whole or not at all: in the folder, a temporary file then an atomic rename,
so a crash while writing never leaves half a PDF under a certificate's name; in the bucket,
one PUT (an object appears whole or not at all). The folder is `settings.CERTIFICATE_FILES_DIR`,
read on each use so tests can move it.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.deconstruct import deconstructible

from home.storage import FolderOrBucketStorage


@deconstructible(path="courses.certificates.storage.CertificateStorage")
class CertificateStorage(FolderOrBucketStorage):
    prefix = "certificates"
    overwrite = True

    def __init__(self):
        super().__init__(base_url=None)

    def folder(self):
        return settings.CERTIFICATE_FILES_DIR

    def url(self, name):
        raise ValueError("Certificate files have no public URL; use the download view.")

    def _save(self, name, content):
        bucket = self.bucket()
        if bucket:
            return bucket.save(name, content)
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
