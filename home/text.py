"""Text helpers shared by search, quiz answers and imports: Vietnamese without diacritics,
and text cleared of the control characters no one types (and PostgreSQL cannot store)."""

import re
import unicodedata

from django.utils.text import slugify

# C0 controls and DEL, except tab, line feed and carriage return. PostgreSQL refuses NUL in
# any text value; the others only ever arrive by accident (or from an attacker).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT_CHARACTER = "\ufffd"


def control_characters_replace(text: str, replacement: str = "") -> str:
    """`text` with each control character (but tab and line breaks) replaced by `replacement`."""
    return CONTROL_CHARACTERS.sub(replacement, text)


def fold_vietnamese(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics ("Đường An toàn" -> "duong an toan").

    "đ" is a letter of its own, not a "d" with a combining mark, so NFD alone does not remove it.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())


def ascii_slug(text: str) -> str:
    """An ASCII slug for a page address ("Bài 1: Đăng ký" -> "bai-1-dang-ky").

    Short and safe to paste into a chat or an SMS, where percent-encoded letters break links.
    """
    return slugify(fold_vietnamese(text), allow_unicode=False)


# Every lower-case Vietnamese letter with a diacritic; upper case is derived.
_MARKED_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


def ascii_slug_formatters() -> list[tuple[str, str]]:
    """(pattern, replacement) pairs that turn Vietnamese letters into ASCII in the admin's slug
    field, before Wagtail's own transliteration (which has no Vietnamese table: it drops "ư"
    and "ế" and writes "đ" as the Serbian "dj"). Derived from `fold_vietnamese`, so the browser
    and `ascii_slug` agree."""
    by_base: dict[str, str] = {}
    for letter in _MARKED_LETTERS + _MARKED_LETTERS.upper():
        by_base[fold_vietnamese(letter)] = by_base.get(fold_vietnamese(letter), "") + letter
    # Some keyboards type a letter and its marks as separate (combining) characters.
    combining_marks = (r"[\u0300-\u036f]", "")
    return [combining_marks, *((f"[{letters}]", base) for base, letters in sorted(by_base.items()))]


# Vietnamese alphabetical order: ă and â follow a, đ follows d, ê follows e, ô and ơ follow o,
# ư follows u; tones rank after the letters: none, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_SHAPE_MARKS = {
    "\u0306": "ă",
    "\u0302": {"a": "â", "e": "ê", "o": "ô"},
    "\u031b": {"o": "ơ", "u": "ư"},
}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_and_tone(char: str) -> tuple[str, int]:
    base, *marks = unicodedata.normalize("NFD", char)
    letter, tone = base, 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif mark == "\u0306" and base == "a":
            letter = "ă"
        elif isinstance(_SHAPE_MARKS.get(mark), dict):
            letter = _SHAPE_MARKS[mark].get(base, letter)
    return letter, tone


def vietnamese_sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese text as a Vietnamese reader expects ("Đà Nẵng" after
    "Dương", "Ân Thi" after "An Khê"), case-insensitively; other characters keep code order."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", text or "").lower():
        letter, tone = _letter_and_tone(char)
        rank = _LETTER_RANK.get(letter)
        letters.append(
            (0, rank) if rank is not None else (1 if letter.isalnum() else -1, ord(letter))
        )
        tones.append(tone)
    return (tuple(letters), tuple(tones))
