"""Read-side of H5P activities: block rules in a module, player links, learners' results.

A player link carries a signed, time-limited token naming the activity, the module, the user
and the page's origin; the sandboxed player cannot send the session cookie, so the token is
what lets it fetch the activity's content files (libraries and the player itself are public
code). `player_options` is what the page hands to h5p-standalone.

The module page's frame shows the "player shell" instead of the per-visit player link: one
page for every learner and activity (per language and module page origin), kept a year by the
browser under a versioned address, to which the module page posts the activity's
configuration (`player_config`, with this visit's token). A repeat visit then costs no round
trip for the player page (docs/decisions/019-weak-signal.md, "Player shell").
"""

import contextlib
import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache as once
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli
import rjsmin
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import signing
from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from quizzes.h5p import storage
from quizzes.h5p.validation import LIBRARY_FOLDER, extension
from quizzes.models import H5PActivity, H5PResult

PLAYER_SALT = "quizzes.h5p.player"
SHELL_SALT = "quizzes.h5p.shell"
PLAYER_TEMPLATE = "quizzes/h5p/player.html"
PLAYER_SCRIPT = "quizzes/h5p-player.js"
PLAYER_STYLE = "quizzes/h5p-player.css"
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]+)?$|^https?://\[[0-9A-Fa-f:.]+\](:[0-9]+)?$")
PLAYER_STATIC_DIR = "h5p-standalone"
EMBEDDED_CONTENT_MAX_BYTES = 256 * 1024
MAX_EMBEDDED_LIBRARIES = 100
LIBRARY_CODE_CACHE_SECONDS = 3600
SCRIPT_TYPE = "text/javascript; charset=utf-8"
STYLE_TYPE = "text/css; charset=utf-8"
# More than this and the rest of an activity's library code is left out of its bundle (the
# module page then fetches what is missing one file at a time).
BUNDLE_MAX_BYTES = 4 * 1024 * 1024
# A bundle is named by its files and never changes: its compressed bodies are kept a month.
BUNDLE_BODY_CACHE_SECONDS = 30 * 86400
PLAYER_FILES = ("main.bundle.js", "frame.bundle.js", "styles/h5p.css")
DEFAULT_PASS_MARK = 70


@dataclass(frozen=True)
class BlockRule:
    """What the module's `h5p` block says about an activity."""

    pass_mark: int
    required: bool


@dataclass(frozen=True)
class PlayerGrant:
    activity_id: int
    module_id: int | None
    user_id: int | None
    parent_origin: str


def activity_iri(activity_id: int) -> str:
    """The xAPI object id of an activity, the same on every host of the site."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return f"{base}/h5p/activities/{activity_id}"


def module_h5p_rules(*, module) -> dict[int, BlockRule]:
    """The H5P activities of a module body with their pass mark (the first block wins)."""
    rules: dict[int, BlockRule] = {}
    for item in module.body.raw_data:
        if item.get("type") != "h5p":
            continue
        value = item.get("value") or {}
        activity_id = value.get("activity")
        if not isinstance(activity_id, int) or activity_id in rules:
            continue
        pass_mark = value.get("pass_mark")
        rules[activity_id] = BlockRule(
            pass_mark=pass_mark if isinstance(pass_mark, int) else DEFAULT_PASS_MARK,
            required=bool(value.get("required", True)),
        )
    return rules


def player_origin() -> str:
    return (settings.H5P_PLAYER_ORIGIN or "").rstrip("/")


def player_token(*, activity_id: int, module_id: int | None, user_id, parent_origin: str) -> str:
    return signing.dumps(
        {"a": activity_id, "m": module_id, "u": user_id, "o": parent_origin},
        salt=PLAYER_SALT,
        compress=True,
    )


def read_player_token(token: str) -> PlayerGrant | None:
    """The grant a token carries, or None when it is forged or older than its lifetime."""
    try:
        data = signing.loads(token, salt=PLAYER_SALT, max_age=settings.H5P_PLAY_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    return PlayerGrant(
        activity_id=data["a"],
        module_id=data.get("m"),
        user_id=data.get("u"),
        parent_origin=str(data.get("o") or ""),
    )


def _here(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _player_link(*, request, activity_id: int, module_id: int | None) -> tuple[str, str]:
    origin = _here(request)
    token = player_token(
        activity_id=activity_id,
        module_id=module_id,
        user_id=getattr(request.user, "pk", None),
        parent_origin=origin,
    )
    return token, f"{player_origin() or origin}{reverse('h5p_player', args=[token])}"


def player_url(*, request, activity_id: int, module_id: int | None) -> str:
    """The absolute address of the sandboxed player for the page `request` is rendering."""
    _token, url = _player_link(request=request, activity_id=activity_id, module_id=module_id)
    return url


@once
def player_inline_file(name: str) -> str:
    """A static file's text for the player page: the sandboxed frame caches nothing it fetches,
    so its two small files come inside the page (one round trip less on every visit)."""
    found = finders.find(name) or staticfiles_storage.path(name)
    text = Path(found).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} cannot be put inside the player page")
    return text


def player_page_context(*, config: dict, activity: H5PActivity | None = None) -> dict:
    """The player page's template context: its own script and style inline, and `config`."""
    return {
        "activity": activity,
        "player_script": mark_safe(player_inline_file(PLAYER_SCRIPT)),  # noqa: S308 - our file
        "player_style": mark_safe(player_inline_file(PLAYER_STYLE)),  # noqa: S308 - our file
        "config": config,
    }


def player_shell_html(*, language: str, parent_origin: str) -> str:
    """The player shell: the player page without an activity, the same for every learner and
    activity. Rendered without the request (no CSRF token, no session, no user), so nothing in
    it is personal; its script waits for the module page on `parent_origin` to post the
    activity's configuration."""
    with translation.override(language):
        return render_to_string(
            PLAYER_TEMPLATE, player_page_context(config={"parentOrigin": parent_origin})
        )


@once
def player_shell_version() -> str:
    """Names the current player shell by what it is made of (template, inline script and style,
    translations): a deployment that changes any of them gives the shell a new address, so
    browsers may keep each address for a year. Computed once per process."""
    digest = hashlib.sha256()
    for code, _name in settings.LANGUAGES:
        digest.update(player_shell_html(language=code, parent_origin="").encode())
    return digest.hexdigest()[:12]


def _shell_signer() -> signing.Signer:
    # Not `signing.dumps`: its timestamp would give each visit another address.
    return signing.Signer(salt=SHELL_SALT)


def read_shell_origin(value: str) -> str | None:
    """The module page origin a shell address names, or None when forged."""
    try:
        origin = _shell_signer().unsign_object(value)
    except (signing.BadSignature, ValueError):
        return None
    return origin if isinstance(origin, str) and ORIGIN.match(origin) else None


def supported_language(language: str | None) -> str | None:
    return language if language in {code for code, _name in settings.LANGUAGES} else None


def player_shell_url(*, request, language: str) -> str:
    """The address of the player shell for the module page `request` renders, in `language`:
    the same for every learner and activity of this origin until the shell changes."""
    here = _here(request)
    language = supported_language(language) or settings.LANGUAGE_CODE
    signed = _shell_signer().sign_object(here)
    path = reverse("h5p_player_shell", args=[language, player_shell_version(), signed])
    return f"{player_origin() or here}{path}"


def player_static_base(*, origin: str) -> str:
    """The absolute address of the player's folder in our static files, as the module page
    on `origin` sees it (files in it have hashed names and a long cache life in production)."""
    return urljoin(f"{origin}/", f"{settings.STATIC_URL}{PLAYER_STATIC_DIR}/")


def player_static_url(name: str, *, origin: str) -> str:
    return urljoin(f"{origin}/", static(f"{PLAYER_STATIC_DIR}/{name}"))


def player_file_prefixes(*, request, player_url: str) -> list[str]:
    """The addresses whose files the module page fetches for its sandboxed player: the
    player's static files, the public libraries, and the content of this player link only."""
    here = _here(request)
    return [
        player_static_base(origin=here),
        f"{player_origin() or here}{reverse('h5p_library_root')}",
        f"{player_url}files/",
    ]


def _read_small(path) -> str | None:
    if path is None or path.stat().st_size > EMBEDDED_CONTENT_MAX_BYTES:
        return None
    return path.read_text(encoding="utf-8")


def _dependency_folders(text: str | None) -> list[str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return []
    folders = []
    for dependency in data.get("preloadedDependencies") or []:
        try:
            folder = "{machineName}-{majorVersion}.{minorVersion}".format(**dependency)
        except (KeyError, TypeError):
            continue
        if LIBRARY_FOLDER.match(folder):
            folders.append(folder)
    return folders


def _library_jsons(h5p_json: str | None) -> dict[str, str | None]:
    """The `library.json` text of every library an activity preloads, by folder."""
    found: dict[str, str | None] = {}
    waiting = _dependency_folders(h5p_json)
    while waiting and len(found) < MAX_EMBEDDED_LIBRARIES:
        folder = waiting.pop()
        if folder in found:
            continue
        found[folder] = _read_small(storage.resolve(storage.library_dir(folder), "library.json"))
        waiting.extend(_dependency_folders(found[folder]))
    return found


def player_content_files(
    *, activity: H5PActivity, content_url: str, libraries_url: str
) -> dict[str, str]:
    """The JSON files h5p-standalone reads before it can show anything, by address: the
    activity's `h5p.json` and `content/content.json` and the `library.json` of every library
    it preloads. h5p-standalone walks the libraries one level at a time, a round trip per
    level; handed over with the player page they cost none. A file over
    `EMBEDDED_CONTENT_MAX_BYTES` is left to be fetched."""
    base = storage.content_dir(activity.storage_key)
    h5p_json = _read_small(storage.resolve(base, "h5p.json"))
    files = {f"{content_url}/h5p.json": h5p_json}
    files[f"{content_url}/content/content.json"] = _read_small(
        storage.resolve(base, "content/content.json")
    )
    for folder, text in _library_jsons(h5p_json).items():
        files[f"{libraries_url}/{folder}/library.json"] = text
    return {url: text for url, text in files.items() if text is not None}


def _library_code(storage_key) -> list[tuple[str, str]]:
    """(folder, path) of every script and style the activity's libraries preload."""
    h5p_json = _read_small(storage.resolve(storage.content_dir(storage_key), "h5p.json"))
    code = []
    for folder, text in _library_jsons(h5p_json).items():
        try:
            data = json.loads(text or "{}")
        except ValueError:
            continue
        for key in ("preloadedJs", "preloadedCss"):
            for item in data.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get("path"), str):
                    code.append((folder, item["path"]))
    return code


@dataclass(frozen=True)
class LibraryBundle:
    """Every script and style an activity's libraries preload, in one file: `url` answers
    `{"files": {path: {"type", "body"}}}` for the `files` paths under `base` (the libraries'
    own addresses, which the player asks for one by one)."""

    url: str
    base: str
    files: tuple[str, ...]

    def as_json(self) -> str:
        return json.dumps({"url": self.url, "base": self.base, "files": self.files})


def _library_code_digest(code: list[tuple[str, str]]) -> str:
    """Names the bundle of `code` by its files, their sizes and times: installed libraries
    never change (decision 008), and if one were reinstalled the name would change with it."""
    digest = hashlib.sha256()
    for folder, path in code:
        found = storage.resolve(storage.library_dir(folder), path)
        try:
            status = found.stat() if found else None
        except OSError:
            status = None
        size, mtime = (status.st_size, status.st_mtime_ns) if status else (0, 0)
        digest.update(f"{folder}/{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()[:20]


def activity_library_code(*, storage_key) -> tuple[tuple[tuple[str, str], ...], str]:
    """The (folder, path) of the scripts and styles an activity's libraries preload, and the
    name of their bundle; kept an hour per activity."""

    def read():
        code = _library_code(storage_key)
        return tuple(code), _library_code_digest(code)

    return cache.get_or_set(f"h5p-library-bundle:{storage_key}", read, LIBRARY_CODE_CACHE_SECONDS)


def library_bundle(*, request, activity: H5PActivity) -> LibraryBundle | None:
    """The one request that brings an activity's library code to the module page (instead of
    20-40 small ones, each waiting for one of six connections on a 2 s round trip)."""
    code, digest = activity_library_code(storage_key=activity.storage_key)
    if not code:
        return None
    here = _here(request)
    root = f"{player_origin() or here}{reverse('h5p_library_root')}"
    return LibraryBundle(
        url=f"{player_origin() or here}{reverse('h5p_library_bundle', args=[activity.pk, digest])}",
        base=root,
        files=tuple(f"{folder}/{path}" for folder, path in code),
    )


@dataclass(frozen=True)
class LibraryBundleBody:
    """A library bundle's JSON, compressed once for every browser that asks: brotli (what
    browsers accept over HTTPS, a fifth smaller than gzip) and gzip."""

    brotli: bytes
    gzip: bytes
    size: int = 0  # of the JSON itself, what a downloaded course keeps (0: built before)

    def encoded(self, accept_encoding: str) -> tuple[bytes, str | None]:
        """The body for a request's `Accept-Encoding`, and its `Content-Encoding`."""
        accepted = _accepted_encodings(accept_encoding)
        if "br" in accepted:
            return self.brotli, "br"
        if "gzip" in accepted:
            return self.gzip, "gzip"
        return gzip.decompress(self.gzip), None


def _accepted_encodings(header: str) -> set[str]:
    """The codings an `Accept-Encoding` header names, but those it refuses (`;q=0`)."""
    accepted = set()
    for item in header.split(","):
        name, _, parameters = item.partition(";")
        _, _, quality = parameters.partition("=")
        try:
            refused = float(quality) == 0 if quality.strip() else False
        except ValueError:
            refused = False
        if not refused:
            accepted.add(name.strip().lower())
    return accepted


def library_bundle_body(*, storage_key, digest: str) -> LibraryBundleBody | None:
    """The bundle of an activity's library code, built and compressed once per bundle name
    (`digest`, from `activity_library_code`); None when the name is not the current one."""
    code, current = activity_library_code(storage_key=storage_key)
    if digest != current:
        return None
    minify = settings.H5P_MINIFY_LIBRARY_CODE

    def build():
        body = json.dumps({"files": _bundle_files(code, minify=minify)}).encode()
        return LibraryBundleBody(
            brotli=brotli.compress(body, quality=11, mode=brotli.MODE_TEXT),
            gzip=gzip.compress(body, compresslevel=9, mtime=0),
            size=len(body),
        )

    key = f"h5p-library-bundle-body:{digest}:{int(minify)}"
    return cache.get_or_set(key, build, BUNDLE_BODY_CACHE_SECONDS)


def _bundle_files(code, *, minify: bool) -> dict[str, dict[str, str]]:
    files, total = {}, 0
    for folder, path in code:
        kind = {"js": SCRIPT_TYPE, "css": STYLE_TYPE}.get(extension(path))
        found = storage.resolve(storage.library_dir(folder), path)
        if found is None or kind is None:
            continue
        try:
            body = found.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        total += len(body)
        if total > BUNDLE_MAX_BYTES:
            break
        if minify and kind == SCRIPT_TYPE:
            body = minified_script(body)
        files[f"{folder}/{path}"] = {"type": kind, "body": body}
    return files


def minified_script(body: str) -> str:
    """A library script without its comments and spaces (licence comments, `/*! ... */`,
    kept). rJSmin does not follow a template literal nested in another one, so a script that
    could hold one (a backquote and a `${`) is left as it is."""
    if "`" in body and "${" in body:
        return body
    return rjsmin.jsmin(body, keep_bang_comments=True)


def player_prefetch_urls(*, request) -> tuple[str, ...]:
    """The player's three files, which the module page starts fetching while the player page
    loads (its libraries' code comes in one bundle, `library_bundle`)."""
    here = _here(request)
    return tuple(player_static_url(name, origin=here) for name in PLAYER_FILES)


def activity_ahead_urls(*, request, activity: H5PActivity) -> tuple[str, ...]:
    """What a page before the activity's module fetches ahead for it (`courses.selectors.
    module_ahead`): the same addresses its module page preloads, in the same order (the
    activity's library bundle, then the player's files), so that the browser's cache has them
    when the learner gets there."""
    bundle = library_bundle(request=request, activity=activity)
    return ((bundle.url,) if bundle else ()) + player_prefetch_urls(request=request)


def player_config(*, request, activity: H5PActivity, token: str, parent_origin: str) -> dict:
    """What the sandboxed player page hands to its script (quizzes/static/quizzes/
    h5p-player.js): h5p-standalone's options, where its files are, where messages go."""
    options = player_options(
        request=request, activity=activity, token=token, parent_origin=parent_origin
    )
    player = player_origin() or _here(request)
    return {
        "options": options,
        "files": player_content_files(
            activity=activity,
            content_url=options["h5pJsonPath"],
            libraries_url=options["librariesPath"],
        ),
        "parentOrigin": parent_origin,
        "mainJs": player_static_url("main.bundle.js", origin=parent_origin),
        "staticBase": player_static_base(origin=parent_origin),
        "assetBase": f"{player}{reverse('h5p_player_asset', args=['-']).removesuffix('-')}",
    }


def player_options(*, request, activity: H5PActivity, token: str, parent_origin: str) -> dict:
    """The options of h5p-standalone: content and libraries on the player's origin, the
    player's files in the static files of the module page's origin.

    No `user` option: h5p-standalone then needs `ajax.contentUserDataUrl`, which we don't
    offer (scores travel as xAPI statements to the page instead).
    """

    player = player_origin() or _here(request)

    def absolute(name, *args):
        return f"{player}{reverse(name, args=args)}"

    content = absolute("h5p_content", token, "h5p.json").removesuffix("/h5p.json")
    return {
        "id": f"activity-{activity.pk}",
        # In the page itself, not in a nested frame: a frame inside a sandboxed document gets
        # an origin of its own, and h5p-standalone could not reach it.
        "embedType": "div",
        "h5pJsonPath": content,
        "contentJsonPath": f"{content}/content",
        "librariesPath": absolute("h5p_library_root").rstrip("/"),
        "frameJs": player_static_url("frame.bundle.js", origin=parent_origin),
        "frameCss": player_static_url("styles/h5p.css", origin=parent_origin),
        "frame": False,
        "copyright": False,
        "export": False,
        "embed": False,
        "icon": False,
        "fullScreen": False,
        "xAPIObjectIRI": activity_iri(activity.pk),
        "title": activity.title,
    }


def h5p_result(*, activity_id: int, learner, module) -> H5PResult | None:
    if learner is None or not learner.is_authenticated:
        return None
    return H5PResult.objects.filter(activity_id=activity_id, learner=learner, module=module).first()


@dataclass(frozen=True)
class H5PBlockState:
    player_url: str
    shell_url: str
    activity: dict
    player_files: tuple[str, ...]
    prefetch: tuple[str, ...]
    bundle: LibraryBundle | None
    xapi_url: str | None
    best_percent: Decimal | None
    passed: bool
    counts: bool

    @property
    def player_files_json(self) -> str:
        """`player_files` for the block's data attribute."""
        return json.dumps(self.player_files)

    @property
    def activity_json(self) -> str:
        """The activity's player configuration, which the module page posts to the shell."""
        return json.dumps(self.activity)

    @property
    def prefetch_json(self) -> str:
        return json.dumps(self.prefetch)

    @property
    def bundle_json(self) -> str:
        return self.bundle.as_json() if self.bundle else "null"

    @property
    def content_url(self) -> str:
        """Where this visit's player link serves the activity's content files (a downloaded
        course keeps them under it: `data-offline-content`)."""
        return self.activity["options"]["h5pJsonPath"]


def h5p_block_state(*, activity: H5PActivity, request, module, pass_mark: int) -> H5PBlockState:
    """What an `h5p` block shows: the player shell and the activity's configuration for it
    (this visit's player token), where scores go, the learner's best score.

    `counts` is False for practice (an optional block, or a course that does not count
    browser-reported scores): such a block promises nothing and never says "passed".
    """
    user = getattr(request, "user", None)
    learner = user if user is not None and user.is_authenticated else None
    result = h5p_result(activity_id=activity.pk, learner=learner, module=module)
    best = result.best_percent if result else None
    counts = activity.completion_key in module.completion_parts()
    token, url = _player_link(request=request, activity_id=activity.pk, module_id=module.pk)
    return H5PBlockState(
        player_url=url,
        shell_url=player_shell_url(request=request, language=translation.get_language()),
        activity=player_config(
            request=request, activity=activity, token=token, parent_origin=_here(request)
        ),
        player_files=tuple(player_file_prefixes(request=request, player_url=url)),
        prefetch=player_prefetch_urls(request=request),
        bundle=library_bundle(request=request, activity=activity),
        xapi_url=(reverse("h5p_statement", args=[module.pk, activity.pk]) if learner else None),
        best_percent=best,
        passed=counts and best is not None and best >= pass_mark,
        counts=counts,
    )


def _static_size(name: str) -> int:
    found = finders.find(name)
    try:
        return Path(found).stat().st_size if found else staticfiles_storage.size(name)
    except (OSError, NotImplementedError):
        return 0


def activity_content_files(*, storage_key) -> list[dict]:
    """Every file of an activity's content (h5p.json, content.json, its pictures and sounds),
    by path under its content address, with its size."""
    base = storage.content_dir(storage_key)
    files = []
    for path in sorted(base.rglob("*")) if base.is_dir() else ():
        relative = path.relative_to(base).as_posix()
        if relative != "h5p.json" and not relative.startswith("content/"):
            continue
        found = storage.resolve(base, relative)
        if found is not None:
            with contextlib.suppress(OSError):
                files.append({"path": relative, "size": found.stat().st_size})
    return files


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
# The font file the player takes for an @font-face (quizzes/static/quizzes/h5p-player.js,
# FONT_FORMATS): the first of these that the face offers.
FONT_PREFERENCE = (
    re.compile(r"\.woff2$", re.IGNORECASE),
    re.compile(r"\.woff$", re.IGNORECASE),
    re.compile(r"\.[ot]tf$", re.IGNORECASE),
    re.compile(r"^(?!.*\.(eot|svg)$)", re.IGNORECASE),
)


# Pictures library styles name (backgrounds and icons: jQuery UI's sprites, H5P.Question's
# score marks).
PICTURE = re.compile(r"\.(png|gif|jpe?g|svg|webp)$", re.IGNORECASE)


def _library_assets(code) -> list[dict]:
    """The files the activity's library styles name, by address, with their size: the font
    file each @font-face uses in the player (a library's icons) and the pictures the rest of
    the styles name (kinds "font" and "picture")."""
    assets = {}

    def keep(folder, path, ref, kind):
        """`ref` (without its query and fragment), if it is a file of the library."""
        if not ref or urlsplit(ref).scheme or ref.startswith("/"):
            return  # none, inline (data:, blob:), elsewhere or absolute
        relative = urljoin(f"/{path}", ref).lstrip("/")
        found = storage.resolve(storage.library_dir(folder), relative)
        if found is not None:
            url = reverse("h5p_library_file", args=[folder, relative])
            with contextlib.suppress(OSError):
                assets.setdefault(url, {"url": url, "size": found.stat().st_size, "kind": kind})

    for folder, path in code:
        if not path.lower().endswith(".css"):
            continue
        found = storage.resolve(storage.library_dir(folder), path)
        try:
            css = found.read_text(encoding="utf-8") if found is not None else ""
        except (OSError, UnicodeDecodeError):
            continue
        for face in FONT_FACE.findall(css):
            refs = [_file_part(ref) for _quote, ref in CSS_URL.findall(face)]
            refs = [ref for ref in refs if ref and not re.match(r"^(data|blob):", ref, re.I)]
            chosen = next(
                (ref for pattern in FONT_PREFERENCE for ref in refs if pattern.search(ref)), None
            )
            keep(folder, path, chosen, "font")
        for _quote, ref in CSS_URL.findall(FONT_FACE.sub("", css)):
            if PICTURE.search(_file_part(ref)):
                keep(folder, path, _file_part(ref), "picture")
    return list(assets.values())


def _file_part(ref: str) -> str:
    """A style's `url()` without its query and fragment (`icons.svg?v=2#tick`)."""
    return ref.split("?")[0].split("#")[0]


def activity_offline_files(*, activity: H5PActivity) -> dict:
    """What a downloaded course keeps to play `activity` offline (courses' offline manifest asks
    the block, docs/decisions/033-offline-courses.md): the player's files, the activity's
    library bundle and the fonts and pictures its styles name, and its content files, which
    the device fetches under the content address each downloaded page names
    (`data-offline-content`, a player link of that visit)."""
    names = [f"{PLAYER_STATIC_DIR}/{name}" for name in PLAYER_FILES]
    files = [{"url": static(name), "size": _static_size(name), "kind": ""} for name in names]
    code, digest = activity_library_code(storage_key=activity.storage_key)
    if code and not player_origin():
        # What the device keeps: the bundle as served (scripts minified), built once per name.
        body = library_bundle_body(storage_key=activity.storage_key, digest=digest)
        size = body.size if body is not None else 0
        if not size:
            for folder, path in code:
                found = storage.resolve(storage.library_dir(folder), path)
                if found is not None:
                    with contextlib.suppress(OSError):
                        size += found.stat().st_size
        url = reverse("h5p_library_bundle", args=[activity.pk, digest])
        files.append({"url": url, "size": size, "kind": "bundle"})
        files += _library_assets(code)
    content = [] if player_origin() else activity_content_files(storage_key=activity.storage_key)
    return {"pk": activity.pk, "title": activity.title, "files": files, "content": content}


def player_shell_offline(*, request) -> dict | None:
    """The player shell the module pages' frames show on this host, for a downloaded course;
    None when the player has a host of its own (a download cannot keep another origin's page)."""
    if player_origin():
        return None
    language = translation.get_language()
    url = player_shell_url(request=request, language=language)
    html = player_shell_html(language=language, parent_origin=_here(request))
    return {"url": urlsplit(url).path, "size": len(html.encode()), "kind": "shell"}
