"""The one list of header spellings every spreadsheet import accepts.

A header cell is compared after `header_fold`: lower case, no diacritics, no text in
parentheses, separators ("/", "-", "_", ":", ".") as spaces, one space between words, so
"Xã/Phường/Thị trấn", "xa phuong thi tran" and "XÃ / PHƯỜNG / THỊ TRẤN" are one spelling. Each
import uses the keys it needs; the others (row number, position, notes...) are known columns it
ignores, never "columns not recognised".
"""

import re

from home.text import fold_vietnamese

FULL_NAME = "full_name"
SURNAME = "surname"
GIVEN_NAME = "given_name"
EMAIL = "email"
PHONE = "phone"
PROVINCE = "province"
COMMUNE = "commune"
LEARNER_GROUP = "learner_group"
WORK_UNIT = "work_unit"
CLASS = "class"
COURSE = "course"
TARGET = "target"
ROW_NUMBER = "row_number"
POSITION = "position"
NOTE = "note"
BIRTH_DATE = "birth_date"
GENDER = "gender"
CATEGORY = "category"
QUESTION_TYPE = "type"
QUESTION = "question"
POINTS = "points"
CHOICES = "choices"
CORRECT = "correct"
PARTIAL_CREDIT = "partial_credit"
IGNORE_ACCENTS = "ignore_accents"
EXPLANATION = "explanation"

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    FULL_NAME: ("ho va ten", "ho ten", "ho va ten day du", "full name", "fullname", "name"),
    SURNAME: ("ho", "ho va ten dem", "ho dem", "ho va chu dem", "ho va dem", "surname"),
    GIVEN_NAME: ("ten", "given name", "first name"),
    EMAIL: (
        "email",
        "e mail",
        "thu dien tu",
        "dia chi email",
        "dia chi e mail",
        "dia chi thu dien tu",
        "email address",
        "gmail",
    ),
    PHONE: (
        "so dien thoai",
        "dien thoai",
        "dien thoai di dong",
        "so dien thoai di dong",
        "so di dong",
        "di dong",
        "sdt",
        "so dt",
        "dt",
        "phone",
        "phone number",
        "mobile",
    ),
    PROVINCE: (
        "tinh thanh pho",
        "tinh",
        "tinh thanh",
        "tinh tp",
        "thanh pho",
        "province",
        "province city",
        "ma tinh",
        "province code",
    ),
    COMMUNE: (
        "xa phuong",
        "xa phuong dac khu",
        "xa phuong thi tran",
        "xa",
        "phuong",
        "xa phuong dac khu noi cong tac",
        "don vi hanh chinh cap xa",
        "commune",
        "commune ward",
        "ward",
        "ma xa",
        "commune code",
    ),
    LEARNER_GROUP: ("nhom", "nhom hoc vien", "doi tuong", "group", "learner group"),
    WORK_UNIT: (
        "don vi cong tac",
        "don vi",
        "co quan",
        "noi cong tac",
        "work unit",
        "organisation",
    ),
    CLASS: ("lop", "lop hoc", "ten lop", "ten lop hoc", "class", "class name"),
    COURSE: ("course", "khoa hoc", "ma khoa hoc"),
    TARGET: ("target", "expected completions", "chi tieu", "so nguoi", "chi tieu hoan thanh"),
    ROW_NUMBER: ("stt", "tt", "so tt", "so thu tu", "no"),
    POSITION: ("chuc vu", "chuc danh", "position"),
    NOTE: ("ghi chu", "note", "notes"),
    BIRTH_DATE: ("ngay sinh", "ngay thang nam sinh", "nam sinh", "birth date"),
    GENDER: ("gioi tinh", "nam nu", "gender"),
    CATEGORY: ("category", "danh muc", "chu de"),
    QUESTION_TYPE: ("type", "loai", "loai cau hoi"),
    QUESTION: ("question", "cau hoi", "noi dung", "noi dung cau hoi"),
    POINTS: ("points", "diem"),
    CHOICES: ("choices", "lua chon", "phuong an", "cac phuong an"),
    CORRECT: ("correct", "dap an", "dap an dung"),
    PARTIAL_CREDIT: ("partial credit", "diem tung phan"),
    IGNORE_ACCENTS: ("ignore accents", "bo qua dau"),
    EXPLANATION: ("explanation", "giai thich"),
}

_PARENTHESES = re.compile(r"\([^)]*\)")
_SEPARATORS = re.compile(r"[/\\_\-\u2013:.,*]+")


def header_fold(text) -> str:
    """A header cell as it is compared: see the module docstring."""
    folded = fold_vietnamese(str(text or ""))
    without = _PARENTHESES.sub(" ", folded)
    return " ".join(_SEPARATORS.sub(" ", without if without.strip() else folded).split())


_LOOKUP = {header_fold(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases}


def header_key(text) -> str | None:
    """The column key a header cell names ("Họ và tên", "ho ten", "Full name" -> full_name)."""
    return _LOOKUP.get(header_fold(text))
