"""Files as offices save them, built by the tests: Windows-1258 text, XLSX with merged cells
and formula cells with (or without) their saved values."""

import io
import unicodedata

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol

VIETNAMESE_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """`text` as Windows-1258 writes it: a base letter followed by a combining tone mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in VIETNAMESE_TONES))
        out.append(base + "".join(c for c in marks if c in VIETNAMESE_TONES))
    return "".join(out).encode("cp1258")


def xlsx_workbook(sheets: dict[str, list[list]], *, merges=(), formulas=()) -> bytes:
    """An XLSX file with `sheets` ({name: rows}); `merges` are (sheet, "A4:A5") ranges;
    `formulas` are (sheet, row, column, formula, saved value or None), rows and columns from 0.
    Cells are written as text or numbers as they are (no formula from text)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    written = {}
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        written[name] = sheet
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.write(r, c, value)
    for name, cell_range in merges:
        first, last = (xl_cell_to_rowcol(cell) for cell in cell_range.split(":"))
        rows = sheets[name]
        row = rows[first[0]] if first[0] < len(rows) else []
        value = row[first[1]] if first[1] < len(row) else None
        written[name].merge_range(*first, *last, value if value is not None else "")
    for name, r, c, formula, value in formulas:
        # No saved value: an empty result, as a file written by a program that computes none.
        written[name].write_formula(r, c, formula, None, "" if value is None else value)
    workbook.close()
    return buffer.getvalue()
