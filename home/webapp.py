"""The installable web app: its manifest, its service worker and the page shown offline.

The service worker is our own small script (`elearn/static/elearn/sw.js`), served from the
site's root so that its scope is the whole site; this view puts its settings in front of it
(the files to keep, under their hashed static names, and a version that changes with them, so
a deployment that changes a file installs a new worker). The offline page is the same for
everyone and reads no session: it is kept in the browser's cache. docs/decisions/019-weak-signal.md
"""

import hashlib
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

SERVICE_WORKER = "elearn/sw.js"
ICONS = (("elearn/icons/icon-192.png", "192x192"), ("elearn/icons/icon-512.png", "512x512"))
THEME_COLOR = "#b3121f"
KEPT_STATIC = ("elearn/css/site.css", *(name for name, _size in ICONS))


@cache
def _service_worker_source() -> str:
    found = finders.find(SERVICE_WORKER) or staticfiles_storage.path(SERVICE_WORKER)
    return Path(found).read_text(encoding="utf-8")


def service_worker_config() -> dict:
    """What the service worker keeps on install, and the version naming its cache."""
    config = {
        "offlineUrl": reverse("offline"),
        "staticUrl": urlsplit(settings.STATIC_URL).path,
        "precache": [static(name) for name in KEPT_STATIC],
        # Where the files of a downloaded course live (docs/decisions/033-offline-courses.md).
        "keptPrefixes": [
            urlsplit(settings.MEDIA_URL).path,
            reverse("wagtaildocs_serve", args=[0, "x"]).removesuffix("0/x"),
            reverse("h5p_library_root"),
            # An H5P activity's content files, under the player link of the page kept.
            reverse("h5p_player", args=["-"]).removesuffix("-/"),
        ],
    }
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode())
    digest.update(_service_worker_source().encode())
    return {"version": digest.hexdigest()[:16], **config}


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker at /sw.js: always revalidated, so a new version is found at once."""
    prelude = f"self.ELEARN_SW = {json.dumps(service_worker_config())};\n"
    response = HttpResponse(
        prelude + _service_worker_source(), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(public=True, max_age=86400)
def manifest(request):
    """The web app manifest: Vietnamese name, our icons, the site's colours."""
    data = {
        "name": _("Digital Popular Education"),
        "short_name": _("Digital learning"),
        "description": _("Learn basic digital skills, also on a weak connection."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(name), "sizes": size, "type": "image/png", "purpose": "any maskable"}
            for name, size in ICONS
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cache_control(public=True, max_age=86400)
def offline(request):
    """The page the service worker shows when a page cannot be reached."""
    return render(request, "webapp/offline.html")
