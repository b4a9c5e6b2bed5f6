"""The certificate's fonts: Noto Serif and Noto Sans from the system package fonts-noto-core.

Both cover Vietnamese (precomposed letters and the combining marks). They are read from
`CERTIFICATE_FONT_DIR` (Debian's /usr/share/fonts/truetype/noto by default) and embedded,
subset, in every PDF; nothing is downloaded.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FONT_FILES = {
    "serif_regular": "NotoSerif-Regular.ttf",
    "serif_bold": "NotoSerif-Bold.ttf",
    "serif_italic": "NotoSerif-Italic.ttf",
    "sans_regular": "NotoSans-Regular.ttf",
    "sans_bold": "NotoSans-Bold.ttf",
}


def font_dir() -> Path:
    return Path(settings.CERTIFICATE_FONT_DIR)


def missing_fonts() -> list[str]:
    return [name for name in FONT_FILES.values() if not (font_dir() / name).is_file()]


def font_paths() -> dict[str, Path]:
    """The font files by role; ImproperlyConfigured when one is missing."""
    if missing := missing_fonts():
        raise ImproperlyConfigured(
            f"Certificate fonts missing from {font_dir()}: {', '.join(missing)} "
            "(install fonts-noto-core: `make system-deps`)."
        )
    return {key: font_dir() / name for key, name in FONT_FILES.items()}
