"""Small .h5p packages built by the tests, and the shared real-world samples.

    data = package()                                  # a valid one-library package
    data = package(extra={"content/evil.php": "<?php"})
    data = package(drop=["content/content.json"])
    data = package(library=("Test.Other", 2, 1))
    upload("x.h5p", data)                             # a Django uploaded file

The real packages in `../shared/h5p-samples/` (beside the checkout) are made outside this
project; `sample_paths()` lists them and `require_samples()` skips with a clear message when
the folder is absent.
"""

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

SAMPLES_DIR = Path(settings.BASE_DIR).parent / "shared" / "h5p-samples"
SCORED_SAMPLES = {
    "tunapanda-truefalse-hello.h5p",
    "H5P.TrueFalse.h5p",
    "H5P.MultiChoice.h5p",
    "H5P.SingleChoiceSet.h5p",
    "H5P.QuestionSet.h5p",
    "H5P.Blanks.h5p",
    "H5P.DragText.h5p",
    "H5P.CoursePresentation.h5p",
}

# H5P finds a content type's constructor at window.<machineName>, e.g. window.Test.Check.
LIBRARY_JS = """window.%(namespace)s = window.%(namespace)s || {};
%(name)s = function (params, contentId) {
  H5P.EventDispatcher.call(this);
  this.params = params;
  this.contentId = contentId;
};
%(name)s.prototype = Object.create(H5P.EventDispatcher.prototype);
%(name)s.prototype.attach = function ($container) {
  var p = document.createElement("p");
  p.className = "test-check";
  p.textContent = this.params.text || "";
  $container.get(0).appendChild(p);
};
"""


def library_files(
    machine_name: str = "Test.Check",
    major: int = 1,
    minor: int = 0,
    *,
    patch: int = 0,
    js: str | None = None,
    dependencies=(),
    library_json: dict | None = None,
) -> dict[str, bytes | str]:
    folder = f"{machine_name}-{major}.{minor}"
    meta = {
        "title": f"{machine_name} for tests",
        "machineName": machine_name,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": patch,
        "runnable": 1,
        "preloadedJs": [{"path": "check.js"}],
        "preloadedCss": [{"path": "check.css"}],
        "preloadedDependencies": [
            {"machineName": n, "majorVersion": a, "minorVersion": b} for n, a, b in dependencies
        ],
    }
    if library_json is not None:
        meta = library_json
    return {
        f"{folder}/library.json": json.dumps(meta),
        f"{folder}/check.js": js
        if js is not None
        else LIBRARY_JS % {"namespace": machine_name.split(".", 1)[0], "name": machine_name},
        f"{folder}/check.css": ".test-check { font-weight: bold; }",
    }


def package_files(
    *,
    title: str = "Kiểm tra thử",
    library: tuple[str, int, int] = ("Test.Check", 1, 0),
    content: dict | None = None,
    dependencies=None,
    with_library: bool = True,
    patch: int = 0,
    js: str | None = None,
) -> dict[str, bytes | str]:
    name, major, minor = library
    deps = dependencies if dependencies is not None else [library]
    files: dict[str, bytes | str] = {
        "h5p.json": json.dumps(
            {
                "title": title,
                "mainLibrary": name,
                "language": "vi",
                "embedTypes": ["iframe"],
                "preloadedDependencies": [
                    {"machineName": n, "majorVersion": a, "minorVersion": b} for n, a, b in deps
                ],
            },
            ensure_ascii=False,
        ),
        "content/content.json": json.dumps(content or {"text": "Xin chào"}, ensure_ascii=False),
    }
    if with_library:
        files.update(library_files(name, major, minor, patch=patch, js=js))
    return files


def zip_bytes(files: dict, *, compression=zipfile.ZIP_DEFLATED, infos=()) -> bytes:
    """A zip of `files` (name -> text or bytes), plus raw `ZipInfo` members `infos`
    ((info, data) pairs) for links and other hand-made entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for info, data in infos:
            archive.writestr(info, data)
    return buffer.getvalue()


def package(*, extra: dict | None = None, drop=(), infos=(), **options) -> bytes:
    files = package_files(**options)
    for name in drop:
        files.pop(name)
    files.update(extra or {})
    return zip_bytes(files, infos=infos)


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def sample_paths() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.h5p")) if SAMPLES_DIR.is_dir() else []


def require_samples() -> list[Path]:
    paths = sample_paths()
    if not paths:
        pytest.skip(
            f"The real H5P samples are not here ({SAMPLES_DIR} is absent or empty); the "
            "project's own small packages cover the same code paths."
        )
    return paths


def tree(path: Path) -> list[str]:
    """Every file and folder under `path` (relative), to compare before and after."""
    if not path.exists():
        return []
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))
