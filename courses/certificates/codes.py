"""Verification codes: 140 random bits written in Crockford's base32, in groups of four.

A code is what a printed certificate carries and what anyone types or scans to check it, so it
avoids letters people confuse (no I, L, O, U), reads the same in upper and lower case, and
tolerates the usual slips: O for 0, I or L for 1, missing or extra dashes and spaces.
Pure functions, no database.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28  # 28 characters x 5 bits = 140 bits of randomness
GROUP = 4
RANDOM_BITS = LENGTH * 5
_TYPO_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-]+")
_CANONICAL = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def code_generate() -> str:
    """A new code in canonical form (28 characters, no separators)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalise(text: str) -> str | None:
    """The canonical form of a typed or scanned code, or None when it cannot be a code."""
    if not isinstance(text, str) or len(text) > 2 * LENGTH:
        return None
    candidate = _SEPARATORS.sub("", text).upper().translate(_TYPO_FIXES)
    return candidate if _CANONICAL.match(candidate) else None


def code_display(code: str) -> str:
    """The human-friendly form printed on certificates and used in URLs: XXXX-XXXX-..."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
