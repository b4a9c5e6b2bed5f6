"""Text helpers shared by search, quiz answers and imports: Vietnamese without diacritics."""

import unicodedata


def fold_vietnamese(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics ("Đường An toàn" -> "duong an toan").

    "đ" is a letter of its own, not a "d" with a combining mark, so NFD alone does not remove it.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())
