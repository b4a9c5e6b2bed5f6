"""System checks: the certificate fonts are installed and the signing key can be found.

Run by `manage.py check` and before `runserver` and `migrate`, so a machine without
fonts-noto-core or without the organisation's key says so at start, not at the first
completed course.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks

from courses.certificates.fonts import font_dir, missing_fonts

SIGNING_FILES = ("CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_CERT")


@checks.register(checks.Tags.compatibility)
def certificate_fonts_installed(app_configs, **kwargs):
    missing = missing_fonts()
    if not missing:
        return []
    return [
        checks.Error(
            f"Certificate fonts missing from {font_dir()}: {', '.join(missing)}",
            hint="Install fonts-noto-core (`make system-deps`) or set CERTIFICATE_FONT_DIR.",
            id="courses.E101",
        )
    ]


@checks.register(checks.Tags.security)
def certificate_signing_key_present(app_configs, **kwargs):
    if settings.CERTIFICATE_SIGNING_AUTOCREATE:
        return []
    missing = [name for name in SIGNING_FILES if not Path(getattr(settings, name)).is_file()]
    if not missing:
        return []
    return [
        checks.Error(
            f"{' and '.join(missing)} must name existing files.",
            hint="Point them to the organisation's signing key and certificate (PEM or DER).",
            id="courses.E102",
        )
    ]
