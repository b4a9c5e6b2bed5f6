"""Reading a learner file: CSV (any common encoding) or XLSX, one row at a time.

Pure code, no database. `table_open(path=..., filename=...)` checks the size, the format, the
encoding and the header, and returns a `Table` whose `rows()` streams `RawRow`s: the file is
never read into memory whole (XLSX through openpyxl's read-only mode, CSV through a text
wrapper). Problems with the file as a whole raise `ImportFileError` with a message for the
administrator; problems with one row are left to `matching`.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.text import fold_vietnamese

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 60_000
XLSX_MAGIC = b"PK\x03\x04"

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
    """A cell as text; numbers keep no ".0" (Excel stores codes and phones as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


@dataclass
class Table:
    """An opened, checked learner file. `rows()` streams its data rows once."""

    path: Path
    kind: str  # "csv" or "xlsx"
    columns: dict[str, int]
    encoding: str = "utf-8"
    delimiter: str = ","

    def rows(self) -> Iterator[RawRow]:
        raw_rows = self._xlsx_rows() if self.kind == "xlsx" else self._csv_rows()
        next(raw_rows, None)  # the header
        count = 0
        for number, values in enumerate(raw_rows, start=2):
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
            yield from csv.reader(text, delimiter=self.delimiter)

    def _xlsx_rows(self) -> Iterator[tuple]:
        workbook = _xlsx_load(self.path)
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()


def _xlsx_load(path):
    import openpyxl

    try:
        # data_only=False: a formula comes back as its text ("=A1"), never as a computed value.
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("This is not a readable Excel (.xlsx) file. Save it again as .xlsx or CSV UTF-8.")
        ) from error


def _csv_encoding(path: Path) -> str:
    """The encoding of a CSV file: UTF-16 when it starts with its BOM, else UTF-8 (strict).

    The whole file is decoded once, in chunks, so a stray byte is reported before any row is
    processed rather than halfway through an import.
    """
    with open(path, "rb") as file:
        start = file.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif start.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        else:
            encoding = "utf-8"
        file.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        line = 1
        try:
            while chunk := file.read(1 << 16):
                line += decoder.decode(chunk).count("\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _(
                    "The file is not %(encoding)s text (an unreadable character near line "
                    "%(line)d); it was probably saved as Windows-1258 or another old encoding. "
                    "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”, or upload the "
                    ".xlsx file."
                )
                % {"encoding": "UTF-8" if encoding != "utf-16" else "UTF-16", "line": line}
            ) from error
    return encoding


def _csv_delimiter(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, newline="") as file:
        first = file.readline()
    return max([",", ";", "\t"], key=first.count) if first.strip() else ","


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
    if magic == XLSX_MAGIC or suffix in (".xlsx", ".xlsm"):
        if suffix == ".xls":
            raise ImportFileError(_("Old .xls files are not supported: save as .xlsx."))
        table = Table(path=path, kind="xlsx", columns={})
        header_row = next(table._xlsx_rows(), None)
    elif suffix == ".xls" or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Old Excel 97-2003 (.xls) files are not supported: save as .xlsx."))
    else:
        encoding = _csv_encoding(path)
        table = Table(
            path=path,
            kind="csv",
            columns={},
            encoding=encoding,
            delimiter=_csv_delimiter(path, encoding),
        )
        header_row = next(table._csv_rows(), None)
    if not header_row or not any(_cell_text(value) for value in header_row):
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    table.columns = header_columns([_cell_text(value) for value in header_row])
    return table
