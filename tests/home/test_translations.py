"""Learners see Vietnamese everywhere: allauth pages and e-mails, our strings, Django errors.

The catalogues are read with a small parser below rather than a library, so that the checks need
nothing beyond the standard library.
"""

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PROJECT_CATALOGUE = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"
ALLAUTH_CATALOGUE = LOCALE_DIR / "allauth" / "vi" / "LC_MESSAGES" / "django.po"
DJANGO_OVERRIDES_CATALOGUE = LOCALE_DIR / "django_overrides" / "vi" / "LC_MESSAGES" / "django.po"
ADMIN_OVERRIDES_CATALOGUE = LOCALE_DIR / "overrides" / "vi" / "LC_MESSAGES" / "django.po"
OUR_CATALOGUES = [
    PROJECT_CATALOGUE,
    ALLAUTH_CATALOGUE,
    DJANGO_OVERRIDES_CATALOGUE,
    ADMIN_OVERRIDES_CATALOGUE,
]
# allauth ships no Vietnamese; its French catalogue is the fullest list of its messages.
ALLAUTH_REFERENCE = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# allauth messages that read the same in Vietnamese: product names and a technical field name.
SAME_IN_VIETNAMESE = {"Headless", "WebAuthn", "uid"}

ENGLISH_PHRASES = (
    "Sign In",
    "Sign in",
    "Sign Up",
    "Sign up",
    "Sign Out",
    "Password",
    "password",
    "Forgot",
    "Remember Me",
    "Email",
    "email address",
    "Reset",
    "Change",
    "Add ",
    "Remove",
    "Primary",
    "Verified",
    "Already have an account",
    "If you have not created",
    "Please contact us",
    "This field is required",
    "Your password",
    "My profile",
    "Skip to content",
)

PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr%]|\{\w*\}|<[^>]+>")


@dataclass(frozen=True)
class PoEntry:
    msgid: str
    msgstrs: tuple[str, ...]
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: frozenset[str] = frozenset()


def parse_po(path: Path) -> list[PoEntry]:
    """The entries of a .po file, header included, obsolete (#~) entries left out."""
    entries, fields, flags, key = [], {}, set(), None

    def flush():
        if "msgid" in fields:
            msgstrs = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
            entries.append(
                PoEntry(
                    msgid=fields["msgid"],
                    msgstrs=msgstrs,
                    msgctxt=fields.get("msgctxt"),
                    msgid_plural=fields.get("msgid_plural"),
                    flags=frozenset(flags),
                )
            )
        fields.clear()
        flags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[key] += ast.literal_eval(line)
        else:
            key, _, quoted = line.partition(" ")
            if key in ("msgctxt", "msgid") and "msgid" in fields:
                flush()
            fields[key] = ast.literal_eval(quoted)
    flush()
    return entries


def messages(path: Path) -> list[PoEntry]:
    return [entry for entry in parse_po(path) if entry.msgid]


def translate(entry: PoEntry, count: int) -> str:
    if entry.msgid_plural and entry.msgctxt:
        return npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
    if entry.msgid_plural:
        return ngettext(entry.msgid, entry.msgid_plural, count)
    if entry.msgctxt:
        return pgettext(entry.msgctxt, entry.msgid)
    return gettext(entry.msgid)


class PageText(HTMLParser):
    """What a reader sees or hears: text outside scripts, plus labels held in attributes."""

    SPOKEN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}

    def __init__(self, html: str):
        super().__init__()
        self.parts, self.headings, self.lang = [], [], None
        self._skip = self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self._skip = tag in ("script", "style")
        self._in_h1 = self._in_h1 or tag == "h1"
        self.parts += [v for k, v in attrs.items() if k in self.SPOKEN_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        self._skip = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())
            if self._in_h1:
                self.headings.append(data.strip())

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def english_phrases_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH_PHRASES if phrase in text]


@pytest.fixture
def learner():
    return get_user_model().objects.create_user(
        email="hoc.vien@example.com", password="Mat-khau-du-dai-2026"
    )


@pytest.fixture
def vietnamese_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def test_allauth_catalogue_lists_every_message_of_allauth():
    ours = {(entry.msgctxt, entry.msgid) for entry in messages(ALLAUTH_CATALOGUE)}

    missing = [
        entry.msgid
        for entry in messages(ALLAUTH_REFERENCE)
        if (entry.msgctxt, entry.msgid) not in ours
    ]

    assert missing == []


def test_every_allauth_message_reads_vietnamese():
    untranslated = []
    with translation.override("vi"):
        for entry in messages(ALLAUTH_REFERENCE):
            forms = [(1, entry.msgid)] + ([(2, entry.msgid_plural)] if entry.msgid_plural else [])
            for count, english in forms:
                text = translate(entry, count)
                if not text.strip() or (text == english and english not in SAME_IN_VIETNAMESE):
                    untranslated.append(english)

    assert untranslated == []


@pytest.mark.parametrize("catalogue", OUR_CATALOGUES, ids=lambda path: path.parts[-4])
def test_catalogue_has_no_fuzzy_or_empty_entry(catalogue):
    entries = parse_po(catalogue)

    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    empty = [entry.msgid for entry in entries if not all(s.strip() for s in entry.msgstrs)]

    assert entries, f"{catalogue} has no entry"
    assert fuzzy == []
    assert empty == []


@pytest.mark.parametrize("catalogue", OUR_CATALOGUES, ids=lambda path: path.parts[-4])
def test_catalogue_declares_vietnamese_with_one_plural_form(catalogue):
    header = parse_po(catalogue)[0]

    assert header.msgid == ""
    assert "Language: vi\n" in header.msgstrs[0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstrs[0]


@pytest.mark.parametrize("catalogue", OUR_CATALOGUES, ids=lambda path: path.parts[-4])
def test_translations_keep_every_placeholder_and_tag(catalogue):
    broken = [
        entry.msgid
        for entry in messages(catalogue)
        for msgstr in entry.msgstrs
        if sorted(PLACEHOLDER.findall(msgstr))
        != sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
    ]

    assert broken == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "Đăng nhập"),
        ("/accounts/signup/", "Đăng ký"),
        ("/accounts/password/reset/", "Đặt lại mật khẩu"),
    ],
    ids=["login", "signup", "password-reset"],
)
def test_account_page_for_visitors_is_vietnamese(vietnamese_client, url, heading):
    response = vietnamese_client.get(url)

    page = PageText(response.content.decode())
    assert response.status_code == 200
    assert page.lang == "vi"
    assert page.headings == [heading]
    assert english_phrases_in(page.text) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/email/", "Địa chỉ e-mail"),
        ("/accounts/password/change/", "Đổi mật khẩu"),
        ("/accounts/logout/", "Đăng xuất"),
    ],
    ids=["email", "password-change", "logout"],
)
def test_account_page_for_learners_is_vietnamese(vietnamese_client, learner, url, heading):
    vietnamese_client.force_login(learner)

    response = vietnamese_client.get(url)

    page = PageText(response.content.decode())
    assert response.status_code == 200
    assert page.headings == [heading]
    assert english_phrases_in(page.text) == []


@pytest.mark.django_db
def test_failed_sign_in_is_explained_in_vietnamese(vietnamese_client, learner):
    response = vietnamese_client.post(
        "/accounts/login/", {"login": learner.email, "password": "sai-mat-khau"}
    )

    page = PageText(response.content.decode())
    assert "Địa chỉ e-mail hoặc mật khẩu bạn nhập không đúng." in page.text
    assert english_phrases_in(page.text) == []


@pytest.mark.django_db
def test_password_reset_email_is_vietnamese(vietnamese_client, learner):
    response = vietnamese_client.post("/accounts/password/reset/", {"email": learner.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert message.subject == "Đặt lại mật khẩu của bạn"
    assert "đã yêu cầu đặt lại mật khẩu cho tài khoản của bạn" in message.body
    assert "Hãy bấm vào liên kết dưới đây để đặt lại mật khẩu." in message.body
    assert "Cảm ơn bạn đã sử dụng Bình dân học vụ số" in message.body
    assert message.body.startswith("Bình dân học vụ số xin chào bạn!")
    assert "testserver xin chào" not in message.body
    assert "/accounts/password/reset/key/" in message.body
    for english in ("Hello from", "You're receiving", "password reset", "Thank you"):
        assert english not in message.body


@pytest.mark.django_db
def test_sign_up_errors_from_django_are_vietnamese(vietnamese_client):
    response = vietnamese_client.post(
        "/accounts/signup/",
        {
            "full_name": "Nguyễn Văn An",
            "email": "khong-phai-email",
            "learner_group": "citizen",
            "password1": "ab1",
            "password2": "ab1",
        },
    )

    page = PageText(response.content.decode())
    assert "Nhập địa chỉ e-mail hợp lệ." in page.text
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in page.text
    assert "too short" not in page.text
