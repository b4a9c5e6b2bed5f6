"""Reading a spreadsheet as offices send it: `sheet_open(path=..., filename=...)` → `Sheet`.

XLSX: every sheet is considered and the one whose header names the most known columns is read;
merged cells are filled (down and across) from their top-left cell; a formula gives its saved
value and is flagged (`SheetRow.formulas`), a formula without a saved value gives no value and
is flagged too (`SheetRow.unvalued`). CSV: UTF-8 (with or without BOM), UTF-16, or a legacy
encoding (Windows-1258...) detected by charset-normalizer and named in `Sheet.notices`; any of
`, ; tab |` as delimiter. The header is found in the first HEADER_SEARCH_ROWS rows, on one row
or two (a merged group title above sub-titles). Blank rows, the column-number row ("1, 2, 3" or
"(1), (2)...") and footer rows (totals, "..., ngày ... tháng ...", signatures) are skipped,
counted in `Sheet.skipped`, and never reach the importer. Files are streamed, never loaded
whole. Problems with the whole file raise `SheetError` with a message for the user.
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import charset_normalizer
import openpyxl
from django.utils.translation import gettext as _

from home.spreadsheets.formulas import text_prefix_remove
from home.spreadsheets.headers import ROW_NUMBER, header_key
from home.text import control_characters_replace, fold_vietnamese

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
HEADER_SEARCH_ROWS = 20
DELIMITERS = (",", ";", "\t", "|")
MAX_COLUMNS = 100
# Cells covered by merged ranges that are filled in; a whole-sheet merge would exhaust memory.
MAX_MERGED = 1_000_000
# What openpyxl raises on a damaged or foreign file (XML errors are SyntaxErrors).
XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, IndexError)
# The legacy encodings a Vietnamese office's file may be in, for charset-normalizer to choose
# from (left free, it reads a short Vietnamese file as BIG5).
LEGACY_ENCODINGS = ["cp1258", "cp1252", "cp1250", "latin_1"]
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
}

BLANK = "blank"
COLUMN_NUMBERS = "column_numbers"
FOOTER = "footer"

_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")
_FOOTER = re.compile(
    r"\b(ngay\W*(\d+|\.+)?\W*thang|nguoi lap|lap bieu|thu truong|chu tich|giam doc|truong phong"
    r"|ky,? ghi ro|ky ten|dong dau|xac nhan|noi nhan|k/t|t/m|tm\.|kt\.)"
)
_TOTAL = re.compile(r"^(tong cong|tong so|cong\s*:|tong\s*(:|$))")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class SheetError(Exception):
    """The file as a whole cannot be read; `str(error)` is the message for the user."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number as the spreadsheet shows it, its cells by column key, the keys
    whose value is a formula's saved value, and those of formulas without a saved value."""

    number: int
    cells: dict[str, str]
    formulas: frozenset[str] = frozenset()
    unvalued: frozenset[str] = frozenset()
    # Filled cells in columns the header does not name (a stray separator, a missing quote).
    stray: tuple[str, ...] = ()


def cell_text(value) -> str:
    """A cell as text: NFC, control characters dropped, spaces trimmed, a leading text
    apostrophe removed; numbers keep no ".0" (Excel stores codes and phones as numbers), dates
    come back as ISO dates ("2025-07-01")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = control_characters_replace(str(value)).replace("\xa0", " ").strip()
    return text_prefix_remove(unicodedata.normalize("NFC", text)).strip()


def _keys(cells: list[str]) -> list[str | None]:
    return [header_key(cell) if cell else None for cell in cells]


def _header_score(keys: list[str | None]) -> int:
    return len({key for key in keys if key and key != ROW_NUMBER})


def header_find(rows: list[list[str]]) -> tuple[int, int, list[str | None]] | None:
    """(index of the header's first row, rows it spans (1 or 2), key of each column) for the
    best header in `rows`: the row, or pair of rows (a group title above sub-titles, each
    column named by the lower cell if it is known, else by the upper), naming the most known
    columns. None when no row names two."""
    best = None
    for index, cells in enumerate(rows):
        candidates = [(1, _keys(cells))]
        if index + 1 < len(rows):
            lower = rows[index + 1]
            width = max(len(cells), len(lower))
            upper_keys = _keys(cells + [""] * (width - len(cells)))
            lower_keys = _keys(lower + [""] * (width - len(lower)))
            candidates.append(
                (2, [low or up for up, low in zip(upper_keys, lower_keys, strict=True)])
            )
        for span, keys in candidates:
            score = _header_score(keys)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, index, span, keys)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _column_numbers(cells: list[str]) -> bool:
    """True for the row under a header that numbers the columns: "1 2 3..." or "(1) (2)..."."""
    filled = [cell for cell in cells if cell]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.fullmatch(cell) for cell in filled):
        return False
    numbers = [int(cell.strip("()")) for cell in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _footer(cells: list[str]) -> bool:
    """True for a total, date or signature row: a total's label in its first filled cell, or
    at most two filled cells naming a date, a signer or a stamp."""
    filled = [fold_vietnamese(cell) for cell in cells if cell]
    if not filled:
        return False
    if _TOTAL.match(filled[0]) and not any("@" in cell for cell in filled):
        return True
    return len(filled) <= 2 and bool(_FOOTER.search(" ".join(filled)))


@dataclass
class Sheet:
    """An opened file with its header found. `rows()` streams its data rows (once per call).

    `notices` are sentences for the user about how the file was read ("read as
    Windows-1258", the sheet used); `skipped` counts the rows left out, by kind, after
    `rows()` has run.
    """

    path: Path
    kind: str  # "csv" or "xlsx"
    keys: list[str | None]
    header_number: int  # the header's last row, as the spreadsheet numbers rows
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet_name: str = ""
    notices: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    header_cells: list[str] = field(default_factory=list)
    estimated_rows: int | None = None
    skipped: Counter = field(default_factory=Counter)
    _merges: dict | None = None
    _has_formulas: bool = False

    @property
    def columns(self) -> dict[str, int]:
        """The position of each known column (the first, when a key appears twice)."""
        found: dict[str, int] = {}
        for index, key in enumerate(self.keys):
            if key and key not in found:
                found[key] = index
        return found

    def duplicate_keys(self) -> list[str]:
        counts = Counter(key for key in self.keys if key)
        return [key for key, count in counts.items() if count > 1]

    def rows(self) -> Iterator[SheetRow]:
        columns = self.columns
        self.skipped = Counter()
        in_footer = False
        for number, cells, formulas, unvalued in self._raw_rows():
            if number <= self.header_number:
                continue
            if not any(cells):
                self.skipped[BLANK] += 1
                continue
            if _column_numbers(cells):
                self.skipped[COLUMN_NUMBERS] += 1
                continue
            by_key = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
            filled = sum(1 for key, value in by_key.items() if value and key != ROW_NUMBER)
            if _footer(cells) or (in_footer and filled <= 2):
                in_footer = True
                self.skipped[FOOTER] += 1
                continue
            if not filled:
                self.skipped[BLANK] += 1
                continue
            yield SheetRow(
                number=number,
                cells=by_key,
                formulas=frozenset(key for key, i in columns.items() if i in formulas),
                unvalued=frozenset(key for key, i in columns.items() if i in unvalued),
                stray=tuple(
                    cell
                    for i, cell in enumerate(cells)
                    if cell and (i >= len(self.header_cells) or not self.header_cells[i])
                ),
            )

    def top_rows(self) -> list[list[str]]:
        return [cells for _n, cells, _f, _u in islice(self._raw_rows(), HEADER_SEARCH_ROWS)]

    def _raw_rows(self) -> Iterator[tuple[int, list[str], set[int], set[int]]]:
        if self.kind == "xlsx":
            yield from _xlsx_rows(self)
        else:
            yield from _csv_rows(self)


# --- CSV ------------------------------------------------------------------------------------


def _csv_rows(sheet: Sheet):
    with open(sheet.path, "rb") as binary:
        text = io.TextIOWrapper(binary, encoding=sheet.encoding, newline="")
        reader = csv.reader(text, delimiter=sheet.delimiter, strict=True)
        number = 0
        try:
            for row in reader:
                number += 1
                cells = [cell_text(value) for value in row[:MAX_COLUMNS]]
                # A CSV file keeps no formula results: "=..." is a formula without a value.
                unvalued = {i for i, value in enumerate(cells) if value.startswith("=")}
                yield number, cells, set(), unvalued
        except csv.Error as error:
            raise SheetError(
                _("The file cannot be read as CSV near row %(row)d: %(error)s")
                % {"row": reader.line_num, "error": error}
            ) from error


def _utf16_without_bom(start: bytes) -> str | None:
    """The UTF-16 variant `start` is in when its zero bytes show UTF-16 text without BOM."""
    odd, even = start[1::2].count(0), start[0::2].count(0)
    if odd * 4 > len(start) and not even:
        return "utf-16-le"
    if even * 4 > len(start) and not odd:
        return "utf-16-be"
    return None


@dataclass(frozen=True)
class _Decoded:
    """How a file decodes: its line breaks, or the line of the first unreadable byte and
    whether readable non-ASCII text came before it (then the file is in that encoding, with a
    stray byte, rather than in another encoding)."""

    lines: int
    error_line: int | None = None
    text_before_error: bool = False


def _decode(path: Path, encoding: str) -> _Decoded:
    decoder = codecs.getincrementaldecoder(encoding)()
    lines, non_ascii = 0, False
    with open(path, "rb") as file:
        try:
            while chunk := file.read(1 << 16):
                text = decoder.decode(chunk)
                lines += text.count("\n")
                non_ascii = non_ascii or not text.isascii()
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            before = codecs.decode(error.object[: error.start], encoding, "replace")
            return _Decoded(
                lines=lines,
                error_line=lines + before.count("\n") + 1,
                text_before_error=non_ascii or not before.isascii(),
            )
    return _Decoded(lines=lines)


def encoding_name(encoding: str) -> str:
    """A user's name for a Python codec: "cp1258" -> "Windows-1258"."""
    normal = codecs.lookup(encoding).name
    if normal in ENCODING_NAMES:
        return ENCODING_NAMES[normal]
    if normal.startswith("cp125"):
        return "Windows-" + normal[2:]
    return normal.upper()


def csv_encoding(path: Path) -> tuple[str, int]:
    """The encoding of a CSV file and its number of line breaks: UTF-16 by its BOM or zero
    bytes, UTF-8 when the file decodes as UTF-8, else what charset-normalizer finds.

    A UTF-8 or UTF-16 file with a stray byte is refused with the byte's line, never read in a
    guessed encoding (which would garble every name).
    """
    with open(path, "rb") as file:
        start = file.read(64)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif start.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = _utf16_without_bom(start) or "utf-8"
    decoded = _decode(path, encoding)
    if decoded.error_line is None:
        return encoding, decoded.lines
    if encoding in ("utf-8", "utf-8-sig") and not decoded.text_before_error:
        best = charset_normalizer.from_path(path, cp_isolation=LEGACY_ENCODINGS).best()
        if best is not None and not best.encoding.startswith("utf"):
            legacy = _decode(path, best.encoding)
            if legacy.error_line is None:
                return best.encoding, legacy.lines
    raise SheetError(
        _(
            "The file is not %(encoding)s text (an unreadable character near line "
            "%(line)d); it was probably saved as Windows-1258 or another old encoding. "
            "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”, or upload the "
            ".xlsx file."
        )
        % {"encoding": encoding_name(encoding), "line": decoded.error_line}
    )


def _csv_open(path: Path) -> Sheet:
    encoding, lines = csv_encoding(path)
    best, problem = None, None
    for delimiter in DELIMITERS:
        sheet = Sheet(path=path, kind="csv", keys=[], header_number=0, encoding=encoding)
        sheet.delimiter = delimiter
        try:
            top = sheet.top_rows()
        except SheetError as error:  # quotes that only fit another delimiter
            problem = problem or error
            continue
        found = header_find(top)
        score = _header_score(found[2]) if found else 0
        if best is None or score > best[0]:
            best = (score, sheet, found, top)
    if problem is not None and (best is None or best[0] == 0):
        raise problem
    _score, sheet, found, top = best
    _header_set(sheet, found, top)
    if not encoding.startswith("utf"):
        sheet.notices.append(
            _("The file was read as %(encoding)s text.") % {"encoding": encoding_name(encoding)}
        )
    sheet.estimated_rows = max(0, lines - sheet.header_number)
    return sheet


# --- XLSX -----------------------------------------------------------------------------------


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _sheet_scan(path: Path, part: str) -> tuple[dict[tuple[int, int], tuple[int, int]], bool]:
    """The sheet's merged cells ({(row, column): its range's top-left}, rows from 1, columns
    from 0) and whether it holds any formula, read from its XML in one streaming pass."""
    merges: dict[tuple[int, int], tuple[int, int]] = {}
    has_formulas = False
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(part) as xml:
        while chunk := xml.read(1 << 20):
            data = tail + chunk
            has_formulas = has_formulas or bool(_FORMULA.search(data))
            cut = data.rfind(b"<")
            tail = data[cut:] if cut >= 0 else b""
            for match in _MERGE.finditer(data, 0, cut if cut >= 0 else len(data)):
                first_col, first_row, last_col, last_row = match.groups()
                if last_col is None:
                    continue
                top = (int(first_row), _column_index(first_col))
                last = min(_column_index(last_col), MAX_COLUMNS - 1)
                if len(merges) + (int(last_row) - top[0] + 1) * (last - top[1] + 1) > MAX_MERGED:
                    raise SheetError(
                        _("The sheet has too many merged cells: unmerge them and save it again.")
                    )
                for row in range(top[0], int(last_row) + 1):
                    for col in range(top[1], last + 1):
                        if (row, col) != top:
                            merges[(row, col)] = top
    return merges, has_formulas


def _xlsx_load(binary, *, values: bool):
    """The workbook in `binary`, an open file (openpyxl refuses a path without ".xlsx")."""
    try:
        return openpyxl.load_workbook(binary, read_only=True, data_only=values)
    except XLSX_ERRORS as error:
        raise SheetError(_unreadable_xlsx()) from error


def _unreadable_xlsx() -> str:
    return _("This is not a readable Excel (.xlsx) file. Save it again as .xlsx or CSV UTF-8.")


def _padded(rows: Iterable[tuple], width: int) -> Iterator[tuple]:
    for row in rows:
        yield tuple(row[:width]) + (None,) * (width - len(row))


def _xlsx_rows(sheet: Sheet):
    """Rows of the chosen sheet: merged cells filled, formulas replaced by saved values."""
    with contextlib.ExitStack() as files:
        formulas_book = _xlsx_load(files.enter_context(open(sheet.path, "rb")), values=False)
        values_book = None
        if sheet._has_formulas:
            values_book = _xlsx_load(files.enter_context(open(sheet.path, "rb")), values=True)
        yield from _xlsx_book_rows(sheet, formulas_book, values_book)


def _xlsx_book_rows(sheet: Sheet, formulas_book, values_book):
    merges = sheet._merges or {}
    anchors: dict[tuple[int, int], str] = {}
    anchor_cells = set(merges.values())
    try:
        worksheet = formulas_book[sheet.sheet_name]
        width = min(worksheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        written = _padded(worksheet.iter_rows(values_only=True), width)
        saved = (
            _padded(values_book[sheet.sheet_name].iter_rows(values_only=True), width)
            if values_book
            else None
        )
        for number, raw in enumerate(written, start=1):
            stored = next(saved) if saved else raw
            cells, formulas, unvalued = [], set(), set()
            for col, (value, result) in enumerate(zip(raw, stored, strict=True)):
                if isinstance(value, str) and value.startswith("=") and result != value:
                    if result is None or result == "":
                        unvalued.add(col)
                    else:
                        formulas.add(col)
                        value = result
                text = cell_text(value)
                if (number, col) in merges and not text:
                    text = anchors.get(merges[(number, col)], "")
                elif (number, col) in anchor_cells:
                    anchors[(number, col)] = text
                cells.append(text)
            yield number, cells, formulas, unvalued
    except XLSX_ERRORS as error:
        raise SheetError(_unreadable_xlsx()) from error
    finally:
        formulas_book.close()
        if values_book is not None:
            values_book.close()


def _xlsx_parts(workbook) -> list[tuple[str, str, int | None]]:
    """(title, XML part, last row) of each worksheet."""
    try:
        return [(ws.title, ws._worksheet_path, ws.max_row) for ws in workbook.worksheets]
    except XLSX_ERRORS as error:
        raise SheetError(_unreadable_xlsx()) from error
    finally:
        workbook.close()


def _xlsx_open(path: Path) -> Sheet:
    with open(path, "rb") as binary:
        workbook = _xlsx_load(binary, values=False)
        parts = _xlsx_parts(workbook)
    if not parts:
        raise SheetError(_("The workbook has no sheet."))
    best = None
    for title, part, max_row in parts:
        try:
            merges, has_formulas = _sheet_scan(path, part)
        except XLSX_ERRORS as error:
            raise SheetError(_unreadable_xlsx()) from error
        sheet = Sheet(path=path, kind="xlsx", keys=[], header_number=0, sheet_name=title)
        sheet._merges, sheet._has_formulas = merges, has_formulas
        top = sheet.top_rows()
        found = header_find(top)
        score = _header_score(found[2]) if found else 0
        if best is None or score > best[0]:
            best = (score, sheet, found, top, max_row)
    score, sheet, found, top, max_row = best
    _header_set(sheet, found, top)
    if len(parts) > 1 and score:
        sheet.notices.append(_("The sheet “%(sheet)s” was read.") % {"sheet": sheet.sheet_name})
    if max_row:
        sheet.estimated_rows = max(0, max_row - sheet.header_number)
    return sheet


# --- both -----------------------------------------------------------------------------------


def _header_set(sheet: Sheet, found, top: list[list[str]]) -> None:
    if found is None:
        first = next(((i, cells) for i, cells in enumerate(top) if any(cells)), None)
        if first is None:
            raise SheetError(_("The file is empty: the first row must name the columns."))
        index, cells = first
        sheet.keys, sheet.header_number = _keys(cells), index + 1
        sheet.header_cells = cells
        sheet.unknown_headers = [cell for cell in cells if cell]
        return
    index, span, keys = found
    sheet.keys, sheet.header_number = keys, index + span
    upper, lower = top[index], top[index + span - 1]
    lower = lower + [""] * (len(keys) - len(lower))
    upper = upper + [""] * (len(keys) - len(upper))
    sheet.header_cells = [
        low if header_key(low) or not up else up for up, low in zip(upper, lower, strict=False)
    ]
    sheet.unknown_headers = [
        cell for cell, key in zip(sheet.header_cells, keys, strict=False) if cell and key is None
    ]


def sheet_open(*, path, filename: str) -> Sheet:
    """Open the file at `path` (uploaded as `filename`) and find its header.

    Raises SheetError for an empty file, an old .xls file, an unreadable workbook or text in
    no known encoding. The header may still lack columns an import needs: each import checks
    `Sheet.columns` itself.
    """
    path = Path(path)
    if path.stat().st_size == 0:
        raise SheetError(_("The file is empty."))
    with open(path, "rb") as file:
        magic = file.read(4)
    suffix = Path(filename).suffix.lower()
    if suffix == ".xls" or magic == OLE_MAGIC:
        raise SheetError(_("Old Excel 97-2003 (.xls) files are not supported: save as .xlsx."))
    if magic == XLSX_MAGIC or suffix in (".xlsx", ".xlsm"):
        return _xlsx_open(path)
    return _csv_open(path)
