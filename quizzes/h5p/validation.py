"""Checks an uploaded .h5p package completely, in memory, before anything is written.

An .h5p file is a zip holding `h5p.json`, the content in `content/` and library folders named
`<machineName>-<major>.<minor>/`. `check_package` reads every member it will keep (so sizes
and checksums are the real ones, not what the zip headers claim) and refuses, with a message
for the trainer naming the problem, anything that is not a well-formed package: a damaged or
non-zip file, unsafe member names (absolute, `..`, backslashes, drive letters), links and
other special files, encrypted members, too many or too large files, suspicious compression
ratios, extensions outside the allow-list, a missing or broken `h5p.json`, `content.json` or
`library.json`, and dependencies that are neither in the package nor installed.

Only the libraries the content plays with (the `preloadedDependencies` of `h5p.json`, followed
through each `library.json`) are kept; editor-only libraries and hidden files (`.DS_Store`,
`__MACOSX/`) are checked for safety, then ignored. The result is a `CheckedPackage`; whether
the uploader may install its new libraries is decided by `quizzes.h5p.services`.
"""

import json
import re
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class PackageError(Exception):
    """A refused package; `str(error)` is the message for the trainer."""


@dataclass(frozen=True)
class PackageLimits:
    max_files: int = 5000
    max_file_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 250 * 1024 * 1024
    max_ratio: int = 100
    ratio_min_bytes: int = 1024 * 1024  # ratios of smaller members and packages are not judged
    max_json_bytes: int = 5 * 1024 * 1024


CONTENT_EXTENSIONS = frozenset(
    {
        *("json", "txt", "vtt", "webvtt", "pdf", "csv", "rtf"),
        *("png", "jpg", "jpeg", "gif", "webp", "bmp", "svg"),
        *("mp3", "m4a", "ogg", "oga", "wav", "mp4", "webm", "ogv"),
        *("doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"),
    }
)
# Library folders may also hold code, styles and fonts. `.swf` (Flash, which no browser runs
# any more) ships inside the official flowplayer/downloadify libraries; it is served as inert
# bytes. Everything else (.html, .php, .exe, .xml, .map, ...) is refused.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | frozenset(
    {"js", "css", "eot", "ttf", "otf", "woff", "woff2", "swf", "diff", "patch", "md"}
)
MACHINE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,126}$")
LIBRARY_FOLDER = re.compile(
    r"^(?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-]*)-(?P<major>\d+)\.(?P<minor>\d+)$"
)
DRIVE = re.compile(r"^[A-Za-z]:")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CHUNK = 256 * 1024


@dataclass(frozen=True, order=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    @property
    def label(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"

    def __str__(self):
        return self.label


@dataclass(frozen=True)
class PackageLibrary:
    """A library folder of the package that the content uses."""

    ref: LibraryRef
    patch: int
    title: str
    runnable: bool
    dependencies: tuple[LibraryRef, ...]
    members: tuple[str, ...]  # zip member names under the folder


@dataclass(frozen=True)
class CheckedPackage:
    title: str
    h5p_json: dict
    main: LibraryRef
    dependencies: tuple[LibraryRef, ...]  # every library the content needs, in the package or not
    libraries: dict[LibraryRef, PackageLibrary] = field(default_factory=dict)  # shipped and used
    content_members: tuple[str, ...] = ()  # "h5p.json" and "content/..." member names
    unpacked_bytes: int = 0

    @property
    def external(self) -> tuple[LibraryRef, ...]:
        """Needed libraries the package does not ship (they must be installed already)."""
        return tuple(ref for ref in self.dependencies if ref not in self.libraries)


def extension(name: str) -> str:
    last = name.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last.strip(".") else ""


def _check_name(name: str) -> None:
    if "\\" in name:
        raise PackageError(
            _("“%(name)s”: backslashes are not allowed in file names.") % {"name": name}
        )
    if name.startswith("/"):
        raise PackageError(_("“%(name)s”: absolute paths are not allowed.") % {"name": name})
    if DRIVE.match(name):
        raise PackageError(_("“%(name)s”: drive letters are not allowed.") % {"name": name})
    if CONTROL.search(name):
        raise PackageError(
            _("“%(name)s”: the file name has control characters.") % {"name": repr(name)}
        )
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise PackageError(
            _("“%(name)s”: paths may not climb out of the package (..).") % {"name": name}
        )
    if any(part in ("", ".") for part in parts):
        raise PackageError(_("“%(name)s”: the path has an empty part.") % {"name": name})


def _check_kind(info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if info.create_system == 3 and kind:  # made on Unix: the high bits are a stat mode
        if stat.S_ISLNK(mode):
            raise PackageError(
                _("“%(name)s” is a symbolic link; links are not allowed.") % {"name": info.filename}
            )
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise PackageError(_("“%(name)s” is not a regular file.") % {"name": info.filename})
    if info.flag_bits & 0x1:
        raise PackageError(
            _("“%(name)s” is encrypted; H5P packages are not.") % {"name": info.filename}
        )


def _ignored(name: str) -> bool:
    """Hidden files and macOS resource forks: checked for safety, never extracted."""
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


def _area(name: str) -> str:
    """ "root", "content" or the top folder (a library) a member belongs to."""
    if "/" not in name:
        return "root"
    return name.split("/", 1)[0]


def _check_extension(name: str, area: str) -> None:
    allowed = CONTENT_EXTENSIONS if area in ("root", "content") else LIBRARY_EXTENSIONS
    ext = extension(name)
    if ext not in allowed:
        if ext in LIBRARY_EXTENSIONS:
            message = _("“%(name)s”: .%(ext)s files are allowed in libraries only, not in content.")
        elif ext:
            message = _("“%(name)s”: .%(ext)s files are not allowed in H5P packages.")
        else:
            message = _("“%(name)s”: files without an extension are not allowed.")
        raise PackageError(message % {"name": name, "ext": ext})


def _check_sizes(infos: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    files = [info for info in infos if not info.is_dir()]
    if len(files) > limits.max_files:
        raise PackageError(
            _("The package has %(count)d files; at most %(limit)d are allowed.")
            % {"count": len(files), "limit": limits.max_files}
        )
    total = 0
    for info in files:
        if info.file_size > limits.max_file_bytes:
            raise PackageError(
                _("“%(name)s” unpacks to more than %(limit)s MB.")
                % {"name": info.filename, "limit": limits.max_file_bytes // (1024 * 1024)}
            )
        if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise PackageError(
                _("“%(name)s” is compressed more than %(ratio)d times: this looks like a zip bomb.")
                % {"name": info.filename, "ratio": limits.max_ratio}
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        raise PackageError(
            _("The package unpacks to more than %(limit)s MB.")
            % {"limit": limits.max_total_bytes // (1024 * 1024)}
        )
    compressed = sum(info.compress_size for info in files)
    if total > limits.ratio_min_bytes and total > limits.max_ratio * max(compressed, 1):
        raise PackageError(
            _("The package is compressed more than %(ratio)d times: this looks like a zip bomb.")
            % {"ratio": limits.max_ratio}
        )


def _stream_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, sink) -> int:
    """Unpack a member in chunks into `sink`, counting the real bytes: a header that lies about
    the size gains nothing. Returns the size."""
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit or size > info.file_size:
                    raise PackageError(
                        _(
                            "“%(name)s” unpacks to more than its declared size: the package "
                            "looks like a zip bomb."
                        )
                        % {"name": info.filename}
                    )
                sink(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise PackageError(
            _("“%(name)s” cannot be unpacked: the package is damaged (%(error)s).")
            % {"name": info.filename, "error": error}
        ) from None
    return size


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    chunks: list[bytes] = []
    _stream_member(archive, info, limit, chunks.append)
    return b"".join(chunks)


def copy_member(archive: zipfile.ZipFile, name: str, output, *, limits: PackageLimits) -> int:
    """Write a checked member to a binary file, with the same size guards as the check."""
    info = archive.getinfo(name)
    return _stream_member(archive, info, limits.max_file_bytes, output.write)


def _discard(_chunk: bytes) -> None:
    return None


def _reject_constant(value):
    raise ValueError(f"{value} is not allowed")


def load_json(data: bytes, *, name: str):
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageError(
            _("“%(name)s” is not valid JSON (%(error)s).") % {"name": name, "error": error}
        ) from None


def _version(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value < 10_000:
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 5:
        return int(value)
    return None


def _refs(items, *, where: str) -> tuple[LibraryRef, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise PackageError(_("%(file)s: the dependencies must be a list.") % {"file": where})
    refs = []
    for item in items:
        if not isinstance(item, dict):
            raise PackageError(
                _(
                    "%(file)s: every dependency must be an object with machineName, majorVersion "
                    "and minorVersion."
                )
                % {"file": where}
            )
        name = item.get("machineName")
        major = _version(item.get("majorVersion"))
        minor = _version(item.get("minorVersion"))
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            raise PackageError(
                _("%(file)s: a dependency has no valid machineName.") % {"file": where}
            )
        invalid = [
            key
            for key, value in (("majorVersion", major), ("minorVersion", minor))
            if value is None
        ]
        if invalid:
            raise PackageError(
                _("%(file)s: the dependency %(name)s has no valid %(fields)s.")
                % {"file": where, "name": name, "fields": ", ".join(invalid)}
            )
        ref = LibraryRef(name, major, minor)
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)


def _check_h5p_json(data) -> tuple[str, LibraryRef, tuple[LibraryRef, ...]]:
    if not isinstance(data, dict):
        raise PackageError(_("h5p.json must hold a JSON object."))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise PackageError(_("h5p.json has no title."))
    main_name = data.get("mainLibrary")
    if not isinstance(main_name, str) or not MACHINE_NAME.match(main_name):
        raise PackageError(_("h5p.json has no valid mainLibrary."))
    dependencies = _refs(data.get("preloadedDependencies"), where="h5p.json")
    main = next((ref for ref in dependencies if ref.machine_name == main_name), None)
    if main is None:
        raise PackageError(
            _("h5p.json: the main library %(name)s is not among its preloadedDependencies.")
            % {"name": main_name}
        )
    return title.strip()[:200], main, dependencies


def _library(
    ref: LibraryRef, *, members: list[str], read: Callable[[str], bytes]
) -> PackageLibrary:
    where = f"{ref.folder}/library.json"
    if where not in members:
        raise PackageError(_("%(file)s is missing.") % {"file": where})
    data = load_json(read(where), name=where)
    if not isinstance(data, dict):
        raise PackageError(_("%(file)s must hold a JSON object.") % {"file": where})
    declared = (
        data.get("machineName"),
        _version(data.get("majorVersion")),
        _version(data.get("minorVersion")),
    )
    invalid = [
        key
        for key, value in zip(
            ("machineName", "majorVersion", "minorVersion"), declared, strict=True
        )
        if value is None or (key == "machineName" and not isinstance(value, str))
    ]
    if invalid:
        raise PackageError(
            _("%(file)s has no valid %(fields)s.") % {"file": where, "fields": ", ".join(invalid)}
        )
    if declared != (ref.machine_name, ref.major, ref.minor):
        raise PackageError(
            _("%(file)s describes the library %(declared)s, but its folder name says %(folder)s.")
            % {"file": where, "declared": "{}-{}.{}".format(*declared), "folder": ref.folder}
        )
    patch = _version(data.get("patchVersion"))
    if patch is None:
        raise PackageError(_("%(file)s has no valid patchVersion.") % {"file": where})
    for key in ("preloadedJs", "preloadedCss"):
        files = data.get(key) or []
        if not isinstance(files, list):
            raise PackageError(_("%(file)s: %(key)s must be a list.") % {"file": where, "key": key})
        for item in files:
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str) or f"{ref.folder}/{path}" not in members:
                raise PackageError(
                    _("%(file)s lists a file that is not in the package: %(path)s")
                    % {"file": where, "path": path}
                )
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return PackageLibrary(
        ref=ref,
        patch=patch,
        title=title[:255],
        runnable=bool(data.get("runnable")),
        dependencies=_refs(data.get("preloadedDependencies"), where=where),
        members=tuple(m for m in members if m.startswith(f"{ref.folder}/")),
    )


def _library_folders(names: Iterable[str]) -> set[str]:
    folders = set()
    for name in names:
        area = _area(name)
        if area in ("root", "content"):
            continue
        if not LIBRARY_FOLDER.match(area):
            raise PackageError(
                _(
                    "“%(folder)s” is neither content/ nor a library folder named like "
                    "H5P.Example-1.0."
                )
                % {"folder": area}
            )
        folders.add(area)
    return folders


def check_package(fileobj, *, limits: PackageLimits | None = None) -> CheckedPackage:
    """Check an .h5p file (a path or a binary file object) and describe what to install."""
    limits = limits or PackageLimits()
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise PackageError(
            _("This is not a valid .h5p file: it cannot be opened as a zip archive (%(error)s).")
            % {"error": error}
        ) from None
    with archive:
        return _check_archive(archive, limits)


def _check_archive(archive: zipfile.ZipFile, limits: PackageLimits) -> CheckedPackage:
    infos = archive.infolist()
    seen = set()
    for info in infos:
        _check_name(info.filename)
        _check_kind(info)
        if info.filename in seen:
            raise PackageError(
                _("“%(name)s” appears twice in the package.") % {"name": info.filename}
            )
        seen.add(info.filename)
    _check_sizes(infos, limits)
    kept = {
        info.filename: info for info in infos if not info.is_dir() and not _ignored(info.filename)
    }
    for name in kept:
        _check_extension(name, _area(name))
    members = sorted(kept)
    _library_folders(members)

    cache: dict[str, bytes] = {}

    def read(name: str) -> bytes:
        if name not in cache:
            cache[name] = _read_member(archive, kept[name], limits.max_json_bytes)
        return cache[name]

    if "h5p.json" not in kept:
        raise PackageError(_("The package has no h5p.json: it is not an H5P package."))
    h5p_json = load_json(read("h5p.json"), name="h5p.json")
    title, main, direct = _check_h5p_json(h5p_json)
    if "content/content.json" not in kept:
        raise PackageError(_("The package has no content/content.json."))
    content = load_json(read("content/content.json"), name="content/content.json")
    if not isinstance(content, dict):
        raise PackageError(_("content/content.json must hold a JSON object."))

    shipped_folders = {_area(name) for name in members} - {"root", "content"}
    libraries: dict[LibraryRef, PackageLibrary] = {}
    needed: list[LibraryRef] = []
    queue = list(direct)
    while queue:
        ref = queue.pop(0)
        if ref in needed:
            continue
        needed.append(ref)
        if ref.folder in shipped_folders:
            library = _library(ref, members=members, read=read)
            libraries[ref] = library
            queue.extend(dep for dep in library.dependencies if dep not in needed)

    content_members = tuple(n for n in members if n == "h5p.json" or n.startswith("content/"))
    used = content_members + tuple(m for lib in libraries.values() for m in lib.members)
    unpacked = 0
    for name in used:
        if name in cache:
            unpacked += len(cache[name])
        else:
            unpacked += _stream_member(archive, kept[name], limits.max_file_bytes, _discard)
        if unpacked > limits.max_total_bytes:
            raise PackageError(
                _("The package unpacks to more than %(limit)s MB.")
                % {"limit": limits.max_total_bytes // (1024 * 1024)}
            )
    return CheckedPackage(
        title=title,
        h5p_json=h5p_json,
        main=main,
        dependencies=tuple(needed),
        libraries=libraries,
        content_members=content_members,
        unpacked_bytes=unpacked,
    )
