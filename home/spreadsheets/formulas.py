"""The one formula-neutralisation rule for every export, and its inverse for every import.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (and, in some programs, a tab or
a carriage return) as a formula. Exports write such text with a leading apostrophe, which
spreadsheets show as text; imports take that apostrophe off again, so a value copied from a
report ("'+84 912 345 678") is read as it was written.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"


def neutralise(value: str) -> str:
    """`value` made inert for a spreadsheet: a leading apostrophe before a formula trigger."""
    return TEXT_PREFIX + value if value.startswith(FORMULA_TRIGGERS) else value


def text_prefix_remove(value: str) -> str:
    """`value` without the apostrophe a spreadsheet (or `neutralise`) puts before text."""
    return value[1:] if value.startswith(TEXT_PREFIX) else value
