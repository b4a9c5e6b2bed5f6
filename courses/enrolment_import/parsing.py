"""Reading a learner file: CSV (UTF-8 or UTF-16, comma, semicolon or tab) or XLSX, row by row.

Pure code, no database. `table_open(path=..., filename=...)` checks the size, the format, the
encoding and the header (which may sit below a few title rows), and returns a `Table` whose
`rows()` streams `RawRow`s: the file is never read into memory whole (XLSX through openpyxl's
read-only mode, CSV through a text wrapper). Problems with the file as a whole raise
`ImportFileError` with a message for the administrator; problems with one row are left to
`matching`.
"""

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.text import control_characters_replace, fold_vietnamese

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 60_000
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# Personnel lists often start with a title ("DANH SÁCH CÁN BỘ...") above the header.
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", ";", "\t")
# What openpyxl raises on a damaged or foreign file (XML errors are SyntaxErrors).
XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, IndexError)

FULL_NAME = "full_name"
EMAIL = "email"
PHONE = "phone"
PROVINCE = "province"
COMMUNE = "commune"
LEARNER_GROUP = "learner_group"
WORK_UNIT = "work_unit"

# The template's headers, in order; the translator gives them their Vietnamese names.
COLUMNS = {
    FULL_NAME: gettext_lazy("Full name"),
    EMAIL: gettext_lazy("Email"),
    PHONE: gettext_lazy("Phone number"),
    PROVINCE: gettext_lazy("Province/City"),
    COMMUNE: gettext_lazy("Commune/Ward"),
    LEARNER_GROUP: gettext_lazy("Group"),
    WORK_UNIT: gettext_lazy("Work unit"),
}
VIETNAMESE_HEADERS = {
    FULL_NAME: "Họ và tên",
    EMAIL: "Email",
    PHONE: "Số điện thoại",
    PROVINCE: "Tỉnh/Thành phố",
    COMMUNE: "Xã/Phường",
    LEARNER_GROUP: "Nhóm",
    WORK_UNIT: "Đơn vị công tác",
}
# Header spellings accepted, compared folded (lower case, no diacritics, single spaces).
HEADER_ALIASES = {
    FULL_NAME: ["ho va ten", "ho ten", "ten", "full name", "fullname", "full_name", "name"],
    EMAIL: ["email", "e-mail", "e mail", "thu dien tu", "dia chi email", "email address"],
    PHONE: ["so dien thoai", "dien thoai", "sdt", "so dt", "phone", "phone number", "mobile"],
    PROVINCE: [
        "tinh/thanh pho",
        "tinh / thanh pho",
        "tinh",
        "tinh thanh",
        "province",
        "province/city",
        "ma tinh",
        "province code",
    ],
    COMMUNE: [
        "xa/phuong",
        "xa / phuong",
        "xa/phuong/dac khu",
        "xa",
        "phuong",
        "commune",
        "commune/ward",
        "ward",
        "ma xa",
        "commune code",
    ],
    LEARNER_GROUP: [
        "nhom",
        "nhom hoc vien",
        "doi tuong",
        "group",
        "learner group",
        "learner_group",
    ],
    WORK_UNIT: ["don vi cong tac", "don vi", "co quan", "work unit", "work_unit", "organisation"],
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; `str(error)` is the message for the administrator."""


@dataclass(frozen=True)
class RawRow:
    """One data row: its number in the file (the header is row 1) and its cells by column."""

    number: int
    cells: dict[str, str]


def _fold_header(name) -> str:
    return " ".join(fold_vietnamese(str(name or "")).replace("_", " ").strip(" *:").split())


_HEADER_LOOKUP = {
    _fold_header(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases
}


def header_key(name: str) -> str | None:
    """The column key a header cell names ("Họ và tên", "ho ten", "Full name" -> full_name)."""
    return _HEADER_LOOKUP.get(_fold_header(name))


def header_columns(header: list[str]) -> dict[str, int]:
    """Map the column keys to their positions; raise ImportFileError when the header is wrong."""
    columns: dict[str, int] = {}
    unknown = []
    for index, name in enumerate(header):
        if not str(name or "").strip():
            continue
        key = header_key(name)
        if key is None:
            unknown.append(str(name).strip())
        elif key in columns:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header.") % {"column": name}
            )
        else:
            columns[key] = index
    missing = [str(COLUMNS[key]) for key in (FULL_NAME, COMMUNE) if key not in columns]
    if EMAIL not in columns and PHONE not in columns:
        missing.append(
            _("%(email)s or %(phone)s") % {"email": COLUMNS[EMAIL], "phone": COLUMNS[PHONE]}
        )
    if missing:
        message = _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        if unknown:
            message += " " + _("Columns not recognised: %(columns)s.") % {
                "columns": ", ".join(unknown)
            }
        message += " " + _("Download the template to see the expected header.")
        raise ImportFileError(message)
    return columns


def _cell_text(value) -> str:
    """A cell as text; numbers keep no ".0" (Excel stores codes and phones as numbers).

    A number that lost its leading zero ("912345678") is left as it is: `matching` knows which
    columns may have one. Dates come back as ISO dates ("2025-07-01"). Control characters
    (NUL...) are dropped: no one types them, and PostgreSQL cannot store NUL.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return control_characters_replace(str(value)).strip()


def _recognised(row) -> int:
    return len({header_key(_cell_text(value)) for value in row} - {None})


def _header_search(raw_rows: Iterator) -> tuple[int, list[str]] | None:
    """The header row's number and cells: the first of the top rows naming two known columns.

    When no row does, the first non-empty row is returned, so the message about the header
    names the columns it has. None: the top of the file is empty.
    """
    first = None
    for number, row in enumerate(islice(raw_rows, HEADER_SEARCH_ROWS), start=1):
        cells = [_cell_text(value) for value in row]
        if not any(cells):
            continue
        if _recognised(cells) >= 2:
            return number, cells
        first = first or (number, cells)
    return first


@dataclass
class Table:
    """An opened, checked learner file. `rows()` streams its data rows once."""

    path: Path
    kind: str  # "csv" or "xlsx"
    columns: dict[str, int]
    encoding: str = "utf-8"
    delimiter: str = ","
    header_number: int = 1
    # Lines (CSV) or rows (XLSX) below the header, for progress; blank ones included.
    estimated_rows: int | None = None

    def rows(self) -> Iterator[RawRow]:
        raw_rows = self._xlsx_rows() if self.kind == "xlsx" else self._csv_rows()
        for _skipped in islice(raw_rows, self.header_number):
            pass
        count = 0
        for number, values in enumerate(raw_rows, start=self.header_number + 1):
            cells = {
                key: _cell_text(values[index]) if index < len(values) else ""
                for key, index in self.columns.items()
            }
            if not any(cells.values()):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(
                    _("Too many rows: at most %(max)d per file. Split the file.")
                    % {"max": MAX_ROWS}
                )
            yield RawRow(number=number, cells=cells)

    def _csv_rows(self) -> Iterator[list]:
        with open(self.path, "rb") as binary:
            text = io.TextIOWrapper(binary, encoding=self.encoding, newline="")
            reader = csv.reader(text, delimiter=self.delimiter)
            try:
                yield from reader
            except csv.Error as error:
                raise ImportFileError(
                    _("The file cannot be read as CSV near row %(row)d: %(error)s")
                    % {"row": reader.line_num, "error": error}
                ) from error

    def _xlsx_rows(self) -> Iterator[tuple]:
        with open(self.path, "rb") as binary:
            workbook = _xlsx_load(binary)
            try:
                yield from workbook.worksheets[0].iter_rows(values_only=True)
            except XLSX_ERRORS as error:
                raise ImportFileError(_unreadable_xlsx()) from error
            finally:
                workbook.close()


def _unreadable_xlsx() -> str:
    return _("This is not a readable Excel (.xlsx) file. Save it again as .xlsx or CSV UTF-8.")


def _xlsx_load(binary):
    """The workbook in `binary`, an open file: openpyxl would refuse a path without ".xlsx"."""
    try:
        # data_only=False: a formula comes back as its text ("=A1"), never as a computed value.
        return openpyxl.load_workbook(binary, read_only=True, data_only=False)
    except XLSX_ERRORS as error:
        raise ImportFileError(_unreadable_xlsx()) from error


def _utf16_without_bom(start: bytes) -> str | None:
    """The UTF-16 variant `start` is in when its zero bytes show UTF-16 text without BOM.

    Mostly-ASCII text in UTF-16 has a zero byte in every other place; UTF-8 text has none.
    """
    odd, even = start[1::2].count(0), start[0::2].count(0)
    if odd * 4 > len(start) and not even:
        return "utf-16-le"
    if even * 4 > len(start) and not odd:
        return "utf-16-be"
    return None


def _csv_encoding(path: Path) -> tuple[str, int]:
    """The encoding of a CSV file (UTF-16 by its BOM or zero bytes, else UTF-8) and the number
    of line breaks in it.

    The whole file is decoded once, in chunks, so a stray byte is reported, with its line,
    before any row is processed rather than halfway through an import.
    """
    with open(path, "rb") as file:
        start = file.read(64)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif start.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        else:
            encoding = _utf16_without_bom(start) or "utf-8"
        file.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        line = 1
        try:
            while chunk := file.read(1 << 16):
                line += decoder.decode(chunk).count("\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            before = error.object[: error.start]
            line += codecs.decode(before, error.encoding, "replace").count("\n")
            raise ImportFileError(
                _(
                    "The file is not %(encoding)s text (an unreadable character near line "
                    "%(line)d); it was probably saved as Windows-1258 or another old encoding. "
                    "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”, or upload the "
                    ".xlsx file."
                )
                % {"encoding": "UTF-16" if encoding.startswith("utf-16") else "UTF-8", "line": line}
            ) from error
    return encoding, line - 1


def _csv_delimiters(path: Path, encoding: str) -> list[str]:
    """The delimiters to try, the most frequent on the first line first."""
    with open(path, encoding=encoding, newline="") as file:
        first = file.readline()
    return sorted(DELIMITERS, key=first.count, reverse=True)


def table_open(*, path: Path, filename: str) -> Table:
    """Check the file at `path` (uploaded as `filename`) and return it ready to stream."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size)d MB); the limit is %(limit)d MB. Split it.")
            % {"size": size // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    with open(path, "rb") as file:
        magic = file.read(4)
    suffix = Path(filename).suffix.lower()
    if suffix == ".xls" or magic == OLE_MAGIC:
        raise ImportFileError(_("Old Excel 97-2003 (.xls) files are not supported: save as .xlsx."))
    if magic == XLSX_MAGIC or suffix in (".xlsx", ".xlsm"):
        table = Table(path=path, kind="xlsx", columns={})
        found = _header_search(table._xlsx_rows())
        lines = None
    else:
        encoding, lines = _csv_encoding(path)
        for delimiter in _csv_delimiters(path, encoding):
            table = Table(path=path, kind="csv", columns={}, encoding=encoding, delimiter=delimiter)
            found = _header_search(table._csv_rows())
            if found and _recognised(found[1]) >= 2:
                break
        else:
            delimiter = _csv_delimiters(path, encoding)[0]
            table = Table(path=path, kind="csv", columns={}, encoding=encoding, delimiter=delimiter)
            found = _header_search(table._csv_rows())
    if not found:
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    table.header_number, header = found
    table.columns = header_columns(header)
    total = lines if table.kind == "csv" else _xlsx_row_count(path)
    if total is not None and total <= MAX_ROWS * 2:
        table.estimated_rows = max(0, total - table.header_number)
    return table


def _xlsx_row_count(path: Path) -> int | None:
    """The sheet's last row as its dimension says (None when the writer left it out)."""
    with open(path, "rb") as binary:
        workbook = _xlsx_load(binary)
        try:
            return workbook.worksheets[0].max_row
        except XLSX_ERRORS:
            return None
        finally:
            workbook.close()
