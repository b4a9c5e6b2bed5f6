"""Text as certificates store and print it: Unicode NFC, single spaces.

A name typed on a phone keyboard may arrive decomposed ("e" + U+0302 + U+0301 for "ế");
stored and printed in NFC it matches what people search for and what PDF readers extract.
"""

import unicodedata


def nfc(value: str | None) -> str:
    """The text in Unicode normalisation form C (precomposed letters)."""
    return unicodedata.normalize("NFC", value or "")


def clean_name(value: str | None) -> str:
    """A name for printing: NFC, runs of whitespace made single spaces, trimmed."""
    return nfc(" ".join((value or "").split()))
