"""The one spreadsheet reader: encodings, delimiters, sheets, header rows, merged cells,
formulas, and the rows it leaves out (pure tests, no database)."""

import codecs
import csv
import io

import pytest

from home.spreadsheets.formulas import neutralise, text_prefix_remove
from home.spreadsheets.headers import header_key
from home.spreadsheets.reader import BLANK, COLUMN_NUMBERS, FOOTER, SheetError, sheet_open
from tests.home.spreadsheets.builders import windows_1258, xlsx_workbook

pytestmark = pytest.mark.usefixtures("english")

HEADER = ["STT", "Họ và tên", "Xã/Phường/Thị trấn", "Điện thoại di động", "Địa chỉ thư điện tử"]
AN = ["1", "Nguyễn Văn An", "Xã Lương Sơn", "0912345678", "an@example.vn"]
BINH = ["2", "Lê Thị Bình", "Phường Bỉm Sơn", "0912345679", "binh@example.vn"]


def opened(tmp_path, data: bytes, name="list.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return sheet_open(path=path, filename=name)


def csv_bytes(rows, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def names(sheet) -> list[str]:
    return [row.cells["full_name"] for row in sheet.rows()]


@pytest.mark.parametrize(
    "header",
    [
        "Xã/Phường/Thị trấn",
        "XÃ / PHƯỜNG / THỊ TRẤN",
        "xa phuong thi tran",
        "Xã/Phường (nơi công tác)",
    ],
)
def test_commune_header_variants_name_the_commune_column(header):
    assert header_key(header) == "commune"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Điện thoại di động", "phone"),
        ("Địa chỉ thư điện tử", "email"),
        ("Họ và\ntên", "full_name"),
        ("Họ và tên đệm", "surname"),
        ("Tên", "given_name"),
        ("Số điện thoại (nếu có)", "phone"),
    ],
)
def test_common_header_variants_are_known(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_found_from_the_header(tmp_path, delimiter):
    sheet = opened(tmp_path, csv_bytes([HEADER, AN, BINH], delimiter))

    assert sheet.delimiter == delimiter
    assert names(sheet) == ["Nguyễn Văn An", "Lê Thị Bình"]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + csv_bytes([HEADER, AN], ";"),
        csv_bytes([HEADER, AN], "\t", "utf-16"),
        csv_bytes([HEADER, AN], "\t", "utf-16-le"),
    ],
    ids=["utf-8-bom", "utf-16", "utf-16-without-bom"],
)
def test_utf_8_and_utf_16_files_are_read_without_a_notice(tmp_path, data):
    sheet = opened(tmp_path, data)

    assert names(sheet) == ["Nguyễn Văn An"]
    assert sheet.notices == []


def test_windows_1258_file_is_read_and_named(tmp_path):
    sheet = opened(tmp_path, windows_1258(csv_bytes([HEADER, AN], ";").decode()))

    assert names(sheet) == ["Nguyễn Văn An"]
    assert sheet.notices == ["The file was read as Windows-1258 text."]


def test_a_stray_byte_in_a_utf_8_file_is_refused_with_its_line(tmp_path):
    data = csv_bytes([HEADER, AN]) + b"3,Ng\xe9,x,0912345670,x@example.vn\r\n"

    with pytest.raises(SheetError) as error:
        opened(tmp_path, data)

    assert "not UTF-8 text (an unreadable character near line 3)" in str(error.value)


def test_header_is_found_below_title_rows_and_column_numbers_and_footer_are_skipped(tmp_path):
    rows = [
        ["UBND TỈNH THANH HÓA"],
        ["DANH SÁCH CÁN BỘ THAM GIA BÌNH DÂN HỌC VỤ SỐ"],
        [],
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        AN,
        [],
        BINH,
        ["Tổng cộng: 2 người"],
        ["", "Thanh Hóa, ngày 3 tháng 12 năm 2025"],
        ["", "NGƯỜI LẬP BIỂU", "", "THỦ TRƯỞNG ĐƠN VỊ"],
        ["", "(Ký, ghi rõ họ tên)"],
        ["", "Phạm Văn Dũng"],
    ]
    sheet = opened(tmp_path, csv_bytes(rows))

    assert [row.number for row in sheet.rows()] == [6, 8]
    assert sheet.header_number == 4
    assert sheet.skipped == {COLUMN_NUMBERS: 1, BLANK: 1, FOOTER: 5}


def test_a_surname_like_tong_or_a_position_like_chu_tich_is_data_not_a_footer(tmp_path):
    rows = [
        [*HEADER, "Chức vụ"],
        ["1", "Tống Văn Cường", "Xã Lương Sơn", "0912345670", "cuong@example.vn", "Chủ tịch"],
    ]

    assert names(opened(tmp_path, csv_bytes(rows))) == ["Tống Văn Cường"]


def test_numbers_in_the_first_rows_are_sequential_only_in_a_column_number_row(tmp_path):
    rows = [HEADER, ["1", "2", "3", "4", "5"], ["3", "Lê Văn Cường", "5", "0912345670", "c@x.vn"]]

    assert names(opened(tmp_path, csv_bytes(rows))) == ["Lê Văn Cường"]


def test_a_leading_text_apostrophe_is_taken_off(tmp_path):
    rows = [HEADER, ["1", "Nguyễn Văn An", "Xã Lương Sơn", "'+84 912 345 678", "an@example.vn"]]

    assert next(opened(tmp_path, csv_bytes(rows)).rows()).cells["phone"] == "+84 912 345 678"


@pytest.mark.parametrize("value", ["=SUM(A1)", "+84 912", "-1", "@x", "\tx", "Nguyễn"])
def test_what_an_export_neutralises_an_import_reads_back(value):
    assert text_prefix_remove(neutralise(value)) == value


def test_xlsx_header_on_the_second_sheet_is_found_and_the_sheet_named(tmp_path):
    data = xlsx_workbook({"Hướng dẫn": [["Điền danh sách vào trang sau"]], "DS": [HEADER, AN]})

    sheet = opened(tmp_path, data, "list.xlsx")

    assert names(sheet) == ["Nguyễn Văn An"]
    assert sheet.notices == ["The sheet “DS” was read."]


def test_xlsx_two_level_merged_header_and_a_commune_merged_down_are_read(tmp_path):
    rows = [
        ["STT", "Họ và tên", "Đơn vị", "Liên hệ", None],
        [None, None, "Xã/Phường", "Điện thoại", "Email"],
        [1, "Nguyễn Văn An", "Xã Lương Sơn", "0912345678", "an@example.vn"],
        [2, "Lê Thị Bình", None, "0912345679", "binh@example.vn"],
        [3, "Trần Văn Cường", None, "0912345670", "cuong@example.vn"],
    ]
    merges = [("DS", "A1:A2"), ("DS", "B1:B2"), ("DS", "D1:E1"), ("DS", "C3:C5")]

    sheet = opened(tmp_path, xlsx_workbook({"DS": rows}, merges=merges), "list.xlsx")
    read = list(sheet.rows())

    assert sheet.header_number == 2
    assert [row.cells["commune"] for row in read] == ["Xã Lương Sơn"] * 3
    assert [row.cells["email"] for row in read][2] == "cuong@example.vn"


def test_xlsx_formula_gives_its_saved_value_flagged_and_one_without_value_is_flagged(tmp_path):
    rows = [HEADER, AN, BINH]
    formulas = [("DS", 1, 1, '="Nguyễn "&"Văn An"', "Nguyễn Văn An"), ("DS", 2, 1, "=B9", None)]

    sheet = opened(tmp_path, xlsx_workbook({"DS": rows}, formulas=formulas), "list.xlsx")
    first, second = sheet.rows()

    assert (first.cells["full_name"], first.formulas, first.unvalued) == (
        "Nguyễn Văn An",
        frozenset({"full_name"}),
        frozenset(),
    )
    assert second.unvalued == frozenset({"full_name"})


def test_a_merge_over_the_whole_sheet_is_refused_not_filled(tmp_path):
    data = xlsx_workbook({"DS": [HEADER, AN]}, merges=[("DS", "A3:E1048576")])

    with pytest.raises(SheetError) as error:
        opened(tmp_path, data, "list.xlsx")

    assert "too many merged cells" in str(error.value)


def test_old_excel_files_are_refused(tmp_path):
    with pytest.raises(SheetError) as error:
        opened(tmp_path, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "list.xls")

    assert "Old Excel 97-2003 (.xls) files are not supported" in str(error.value)
