"""Reading questions from a trainer's CSV or XLSX file, and reporting every problem first.

Pure functions over the file's bytes: nothing here touches the database. `read_question_file`
never raises for a bad file; it returns an `ImportReport` whose `file_errors` explain why the
file cannot be read at all (empty, not UTF-8, not a real .xlsx, wrong columns, too many rows)
and whose `problems` give, for each row, the row number (as the spreadsheet numbers it, the
header being row 1), the column and the reason. `quizzes.services.questions_import` saves the
rows.

Columns (header names in English or Vietnamese, in any order; see `COLUMN_HELP`):
category, type, question, points, choices, correct, partial_credit, ignore_accents,
explanation. Choices are separated by "|"; ordering questions list their items in the right
order. A cell that starts with "=", "+", "-" or "@", or that is a formula, is refused:
spreadsheets run such cells as formulas. Texts are stored as plain text and shown escaped, never
as HTML. The file is read by the one spreadsheet reader (`home.spreadsheets.reader`): any
encoding, delimiter or sheet, the header below title rows, footer rows left out.
"""

import csv
import io
import tempfile
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.spreadsheets.formulas import FORMULA_TRIGGERS
from home.spreadsheets.reader import Sheet, SheetError, SheetRow, sheet_open
from home.text import fold_vietnamese
from quizzes.validation import (
    MULTIPLE,
    ORDERING,
    SHORT_TEXT,
    SINGLE,
    TRUE_FALSE,
    question_problems,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_TEXT = 5000
MAX_CATEGORY = 150
CHOICE_SEPARATOR = "|"

COLUMNS = (
    "category",
    "type",
    "question",
    "points",
    "choices",
    "correct",
    "partial_credit",
    "ignore_accents",
    "explanation",
)
REQUIRED_COLUMNS = ("type", "question")
COLUMN_HELP = (
    ("category", gettext_lazy("Category of the bank; created if new. Empty: the one chosen.")),
    ("type", gettext_lazy("single, multiple, true_false, short_text or ordering.")),
    ("question", gettext_lazy("The question text (plain text).")),
    ("points", gettext_lazy("A whole number from 1 to 100; empty means 1.")),
    (
        "choices",
        gettext_lazy("Choices separated by “|”. Ordering: the items in the right order."),
    ),
    (
        "correct",
        gettext_lazy(
            "Single: the number of the right choice (1 = first). Multiple: the numbers, "
            "e.g. “1,3”. True/false: true or false. Short text: accepted answers separated "
            "by “|”. Ordering: leave empty."
        ),
    ),
    ("partial_credit", gettext_lazy("yes or no (multiple choice and ordering); empty means no.")),
    (
        "ignore_accents",
        gettext_lazy("Short text: yes to ignore case and diacritics (the default), or no."),
    ),
    ("explanation", gettext_lazy("Optional; shown after grading.")),
)

TYPE_ALIASES = {
    "single": SINGLE,
    "single_choice": SINGLE,
    "mot_dap_an": SINGLE,
    "multiple": MULTIPLE,
    "multiple_choice": MULTIPLE,
    "nhieu_dap_an": MULTIPLE,
    "true_false": TRUE_FALSE,
    "truefalse": TRUE_FALSE,
    "dung_sai": TRUE_FALSE,
    "short_text": SHORT_TEXT,
    "text": SHORT_TEXT,
    "tra_loi_ngan": SHORT_TEXT,
    "ordering": ORDERING,
    "order": ORDERING,
    "sap_xep": ORDERING,
}
TRUE_WORDS = {"yes", "y", "true", "1", "x", "co", "dung", "d"}
FALSE_WORDS = {"no", "n", "false", "0", "khong", "sai", "s"}


class ImportFileError(Exception):
    """The file cannot be read as a table; `str(error)` says why, for the trainer."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportedQuestion:
    row: int
    category: str
    kind: str
    text: str
    points: int
    choices: tuple[tuple[str, bool], ...]
    partial_credit: bool
    is_true: bool | None
    accepted: tuple[str, ...]
    lenient: bool
    explanation: str


@dataclass(frozen=True)
class ImportReport:
    file_errors: tuple[str, ...] = ()
    questions: tuple[ImportedQuestion, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    row_count: int = 0
    notices: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.problems)

    @property
    def problem_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def can_import_all(self) -> bool:
        return not self.has_errors and bool(self.questions)

    @property
    def can_import_valid(self) -> bool:
        return not self.file_errors and bool(self.questions)


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.number, column, message))


def _key(text: str) -> str:
    return "_".join(fold_vietnamese(text).replace("-", " ").replace("/", " ").split())


def _sheet(*, name: str, data: bytes) -> tuple[Sheet, list[SheetRow]]:
    """The uploaded file opened by the one reader and its data rows (at most MAX_ROWS + 1);
    ImportFileError when it cannot be read."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in ("csv", "xlsx"):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB; split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if suffix == "csv" and b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_("The file holds binary data: it is not a CSV text file."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"questions.{suffix}"
        path.write_bytes(data)
        try:
            sheet = sheet_open(path=path, filename=path.name)
            rows = list(islice(sheet.rows(), MAX_ROWS + 1))
        except SheetError as error:
            raise ImportFileError(str(error)) from None
    return sheet, rows


def _header(sheet: Sheet) -> list[str]:
    """The problems with the header: unknown, doubled or missing columns."""
    errors = []
    seen = set()
    for key, title in zip(sheet.keys, sheet.header_cells, strict=False):
        if key in COLUMNS:
            if key in seen:
                errors.append(_("The column “%(column)s” appears twice.") % {"column": title})
            seen.add(key)
    if sheet.unknown_headers:
        errors.append(
            _("Unknown column(s): %(unknown)s. The columns are: %(expected)s.")
            % {"unknown": ", ".join(sheet.unknown_headers), "expected": ", ".join(COLUMNS)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        errors.append(
            _("Missing column(s): %(missing)s. Is the first row the header? Columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )
    return errors


def _formula_message(sign: str) -> str:
    return _(
        "Starts with “%(sign)s”, which spreadsheets run as a formula. Remove the "
        "sign or start the text differently."
    ) % {"sign": sign}


def _flag(row: _Row, column: str, default: bool) -> bool:
    text = row.cells.get(column, "")
    if not text:
        return default
    word = _key(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    row.problem(column, _("Write yes or no, not “%(value)s”.") % {"value": text})
    return default


def _numbers(text: str) -> list[int] | None:
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    numbers = []
    for part in parts:
        if part.isdigit():
            numbers.append(int(part))
        elif len(part) == 1 and part.isalpha():
            numbers.append(ord(part.upper()) - ord("A") + 1)
        else:
            return None
    return numbers


def _check_row(row: _Row, *, default_category: str) -> ImportedQuestion | None:
    for column, value in row.cells.items():
        if column != "points" and value.startswith(FORMULA_TRIGGERS):
            row.problem(column, _formula_message(value[0]))
    if row.problems:
        return None
    category = row.cells.get("category", "") or default_category
    if not category:
        row.problem("category", _("No category: fill it in or choose one for the file."))
    elif len(category) > MAX_CATEGORY:
        row.problem("category", _("Longer than %(count)d characters.") % {"count": MAX_CATEGORY})
    type_text = row.cells.get("type", "")
    kind = TYPE_ALIASES.get(_key(type_text))
    if kind is None:
        row.problem(
            "type",
            _("Unknown type “%(value)s”; use single, multiple, true_false, short_text or ordering.")
            % {"value": type_text},
        )
    text = row.cells.get("question", "")
    if not text:
        row.problem("question", _("The question text is empty."))
    elif len(text) > MAX_TEXT:
        row.problem("question", _("Longer than %(count)d characters.") % {"count": MAX_TEXT})
    points_text = row.cells.get("points", "") or "1"
    points = int(points_text) if points_text.isdigit() else 0
    if not 1 <= points <= 100:
        row.problem(
            "points",
            _("Write a whole number from 1 to 100, not “%(value)s”.") % {"value": points_text},
        )
    explanation = row.cells.get("explanation", "")
    if len(explanation) > MAX_TEXT:
        row.problem("explanation", _("Longer than %(count)d characters.") % {"count": MAX_TEXT})
    partial = _flag(row, "partial_credit", False)
    lenient = _flag(row, "ignore_accents", True)
    if kind is None:
        return None

    choice_texts = [
        part.strip()
        for part in row.cells.get("choices", "").split(CHOICE_SEPARATOR)
        if part.strip()
    ]
    correct_text = row.cells.get("correct", "")
    correct: set[int] = set()
    is_true = None
    accepted: list[str] = []
    if kind in (SINGLE, MULTIPLE):
        numbers = _numbers(correct_text)
        if not correct_text or numbers is None:
            row.problem("correct", _("Give the number(s) of the right choice(s), e.g. 2 or 1,3."))
        elif any(not 1 <= n <= len(choice_texts) for n in numbers):
            row.problem(
                "correct",
                _("Choice numbers go from 1 to %(count)d here.") % {"count": len(choice_texts)},
            )
        else:
            correct = set(numbers)
    elif kind == TRUE_FALSE:
        word = _key(correct_text)
        if word in TRUE_WORDS:
            is_true = True
        elif word in FALSE_WORDS:
            is_true = False
        else:
            row.problem("correct", _("Write true or false."))
    elif kind == SHORT_TEXT:
        accepted = [a.strip() for a in correct_text.split(CHOICE_SEPARATOR) if a.strip()]
    elif correct_text:
        row.problem("correct", _("Leave empty: the choices are listed in the right order."))
    choices = tuple((text, index in correct) for index, text in enumerate(choice_texts, 1))
    if kind == ORDERING:
        choices = tuple((text, False) for text in choice_texts)
    column = "choices" if kind in (SINGLE, MULTIPLE, ORDERING) else "correct"
    if not any(p.column in ("choices", "correct") for p in row.problems):
        for message in question_problems(
            kind=kind, choices=choices, is_true=is_true, accepted=accepted
        ):
            row.problem(column, message)
    if row.problems:
        return None
    return ImportedQuestion(
        row=row.number,
        category=" ".join(category.split()),
        kind=kind,
        text=text,
        points=points,
        choices=choices,
        partial_credit=partial and kind in (MULTIPLE, ORDERING),
        is_true=is_true,
        accepted=tuple(accepted),
        lenient=lenient,
        explanation=explanation,
    )


def check_sheet(sheet: Sheet, body: list[SheetRow], *, default_category="") -> ImportReport:
    """Check the data rows `body` of an opened question file."""
    notices = tuple(sheet.notices)
    errors = _header(sheet)
    if errors:
        return ImportReport(file_errors=tuple(errors), notices=notices)
    if not body:
        return ImportReport(file_errors=(_("The file has a header but no question rows."),))
    if len(body) > MAX_ROWS:
        return ImportReport(
            file_errors=(
                _("The file has more than %(count)s question rows; split it into smaller files.")
                % {"count": f"{MAX_ROWS:,}"},
            )
        )
    questions, problems = [], []
    for sheet_row in body:
        row = _Row(sheet_row.number, {name: sheet_row.cells.get(name, "") for name in COLUMNS})
        if sheet_row.stray:
            row.problem(
                "",
                _(
                    "This row has cells outside the named columns; check for stray "
                    "separators or missing quotes."
                ),
            )
        for column in sorted((sheet_row.formulas | sheet_row.unvalued) & set(COLUMNS)):
            row.problem(column, _formula_message("="))
        question = None if row.problems else _check_row(row, default_category=default_category)
        problems.extend(row.problems)
        if question is not None:
            questions.append(question)
    return ImportReport(
        questions=tuple(questions),
        problems=tuple(problems),
        row_count=len(body),
        notices=notices,
    )


def read_question_file(*, name: str, data: bytes, default_category: str = "") -> ImportReport:
    """The dry run of an import: every question the file holds and every problem in it."""
    try:
        sheet, rows = _sheet(name=name, data=data)
    except ImportFileError as error:
        return ImportReport(file_errors=(str(error),))
    return check_sheet(sheet, rows, default_category=default_category)


EXAMPLE_ROWS = (
    (
        "An toàn thông tin",
        "single",
        "Mã OTP ngân hàng nên được chia sẻ với ai?",
        "1",
        "Nhân viên ngân hàng gọi điện | Công an qua điện thoại | Không chia sẻ với ai",
        "3",
        "",
        "",
        "Không ai được hỏi mã OTP của bạn, kể cả người xưng là ngân hàng hay công an.",
    ),
    (
        "An toàn thông tin",
        "multiple",
        "Dấu hiệu nào cho thấy tin nhắn có thể là lừa đảo? (Chọn tất cả đáp án đúng)",
        "2",
        "Thúc giục làm ngay | Có đường link lạ | Gửi từ tổng đài chính thức đã biết",
        "1,2",
        "yes",
        "",
        "Lời thúc ép và đường link lạ là dấu hiệu thường gặp.",
    ),
    (
        "An toàn thông tin",
        "true_false",
        "Nên dùng cùng một mật khẩu cho mọi tài khoản.",
        "1",
        "",
        "false",
        "",
        "",
        "Mỗi tài khoản nên có mật khẩu riêng.",
    ),
    (
        "Dịch vụ công",
        "short_text",
        "Ứng dụng định danh điện tử quốc gia có tên là gì?",
        "1",
        "",
        "VNeID | VN eID",
        "",
        "yes",
        "",
    ),
    (
        "Dịch vụ công",
        "ordering",
        "Sắp xếp các bước nộp hồ sơ trực tuyến theo đúng thứ tự.",
        "2",
        "Đăng nhập cổng dịch vụ công | Chọn thủ tục | Điền tờ khai và đính kèm giấy tờ | Nộp hồ sơ",
        "",
        "no",
        "",
        "",
    ),
)


def example_csv() -> bytes:
    """The example file for trainers, as CSV in UTF-8 with a byte order mark (Excel opens it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(EXAMPLE_ROWS)
    return buffer.getvalue().encode("utf-8-sig")


def example_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("questions")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    for index, row in enumerate(EXAMPLE_ROWS, start=1):
        sheet.write_row(index, 0, row)
    sheet.set_column(0, len(COLUMNS) - 1, 24)
    workbook.close()
    return buffer.getvalue()
