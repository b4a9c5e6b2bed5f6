"""Finds English a Vietnamese reader would see on an admin page (used by test_admin_vietnamese).

The visible text of a page (text outside scripts and styles, labels held in attributes, and the
sidebar menu's labels, which Wagtail sends as JSON) is cut into text nodes. A node is English
when one of its words is a word of Wagtail's English messages and is neither ASCII Vietnamese
(a word that appears in one of our Vietnamese translations: "tin", "cho", "hay"...) nor on the
allow-list of names. Mixed sentences ("Choose câu hỏi") are caught because "Choose" is English.
"""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import wagtail
from django.conf import settings

WAGTAIL_CATALOGUES = ("admin", "", "images", "documents", "snippets", "users", "contrib/settings")
OUR_TRANSLATIONS = ("vi", "overrides/vi", "django_overrides/vi")

# Names and abbreviations that read the same in Vietnamese.
ALLOWED_WORDS = {
    "h5p", "csv", "xlsx", "pdf", "url", "urls", "e-mail", "email", "wagtail", "otp", "html",
    "json", "xml", "svg", "png", "jpeg", "jpg", "gif", "webp", "avif", "heic", "mp4", "webm",
    "vtt", "mp3", "zip", "docx", "odt", "pptx", "txt", "youtube", "vimeo", "vneid", "wi-fi",
    "draftail", "seo", "id", "rss", "api", "ok", "alt", "utc",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]")
# E-mail addresses, URLs, paths and identifiers ("home.homepage", "xa_long_sap") are not words.
ADDRESS = re.compile(r"\S+@\S+|https?://\S+|/\S*|\b\w+\.\w+\b|\b\w*_\w*\b")
# Wagtail 8.0 prints a Python None in a hidden counter of the status side panel.
IGNORED_NODES = {"None"}
# What a reader types as it is (CSV column names, keys): not prose.
LITERAL_TAGS = ("code", "kbd", "samp")
SPOKEN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value"}


def _msgids(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    ids = []
    for block in re.findall(r'^msgid(?:_plural)? ((?:".*"\n?)+)', text, flags=re.M):
        ids.append("".join(json.loads(line) for line in block.split("\n") if line))
    return ids


@cache
def english_vocabulary() -> frozenset[str]:
    root = Path(wagtail.__file__).parent
    words = set()
    for app in WAGTAIL_CATALOGUES:
        catalogue = root / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        for msgid in _msgids(catalogue):
            msgid = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|<[^>]+>", " ", msgid)
            words.update(w.lower() for w in WORD.findall(msgid) if len(w) > 1)
    return frozenset(words - vietnamese_ascii_words() - ALLOWED_WORDS)


@cache
def vietnamese_ascii_words() -> frozenset[str]:
    words = set()
    for folder in OUR_TRANSLATIONS:
        catalogue = Path(settings.BASE_DIR) / "locale" / folder / "LC_MESSAGES" / "django.po"
        if not catalogue.exists():
            continue
        text = catalogue.read_text(encoding="utf-8")
        for block in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, flags=re.M):
            msgstr = "".join(json.loads(line) for line in block.split("\n") if line)
            msgstr = re.sub(r"%\(\w+\)[sd]|<[^>]+>", " ", msgstr)
            words.update(w.lower() for w in WORD.findall(msgstr))
    return frozenset(words)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in LITERAL_TAGS:
            self._skipping = 1
            return
        if tag in ("script", "style"):
            if attrs.get("id") == "wagtail-sidebar-props":
                self._skipping = -1  # read below, as JSON
            else:
                self._skipping = 1
            return
        self.nodes += [v for k, v in attrs.items() if k in SPOKEN_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style", *LITERAL_TAGS):
            self._skipping = 0

    def handle_data(self, data):
        if self._skipping == -1:
            self.nodes += _labels(json.loads(data))
        elif not self._skipping and data.strip():
            self.nodes.append(data)


def _labels(props) -> list[str]:
    """The `label` strings anywhere in the sidebar's JSON (menu items and their sub-menus)."""
    if isinstance(props, dict):
        found = [props["label"]] if isinstance(props.get("label"), str) else []
        return found + [label for value in props.values() for label in _labels(value)]
    if isinstance(props, list):
        return [label for value in props for label in _labels(value)]
    return []


def visible_text_nodes(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(node.split()) for node in parser.nodes if node.strip()]


def english_in(html: str, *, names: frozenset[str] = frozenset()) -> list[str]:
    """The text nodes of `html` with an English word; `names` are words of the page's own content
    (titles, e-mail addresses) that may read as English."""
    vocabulary = english_vocabulary()
    found = []
    for node in visible_text_nodes(html):
        words = {w.lower() for w in WORD.findall(ADDRESS.sub(" ", node))}
        if words & vocabulary - names and node not in found and node not in IGNORED_NODES:
            found.append(node)
    return found
