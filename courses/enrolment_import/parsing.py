"""A learner file's columns: which ones the import needs, read through the one spreadsheet reader.

Pure code, no database. `table_open(path=..., filename=...)` opens the file with
`home.spreadsheets.reader` (encodings, sheets, header row, merged cells, formulas, footer
rows), checks the size and that the header names a full name (or "Họ" and "Tên"), a commune
and an e-mail or phone column, and returns a `Table` whose `rows()` streams `RawRow`s with the
eight learner cells (the class, the last, is optional). Problems with the file as a whole
raise `ImportFileError` with a message for the administrator; problems with one row are left
to `matching`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from home.spreadsheets import headers
from home.spreadsheets.reader import Sheet, SheetError, sheet_open
from home.validators import normalise_full_name

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 60_000

FULL_NAME = headers.FULL_NAME
EMAIL = headers.EMAIL
PHONE = headers.PHONE
PROVINCE = headers.PROVINCE
COMMUNE = headers.COMMUNE
LEARNER_GROUP = headers.LEARNER_GROUP
WORK_UNIT = headers.WORK_UNIT
CLASS = headers.CLASS

# The template's headers, in order; the translator gives them their Vietnamese names.
COLUMNS = {
    FULL_NAME: gettext_lazy("Full name"),
    EMAIL: gettext_lazy("Email"),
    PHONE: gettext_lazy("Phone number"),
    PROVINCE: gettext_lazy("Province/City"),
    COMMUNE: gettext_lazy("Commune/Ward"),
    # A context of its own: Wagtail's user filter "Group" (a user group) is another word.
    LEARNER_GROUP: pgettext_lazy("learner group column", "Group"),
    WORK_UNIT: gettext_lazy("Work unit"),
    # Optional: the class the learner joins (courses.classes), by its name.
    CLASS: pgettext_lazy("learner import column", "Class"),
}
VIETNAMESE_HEADERS = {
    FULL_NAME: "Họ và tên",
    EMAIL: "Email",
    PHONE: "Số điện thoại",
    PROVINCE: "Tỉnh/Thành phố",
    COMMUNE: "Xã/Phường",
    LEARNER_GROUP: "Nhóm",
    WORK_UNIT: "Đơn vị công tác",
    CLASS: "Lớp",
}
# One exception for the reader's problems and ours.
ImportFileError = SheetError


@dataclass(frozen=True)
class RawRow:
    """One data row: its number in the file, its cells by column, and the columns whose value
    is a formula's saved value (`formulas`) or a formula without a saved value (`unvalued`)."""

    number: int
    cells: dict[str, str]
    formulas: frozenset[str] = frozenset()
    unvalued: frozenset[str] = frozenset()


def header_key(name: str) -> str | None:
    """The column key a header cell names ("Họ và tên", "ho ten", "Full name" -> full_name)."""
    return headers.header_key(name)


def _name_columns(columns: dict[str, int], sheet: Sheet) -> str | None:
    """Why the header names no full name, or None. "Họ" + "Tên" make one; "Tên" alone never
    does (it would create accounts named "An", "Bình"); "Tên" next to "Họ và tên" is a
    sorting column and is left aside."""
    if FULL_NAME in columns or {headers.SURNAME, headers.GIVEN_NAME} <= columns.keys():
        return None
    lone = headers.GIVEN_NAME if headers.GIVEN_NAME in columns else headers.SURNAME
    if lone in columns:
        return _(
            "The column “%(column)s” holds only part of the name: add the column “%(other)s” "
            "next to it, or one column “Họ và tên” with the full name."
        ) % {
            "column": sheet.header_cells[columns[lone]],
            "other": "Họ" if lone == headers.GIVEN_NAME else "Tên",
        }
    return str(COLUMNS[FULL_NAME])


def header_check(sheet: Sheet) -> dict[str, int]:
    """The learner columns' positions; raise ImportFileError when the header lacks one."""
    columns = sheet.columns
    used = {*COLUMNS, headers.SURNAME, headers.GIVEN_NAME}
    for key in sheet.duplicate_keys():
        if key in used:
            second = [i for i, k in enumerate(sheet.keys) if k == key][1]
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header.")
                % {"column": sheet.header_cells[second]}
            )
    name_problem = _name_columns(columns, sheet)
    if name_problem and name_problem != str(COLUMNS[FULL_NAME]):
        raise ImportFileError(name_problem)
    missing = [name_problem] if name_problem else []
    if COMMUNE not in columns:
        missing.append(str(COLUMNS[COMMUNE]))
    if EMAIL not in columns and PHONE not in columns:
        missing.append(
            _("%(email)s or %(phone)s") % {"email": COLUMNS[EMAIL], "phone": COLUMNS[PHONE]}
        )
    if missing:
        message = _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        if sheet.unknown_headers:
            message += " " + _("Columns not recognised: %(columns)s.") % {
                "columns": ", ".join(sheet.unknown_headers)
            }
        message += " " + _("Download the template to see the expected header.")
        raise ImportFileError(message)
    return columns


@dataclass
class Table:
    """An opened, checked learner file. `rows()` streams its data rows once per call."""

    sheet: Sheet
    columns: dict[str, int]

    @property
    def estimated_rows(self) -> int | None:
        return self.sheet.estimated_rows

    @property
    def notices(self) -> list[str]:
        return self.sheet.notices

    @property
    def kind(self) -> str:
        return self.sheet.kind

    @property
    def encoding(self) -> str:
        return self.sheet.encoding

    @property
    def delimiter(self) -> str:
        return self.sheet.delimiter

    @property
    def header_number(self) -> int:
        return self.sheet.header_number

    def rows(self) -> Iterator[RawRow]:
        joined = FULL_NAME not in self.columns
        count = 0
        for row in self.sheet.rows():
            cells = {key: row.cells.get(key, "") for key in COLUMNS}
            formulas, unvalued = set(row.formulas), set(row.unvalued)
            if joined:
                parts = (row.cells[headers.SURNAME], row.cells[headers.GIVEN_NAME])
                cells[FULL_NAME] = normalise_full_name(" ".join(parts))
                for flags in (formulas, unvalued):
                    if flags & {headers.SURNAME, headers.GIVEN_NAME}:
                        flags.add(FULL_NAME)
            if not any(cells.values()):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(
                    _("Too many rows: at most %(max)d per file. Split the file.")
                    % {"max": MAX_ROWS}
                )
            yield RawRow(
                number=row.number,
                cells=cells,
                formulas=frozenset(formulas & cells.keys()),
                unvalued=frozenset(unvalued & cells.keys()),
            )


def table_open(*, path: Path, filename: str) -> Table:
    """Check the file at `path` (uploaded as `filename`) and return it ready to stream."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size)d MB); the limit is %(limit)d MB. Split it.")
            % {"size": size // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    sheet = sheet_open(path=path, filename=filename)
    return Table(sheet=sheet, columns=header_check(sheet))
