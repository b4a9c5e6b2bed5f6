"""The H5P player, the files it loads, and the endpoint that receives learners' scores.

The player page is always sandboxed by its own Content-Security-Policy (`sandbox
allow-scripts`, no `allow-same-origin`), even when opened outside the module page's iframe,
so package JavaScript runs in an opaque origin: it cannot read the site's cookies or storage
and its requests to the site carry no session. For the same reason every file it loads is
served with `Access-Control-Allow-Origin: *`, and a CORS preflight for them (`OPTIONS`, e.g.
for a sound loaded with a Range or X-Requested-With header) is answered: content files are
reachable only through the player's signed token, libraries and the player are public code,
none of them reads the session or carries personal data. The score endpoint gets none of this.
Files are served with `X-Content-Type-Options: nosniff`, a type from a fixed table that is
never HTML, and a `sandbox` policy of their own (an SVG opened directly runs no script).

When `H5P_PLAYER_ORIGIN` is set, the player and its files answer only on that host.

The module page frames the player shell (`player_shell`), the same page for every learner and
activity, which the browser keeps; the per-visit player page (`player`) serves the admin's
preview.

The browser caches nothing the opaque frame downloads, so the module page fetches the
player's files for it (docs/decisions/019-weak-signal.md): these views then serve the module
page, with validators and cache lives, and the frame only for what it loads itself (content
media, the core stylesheet's fonts).
"""

import mimetypes
import re
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import ActionReceipt, ModulePage
from courses.sync.views import replayable
from quizzes.h5p import storage
from quizzes.h5p.selectors import (
    PLAYER_TEMPLATE,
    SCRIPT_TYPE,
    STYLE_TYPE,
    library_bundle_body,
    player_config,
    player_origin,
    player_page_context,
    player_shell_html,
    player_shell_version,
    read_player_token,
    read_shell_origin,
    supported_language,
)
from quizzes.h5p.services import H5PError, h5p_statement_record
from quizzes.h5p.validation import LIBRARY_FOLDER, extension
from quizzes.models import H5PActivity

PLAYER_STATIC_PREFIX = "h5p-standalone"
FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
INLINE_TYPES = {
    "js": SCRIPT_TYPE,
    "css": STYLE_TYPE,
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "diff": "text/plain; charset=utf-8",
    "patch": "text/plain; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "eot": "application/vnd.ms-fontobject",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
}


PREFLIGHT_HEADER_NAMES = re.compile(r"^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$")
PREFLIGHT_MAX_AGE = 86400
# Libraries are installed once and never overwritten (docs/decisions/008-h5p.md); a week, then
# a 304. Player files with a hashed name (collectstatic) never change.
LIBRARY_CACHE = "public, max-age=604800"
PLAYER_CACHE = "public, max-age=86400"
HASHED_PLAYER_CACHE = "public, max-age=31536000, immutable"
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")


def content_type(name: str) -> tuple[str, bool]:
    """The type a file is served with, and whether it is a download: never HTML or XML."""
    ext = extension(name)
    if ext in INLINE_TYPES:
        return INLINE_TYPES[ext], False
    guessed, _encoding = mimetypes.guess_type(f"file.{ext}") if ext else (None, None)
    if ext in ("pdf", "csv", "rtf") or (guessed or "").startswith("application/vnd"):
        return guessed or "application/octet-stream", True
    return "application/octet-stream", True


def _on_player_host(request) -> None:
    """With a separate player origin, the player's URLs exist only on that host."""
    origin = player_origin()
    if origin and request.get_host() != urlsplit(origin).netloc:
        raise Http404


def _serve(request, path, *, cache: str) -> FileResponse:
    """A file with its validators (ConditionalGetMiddleware answers 304 to a browser that
    has it) and the sandbox's headers; GZipMiddleware compresses it."""
    if path is None:
        raise Http404
    kind, download = content_type(path.name)
    found = path.stat()
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Last-Modified"] = http_date(found.st_mtime)
    response["ETag"] = f'"{found.st_mtime_ns:x}-{found.st_size:x}"'

    if download:
        response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return _as_player_file(response, cache=cache)


def _as_player_file(response, *, cache: str):
    """The headers of every file the player loads: readable from any origin (the sandbox is
    "null", the module page may be on another host than the player), never run as a page."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = cache
    return response


def _preflight(request) -> HttpResponse:
    """The answer to a CORS preflight for a player file: any origin (the sandbox is "null"),
    reading only, never with credentials (no `Allow-Credentials`)."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    asked = request.headers.get("Access-Control-Request-Headers", "").strip()
    if asked and PREFLIGHT_HEADER_NAMES.match(asked):
        response["Access-Control-Allow-Headers"] = asked
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def player_file(view):
    """A view of files the sandboxed player loads: GET and HEAD, and OPTIONS answered as a
    CORS preflight. Only for public or token-addressed files, never for a view that reads the
    session."""

    @require_http_methods(["GET", "HEAD", "OPTIONS"])
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            _on_player_host(request)
            return _preflight(request)
        return view(request, *args, **kwargs)

    return wrapper


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _player_policy(request, parent_origin: str) -> str:
    here = _origin(request)
    ancestors = parent_origin or "'self'"
    return "; ".join(
        [
            "sandbox allow-scripts",
            "default-src 'none'",
            # h5p-standalone writes an inline bootstrap into its inner frame, and H5P libraries
            # may use eval; the sandbox (opaque origin), not this list, is the isolation.
            f"script-src {here} 'unsafe-inline' 'unsafe-eval'",
            f"style-src {here} 'unsafe-inline'",
            f"img-src {here} data: blob:",
            f"media-src {here} data: blob:",
            f"font-src {here} data: blob:",  # a library's fonts, handed over by the page
            f"connect-src {here}",
            f"frame-src {here}",
            "form-action 'none'",
            f"base-uri {here}",
            f"frame-ancestors {ancestors}",
        ]
    )


def _as_player_page(request, response, *, parent_origin: str):
    """The headers of a sandboxed player page framed by the module page on `parent_origin`."""
    response["Content-Security-Policy"] = _player_policy(request, parent_origin)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    if not player_origin():
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_GET
@never_cache
@xframe_options_exempt
def player(request, token: str):
    """The sandboxed page that runs h5p-standalone for one activity (the admin's preview; the
    module page frames the shell, `player_shell`)."""
    _on_player_host(request)
    grant = read_player_token(token)
    if grant is None:
        raise Http404
    activity = get_object_or_404(H5PActivity, pk=grant.activity_id)
    config = player_config(
        request=request,
        activity=activity,
        token=token,
        parent_origin=grant.parent_origin or _origin(request),
    )
    response = render(
        request, PLAYER_TEMPLATE, player_page_context(config=config, activity=activity)
    )
    return _as_player_page(request, response, parent_origin=grant.parent_origin)


@require_GET
@xframe_options_exempt
def player_shell(request, language: str, version: str, origin: str):
    """The player page without an activity, the same for every learner and activity: the module
    page on the signed `origin` posts it the activity's configuration. Nothing personal in it
    (rendered without the request), so the browser keeps it a year under the current
    `version`; an older version's address is answered with the current shell, revalidated."""
    _on_player_host(request)
    parent_origin = read_shell_origin(origin)
    if parent_origin is None or supported_language(language) is None:
        raise Http404
    response = HttpResponse(player_shell_html(language=language, parent_origin=parent_origin))
    response["Content-Language"] = language
    current = version == player_shell_version()
    response["Cache-Control"] = HASHED_PLAYER_CACHE if current else "no-cache"
    return _as_player_page(request, response, parent_origin=parent_origin)


@player_file
def content_file(request, token: str, path: str):
    """A file of the activity the token names: h5p.json or content/..."""
    _on_player_host(request)
    grant = read_player_token(token)
    if grant is None:
        raise Http404
    key = get_object_or_404(H5PActivity.objects.only("storage_key"), pk=grant.activity_id)
    base = storage.content_dir(key.storage_key)
    if path != "h5p.json" and not path.startswith("content/"):
        raise Http404
    return _serve(request, storage.resolve(base, path), cache="private, max-age=3600")


@player_file
def library_file(request, folder: str, path: str):
    """A file of an installed library (public code shared by activities)."""
    _on_player_host(request)
    if not LIBRARY_FOLDER.match(folder):
        raise Http404
    found = storage.resolve(storage.library_dir(folder), path)
    return _serve(request, found, cache=LIBRARY_CACHE)


@player_file
def library_bundle(request, activity_id: int, digest: str):
    """Every script and style an activity's libraries preload, as one JSON document: the
    module page fetches it once and answers its player's requests for those files from it
    (docs/decisions/019-weak-signal.md). Named by its content (`digest`), so it never changes
    and is kept a year; a stale name is a 404 and the page falls back to single files. Built
    and compressed once (minified scripts, brotli or gzip), not per request."""
    _on_player_host(request)
    activity = get_object_or_404(H5PActivity.objects.only("storage_key"), pk=activity_id)
    bundle = library_bundle_body(storage_key=activity.storage_key, digest=digest)
    if bundle is None:
        raise Http404
    body, encoding = bundle.encoded(request.headers.get("Accept-Encoding", ""))
    response = HttpResponse(body, content_type="application/json")
    if encoding:
        response["Content-Encoding"] = encoding
    response["ETag"] = f'"{digest}-{encoding or "identity"}"'
    patch_vary_headers(response, ["Accept-Encoding"])
    return _as_player_file(response, cache=HASHED_PLAYER_CACHE)


@require_GET
def library_root(request):
    raise Http404


def _player_asset_path(path: str):
    name = f"{PLAYER_STATIC_PREFIX}/{path}"
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if not found:
        try:
            candidate = staticfiles_storage.path(name)
        except (NotImplementedError, SuspiciousFileOperation):
            return None
        found = candidate
    found = Path(found)
    return found if found.is_file() else None


@player_file
def player_asset(request, path: str):
    """A file of h5p-standalone's dist folder, with the headers the sandbox needs (fonts are
    fetched with CORS from an opaque origin)."""
    _on_player_host(request)
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise Http404
    cache = HASHED_PLAYER_CACHE if HASHED_NAME.search(path) else PLAYER_CACHE
    return _serve(request, _player_asset_path(path), cache=cache)


@replayable(ActionReceipt.Kind.H5P_STATEMENT)
@require_POST
def statement(request, module_id: int, activity_id: int):
    """An xAPI statement forwarded by the module page (JSON, with the CSRF header)."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    try:
        outcome = h5p_statement_record(
            learner=request.user, module=module, activity=activity, body=request.body
        )
    except H5PError as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=error.status)
    return JsonResponse(
        {
            "ok": True,
            "recorded": outcome.recorded,
            "percent": str(outcome.percent) if outcome.percent is not None else None,
            "best_percent": (
                str(outcome.best_percent) if outcome.best_percent is not None else None
            ),
            "passed": outcome.passed,
            "counts": outcome.counts,
            "module_completed": outcome.module_completed,
            "message": outcome.message,
        },
        status=201 if outcome.recorded else 200,
    )
