"""Where H5P files live on disk, and how they get there without leaving half-written folders.

Everything is under `settings.H5P_ROOT` (outside MEDIA_ROOT, so no web server serves it
directly): `libraries/<Machine-major.minor>/` shared by all activities, `content/<key>/` per
activity. A package is unpacked into a private staging folder first (`.staging/<random>/`)
and moved into place with `os.rename`, which is atomic on one file system; the staging folder
is removed whatever happens. `resolve` maps a URL path to a file only inside a given folder.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

LIBRARIES = "libraries"
CONTENT = "content"
STAGING = ".staging"


def root() -> Path:
    return Path(settings.H5P_ROOT)


def library_dir(folder: str) -> Path:
    return root() / LIBRARIES / folder


def content_dir(key) -> Path:
    return root() / CONTENT / str(key)


@contextmanager
def staging() -> Iterator[Path]:
    """A fresh folder on the same file system as the final places, removed on exit."""
    base = root() / STAGING
    base.mkdir(parents=True, exist_ok=True)
    path = base / uuid.uuid4().hex
    path.mkdir()
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def move_into_place(source: Path, target: Path) -> bool:
    """Move a staged folder to its final place; False (and nothing moved) if it exists."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(source, target)
    except OSError:
        if target.exists():
            return False
        raise
    return True


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def resolve(base: Path, relative: str) -> Path | None:
    """The file `relative` names inside `base`, or None when it is outside, hidden or missing."""
    parts = relative.split("/")
    if not relative or any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    if "\\" in relative or "\x00" in relative:
        return None
    path = base.joinpath(*parts)
    try:
        real = path.resolve(strict=True)
        real.relative_to(base.resolve(strict=True))
    except (OSError, ValueError):
        return None
    return real if real.is_file() else None
