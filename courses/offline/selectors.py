"""What an enrolled learner downloads to read a course offline: the course's offline manifest.

The manifest lists, with their sizes, the course and module pages, the image renditions the
pages show at phone widths, the documents and videos the learner may choose to keep, the
H5P player's files, shell and each activity's library bundle and content files (pictures,
sounds: their addresses carry the player link of the page that shows them, so the device
reads them from each downloaded page), and the static files the pages load. Its `version` is
derived from the course's and modules' published revisions (and the modules the learner may
open), so a republish or a module unlocked changes it. The part that is the same for every
learner is built once per version of the published content; the learner's part only leaves
out the modules still locked for them. docs/decisions/033-offline-courses.md
"""

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.blocks import _renders_per_learner, activity_block_class
from courses.models import CoursePage, ModulePage
from courses.selectors import course_outline, course_progress
from home.caching import cached, versioned_key

# Raised when the manifest's shape changes, so that no node reads one cached by a release
# before (and so that every learner's version changes with it).
OFFLINE_FORMAT = 3
CACHE_PREFIX = "offline-course-"
# The widest image a phone is offered: srcset candidates up to this width are kept (a
# 360 px screen at 2x picks the 720 one); the service worker falls back to a kept width.
PHONE_MAX_WIDTH = 720
# What a page's chrome adds to its body (header, footer, forms), in bytes, for the estimate.
PAGE_CHROME_BYTES = 6 * 1024
# Static files every page of the course loads (base.html, the module page's blocks).
PAGE_STATIC = (
    "elearn/css/site.css",
    "elearn/js/webapp.js",
    "elearn/js/offline-queue.js",
    "courses/offline.js",
)
BLOCK_STATIC = {
    "video": ("courses/video.js",),
    "h5p": ("quizzes/h5p.css", "quizzes/h5p.js"),
}
SRCSET_WIDTH = re.compile(r"^(\S+)\s+(\d+)w$")


@dataclass(frozen=True)
class OfflineFile:
    url: str
    size: int
    title: str = ""
    kind: str = ""


@dataclass(frozen=True)
class OfflineContent:
    """A file of an activity's own content, by its path under the content address that the
    page showing the activity names (`data-offline-content`): a per-visit address."""

    path: str
    size: int


@dataclass(frozen=True)
class OfflineActivity:
    pk: int
    title: str
    files: tuple[OfflineFile, ...]
    block: str = ""  # the module body's block name, set by `_activity`
    content: tuple[OfflineContent, ...] = ()


@dataclass(frozen=True)
class OfflineModule:
    pk: int
    page: OfflineFile
    images: tuple[OfflineFile, ...] = ()
    documents: tuple[OfflineFile, ...] = ()
    h5p: tuple[OfflineActivity, ...] = ()
    static: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfflineCourse:
    """The part of the manifest that is the same for every learner."""

    pk: int
    title: str
    revision: str  # the course's and modules' published revisions, digested
    page: OfflineFile
    modules: tuple[OfflineModule, ...]
    static: tuple[OfflineFile, ...] = field(default=())
    images: tuple[OfflineFile, ...] = field(default=())  # the course page's cover


class _MediaLinks(HTMLParser):
    """The images (src and srcset) and links a piece of HTML names."""

    def __init__(self):
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.extend(_phone_sources(attrs))
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _phone_sources(attrs: dict) -> list[str]:
    """An image's candidates a phone would pick: those up to `PHONE_MAX_WIDTH` wide, else
    the smallest one, else its `src`."""
    candidates = []
    for item in (attrs.get("srcset") or "").split(","):
        match = SRCSET_WIDTH.match(item.strip())
        if match:
            candidates.append((int(match.group(2)), match.group(1)))
    if not candidates:
        return [attrs["src"]] if attrs.get("src") else []
    phone = [url for width, url in sorted(candidates) if width <= PHONE_MAX_WIDTH]
    return phone or [min(candidates)[1]]


def _on_site(url: str) -> bool:
    """A path on this site (media on another host, or an absolute link, is left out)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def _file_size(file) -> int:
    try:
        return file.size
    except (OSError, ValueError):
        return 0


def _rendition_files(urls: list[str]) -> list[OfflineFile]:
    """The renditions behind image URLs on this site's media, with their sizes."""
    names = {
        url: url[len(settings.MEDIA_URL) :]
        for url in dict.fromkeys(urls)
        if _on_site(url) and url.startswith(settings.MEDIA_URL)
    }
    renditions = (
        get_image_model().get_rendition_model().objects.filter(file__in=list(names.values()))
    )
    by_name = {rendition.file.name: rendition for rendition in renditions}
    return [
        OfflineFile(url=url, size=_file_size(by_name[name].file))
        for url, name in names.items()
        if name in by_name
    ]


def _image_url(image, filter_spec: str) -> str:
    return image.get_rendition(filter_spec).url


def _document_file(document, *, kind: str = "document", title: str = "") -> OfflineFile | None:
    if document is None or not _on_site(document.url):
        return None
    size = document.file_size or _file_size(document.file)
    return OfflineFile(url=document.url, size=size, title=title or document.title, kind=kind)


def _static_file(name: str) -> OfflineFile:
    found = finders.find(name)
    try:
        size = os.path.getsize(found) if found else staticfiles_storage.size(name)
    except (OSError, NotImplementedError):
        size = 0
    return OfflineFile(url=static(name), size=size)


def _activity(child) -> OfflineActivity | None:
    """What an activity block needs to play offline, asked of the block (courses does not know
    the apps that register activity blocks): `offline_activity(value)` returns None or
    `{"pk", "title", "files": [{"url", "size", "kind"}], "content": [{"path", "size"}]}`
    ("content" optional: files under the address its pages give in `data-offline-content`),
    and the block class's
    `offline_frame(request)` the page its frame shows on this host (`{"url", "size", "kind"}`)
    or None."""
    offline_activity = getattr(child.block, "offline_activity", None)
    found = offline_activity(child.value) if offline_activity is not None else None
    if found is None:
        return None
    return OfflineActivity(
        pk=found["pk"],
        title=found["title"],
        files=tuple(OfflineFile(**item) for item in found["files"]),
        block=child.block_type,
        content=tuple(OfflineContent(**item) for item in found.get("content", ())),
    )


def _offline_module(module: ModulePage, url: str) -> OfflineModule:
    html, images, documents, activities, block_static = [], [], [], [], []
    Document = get_document_model()
    for child in module.body:
        name = child.block_type
        block_static.extend(BLOCK_STATIC.get(name, ()))
        if name == "video":
            value = child.value
            if value.get("poster"):
                images.append(_image_url(value["poster"], "width-720"))
            video = value.get("light_video") or value.get("video")
            kept = _document_file(video, kind="video", title=module.title)
            if kept:
                documents.append(kept)
        elif getattr(child.block, "offline_activity", None) is not None:
            activity = _activity(child)
            if activity:
                activities.append(activity)
        elif not _renders_per_learner(child):
            html.append(str(child.render_as_block()))
    parser = _MediaLinks()
    parser.feed("".join(html))
    images.extend(parser.images)
    document_ids = {}
    for href in parser.links:
        match = re.match(r"^/documents/(\d+)/", href)
        if match:
            document_ids.setdefault(int(match.group(1)), href)
    for document in Document.objects.filter(pk__in=list(document_ids)):
        kept = _document_file(document)
        if kept:
            documents.append(kept)
    body_size = sum(len(part.encode()) for part in html)
    return OfflineModule(
        pk=module.pk,
        page=OfflineFile(url=url, size=body_size + PAGE_CHROME_BYTES, title=module.title),
        images=tuple(_rendition_files(images)),
        documents=tuple(dict.fromkeys(documents)),
        h5p=tuple(activities),
        static=tuple(dict.fromkeys(block_static)),
    )


def _offline_course_build(course: CoursePage) -> OfflineCourse:
    outline = course_outline(course=course)
    pages = {
        page.pk: page
        for page in ModulePage.objects.live().filter(pk__in=[m.pk for m in outline.modules])
    }
    modules = tuple(_offline_module(pages[m.pk], m.url) for m in outline.modules if m.pk in pages)
    revisions = [(course.pk, course.live_revision_id)] + [
        (m.pk, pages[m.pk].live_revision_id) for m in outline.modules if m.pk in pages
    ]
    static_names = dict.fromkeys(PAGE_STATIC)
    for module in modules:
        static_names.update(dict.fromkeys(module.static))
    return OfflineCourse(
        pk=course.pk,
        title=course.title,
        revision=hashlib.sha256(json.dumps(revisions).encode()).hexdigest()[:16],
        page=OfflineFile(url=outline.url, size=PAGE_CHROME_BYTES, title=course.title),
        modules=modules,
        static=tuple(_static_file(name) for name in static_names),
        # The size the course page shows it at (courses/course_page.html).
        images=tuple(
            _rendition_files([_image_url(course.cover_image, "fill-720x405")])
            if course.cover_image
            else ()
        ),
    )


def offline_course(*, course: CoursePage) -> OfflineCourse:
    """The learner-independent part of the manifest, once per version of published content."""
    return cached(
        versioned_key("offline-course", OFFLINE_FORMAT, course.pk),
        lambda: _offline_course_build(course),
    )


def _unique(files) -> list[dict]:
    seen = {}
    for item in files:
        seen.setdefault(item.url, asdict(item))
    return list(seen.values())


def _activity_frames(request, activities) -> list[OfflineFile]:
    """The pages the activities' frames show on this host (for H5P, the player shell: the
    same page for every learner and activity)."""
    frames = []
    for name in dict.fromkeys(activity.block for activity in activities):
        block_class = activity_block_class(name)
        frame = getattr(block_class, "offline_frame", None)
        found = frame(request) if frame is not None else None
        if found is not None:
            frames.append(OfflineFile(**found))
    return frames


def offline_manifest(*, course: CoursePage, learner, request) -> dict | None:
    """The course's offline manifest for an enrolled learner (None when not enrolled): the
    modules still locked for them are left out, and named in the version, with the H5P
    player shell of this host when the course has activities."""
    outline = course_outline(course=course)
    progress = course_progress(course=outline, learner=learner, with_completion=False)
    if not progress.enrolled:
        return None
    open_ids = [row.module.pk for row in progress.rows if not row.state.locked]
    kept = offline_course(course=course)
    modules = [module for module in kept.modules if module.pk in open_ids]
    activities = {}
    for module in modules:
        for activity in module.h5p:
            activities.setdefault(activity.pk, activity)
    shell_files = _activity_frames(request, activities.values())
    version = hashlib.sha256(
        json.dumps(
            [OFFLINE_FORMAT, kept.revision, open_ids, [frame.url for frame in shell_files]]
        ).encode()
    ).hexdigest()[:16]
    return {
        "course": kept.pk,
        "title": kept.title,
        "cache": f"{CACHE_PREFIX}{kept.pk}",
        "version": version,
        "pages": _unique([kept.page, *(module.page for module in modules)]),
        "images": _unique(
            [*kept.images, *(image for module in modules for image in module.images)]
        ),
        "documents": _unique(doc for module in modules for doc in module.documents),
        "h5p": [
            {
                "pk": activity.pk,
                "title": activity.title,
                "files": _unique([*activity.files, *shell_files]),
                "content": [asdict(item) for item in activity.content],
            }
            for activity in activities.values()
        ],
        "static": _unique(kept.static),
    }
