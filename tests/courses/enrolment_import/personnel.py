"""A personnel list as provincial offices keep it, generated for the acceptance test and bench/.

`personnel_list(count)` makes `count` people of Thanh Hóa with what such lists hold: title rows,
a two-level header ("Liên hệ" over phone and e-mail), STT, "Chức vụ", "Ghi chú" and a "Tên"
sorting column next to "Họ và tên", a column-number row, names in NFC or NFD, communes written
"Xã Lương Sơn", "xa luong son", "X. Yên Ninh", "P. Bỉm Sơn" or by code, pre-2025 units
(real communes and towns of before 1 July 2025 from home/data/former_units.csv, with or
without their district, and districts alone), the province written out, abbreviated or
missing, phones in every
format (some invalid next to a valid e-mail), duplicates, a few rows without a name, then
total, date and signature rows. Each `Person` knows the commune a careful reader would find
(`expected`, None when the row names no commune of today) and whether the row can be accepted.

`xlsx_bytes` writes it as Excel does, with the commune merged down over rows of one commune
and some names as formulas with their saved values; `csv_bytes` as Excel's "Save as CSV"
(values, every cell filled) in any encoding and delimiter.
"""

import csv
import io
import random
import unicodedata
from dataclasses import dataclass

import xlsxwriter
from vietnam_provinces import Ward

from home.former_units import DATA_FILE
from home.text import fold_vietnamese
from tests.home.spreadsheets.builders import windows_1258

PROVINCE_CODE = 38
PROVINCE_SPELLINGS = ("Thanh Hóa", "Tỉnh Thanh Hóa", "T. Thanh Hóa", "tinh thanh hoa", "")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thị Thu", "Ngọc", "Quang", "Thị Hồng")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Lan", "Nhung", "Sơn", "Thủy", "Yến")
POSITIONS = ("Chủ tịch UBND", "Công chức Văn phòng", "Công chức Tư pháp", "Phó Chủ tịch", "")
TITLE_ROWS = [
    ["UBND TỈNH THANH HÓA", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["DANH SÁCH CÁN BỘ, CÔNG CHỨC THAM GIA BÌNH DÂN HỌC VỤ SỐ"],
    [],
]
UPPER = [
    "STT",
    "Họ và tên",
    "Tên",
    "Chức vụ",
    "Xã/Phường/Thị trấn",
    "Tỉnh",
    "Liên hệ",
    "",
    "Ghi chú",
]
LOWER = ["", "", "", "", "", "", "Điện thoại di động", "Địa chỉ thư điện tử", ""]
NUMBERS = [f"({n})" for n in range(1, 10)]
FOOTER = [
    ["Tổng cộng: {count} người"],
    ["", "", "", "", "Thanh Hóa, ngày 1 tháng 12 năm 2025"],
    ["", "NGƯỜI LẬP BIỂU", "", "", "THỦ TRƯỞNG ĐƠN VỊ"],
    ["", "(Ký, ghi rõ họ tên)", "", "", "(Ký tên, đóng dấu)"],
    ["", "Lê Thị Mai", "", "", "Trịnh Văn Hùng"],
]
FIRST_DATA_ROW = len(TITLE_ROWS) + 3 + 1  # titles, two header rows, the number row; from 1
NAME_COLUMN, COMMUNE_COLUMN = 1, 4


@dataclass(frozen=True)
class Person:
    cells: tuple[str, ...]
    expected: str | None  # the commune's code a careful reader finds; None: no commune of today
    acceptable: bool  # identifies one person and one commune (first of its e-mail in the file)
    formula: bool = False  # the name cell is a formula (XLSX) whose saved value is the name


def _communes() -> list[Ward]:
    """Thanh Hóa's communes whose folded names are unique in the province (a folded spelling
    of two alike names is rightly refused as ambiguous, so it proves nothing here)."""
    wards = [w for w in Ward.iter_all() if w.province_code.value == PROVINCE_CODE]
    folded = [fold_vietnamese(w.name) for w in wards]
    return [w for w, f in zip(wards, folded, strict=True) if folded.count(f) == 1]


def _former_spellings() -> list[tuple[str, str | None]]:
    """(how a list writes a former unit of Thanh Hóa, today's commune code a careful reader
    finds, or None). Read straight from the data file: a unit whose name, written as it was,
    names one former unit and one commune of today; with its district when the name alone
    names several. Names that are also today's (today's wins) are left out."""
    todays = {
        fold_vietnamese(w.name.partition(" ")[2])
        for w in Ward.iter_all()
        if w.province_code.value == PROVINCE_CODE
    }
    with open(DATA_FILE, encoding="utf-8", newline="") as file:
        units = [
            row
            for row in csv.DictReader(file)
            if row["old_province_code"] == f"{PROVINCE_CODE:02d}" and row["old_commune_name"]
        ]
    by_name: dict[str, list[dict]] = {}
    for unit in units:
        by_name.setdefault(unicodedata.normalize("NFC", unit["old_commune_name"]), []).append(unit)
    spellings = []
    for name, same in sorted(by_name.items()):
        kind, bare = ("Thị trấn", name[9:]) if name.startswith("Thị trấn ") else name.split(" ", 1)
        if fold_vietnamese(bare) in todays:
            continue
        codes = {unit["commune_codes"] for unit in same}
        alone = next(iter(codes)) if len(same) == 1 and " " not in next(iter(codes)) else None
        spellings.append((name, alone))
        if kind == "Thị trấn":
            spellings.append((f"TT. {bare}", alone))
        for unit in same:
            single = unit["commune_codes"] if " " not in unit["commune_codes"] else None
            district = unit["old_district_name"]
            if sum(u["old_district_name"] == district for u in same) == 1:
                spellings.append((f"{name}, {district}", single))
    return spellings


def _spelling(ward: Ward, rng: random.Random) -> str:
    kind, _space, name = ward.name.partition(" ")
    if kind == "Đặc":
        return ward.name
    short = {"Xã": "X.", "Phường": "P."}[kind]
    return rng.choice(
        (ward.name, ward.name, fold_vietnamese(ward.name), f"{short} {name}", f"{ward.code.value}")
    )


def _phone(n: int, rng: random.Random) -> tuple[str, bool]:
    """A phone cell and whether it is valid."""
    digits = f"9{n:08d}"
    return rng.choice(
        (
            (f"0{digits}", True),
            (f"0{digits[:3]} {digits[3:6]} {digits[6:]}", True),
            (f"+84 {digits[:3]} {digits[3:6]} {digits[6:]}", True),
            (f"'+84{digits}", True),
            (digits, True),  # a number cell that lost its leading zero
            ("", True),
            ("12345", False),
        )
    )


def personnel_list(count: int = 5000, *, seed: int = 15) -> list[Person]:
    rng = random.Random(seed)
    communes = _communes()
    former = _former_spellings()
    drafts: list[tuple[tuple[str, ...], str | None, bool, bool]] = []
    emails: list[str] = []
    while len(drafts) < count:
        ward = rng.choice(communes)
        spelling = _spelling(ward, rng)
        province = rng.choice(PROVINCE_SPELLINGS)
        for _member in range(rng.randint(1, 4)):
            if len(drafts) >= count:
                break
            n = len(drafts)
            given = rng.choice(GIVEN)
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {given}"
            if rng.random() < 0.1:
                name = unicodedata.normalize("NFD", name)
            draw = rng.random()
            commune, expected, complete = spelling, f"{ward.code.value:05d}", True
            if draw < 0.005:
                _kind, _space, bare = ward.name.partition(" ")
                commune, expected = f"Huyện {bare}", None
            elif draw < 0.03:
                commune, expected = rng.choice(former)
            elif draw < 0.04:
                name, complete = "", False
            email = f"cb{n}@thanhhoa.gov.vn"
            if draw > 0.98 and emails:
                email = rng.choice(emails)  # the same person again
            elif rng.random() < 0.2:
                email = email.upper()
            emails.append(email.lower())
            phone, _valid = _phone(n, rng)
            cells = (
                str(n + 1),
                name,
                given,
                rng.choice(POSITIONS),
                commune,
                province,
                phone,
                email,
                rng.choice(("", "", "Đã có tài khoản VNeID")),
            )
            formula = bool(name) and rng.random() < 0.02
            drafts.append((cells, expected, complete and expected is not None, formula))
    people, accepted = [], set()
    for cells, expected, identifiable, formula in drafts:
        email = cells[7].lower()
        acceptable = identifiable and email not in accepted
        if acceptable:
            accepted.add(email)
        people.append(Person(cells, expected, acceptable, formula))
    return people


def _table(people: list[Person]) -> list[list[str]]:
    footer = [[cell.format(count=len(people)) for cell in row] for row in FOOTER]
    return [*TITLE_ROWS, UPPER, LOWER, NUMBERS, *(list(p.cells) for p in people), *footer]


def csv_bytes(people: list[Person], *, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(_table(people))
    if encoding == "cp1258":
        return windows_1258(buffer.getvalue())
    return buffer.getvalue().encode(encoding)


def _number_or_text(value: str):
    return int(value) if value.isdigit() and not value.startswith("0") else value


def xlsx_bytes(people: list[Person]) -> bytes:
    """The list as an XLSX file: header cells merged, the commune merged down over the rows of
    one commune (written once), names that are formulas stored with their saved values."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    workbook.add_worksheet("Hướng dẫn").write(0, 0, "Danh sách ở trang sau.")
    sheet = workbook.add_worksheet("Danh sách")
    for r, row in enumerate(_table(people)):
        for c, value in enumerate(row):
            if value:
                sheet.write(r, c, _number_or_text(value) if c in (0, 6) else value)
    header = len(TITLE_ROWS)
    for c, title in enumerate(UPPER):
        if c == 6:
            sheet.merge_range(header, 6, header, 7, title)
        elif title:
            sheet.merge_range(header, c, header + 1, c, title)
    first = FIRST_DATA_ROW - 1
    start = 0
    for index in range(1, len(people) + 1):
        same = index < len(people) and people[index].cells[4] == people[start].cells[4]
        if not same:
            if index - start > 1:
                value = people[start].cells[COMMUNE_COLUMN]
                sheet.merge_range(first + start, 4, first + index - 1, 4, value)
            start = index
    for index, person in enumerate(people):
        if person.formula:
            name = person.cells[NAME_COLUMN]
            sheet.write_formula(first + index, NAME_COLUMN, f'=TRIM("{name}")', None, name)
    workbook.close()
    return buffer.getvalue()
