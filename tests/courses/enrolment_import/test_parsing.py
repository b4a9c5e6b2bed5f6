"""Reading learner files: encodings, delimiters, XLSX cells, headers and files refused whole.

Pure tests of `courses.enrolment_import.parsing` (no database); messages are asserted in their
English source text.
"""

import codecs
import datetime as dt
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from courses.enrolment_import import parsing
from courses.enrolment_import.parsing import ImportFileError, table_open

pytestmark = pytest.mark.usefixtures("english")

HEADER = ["Họ và tên", "Email", "Số điện thoại", "Tỉnh/Thành phố", "Xã/Phường", "Nhóm"]
NHUNG = ["Nguyễn Thị Hồng Nhung", "nhung@example.vn", "0912345678", "Cao Bằng", "01273", ""]
DUC = ["Trần Văn Đức", "duc@example.vn", "", "Sơn La", "Xã Lóng Sập", "Người dân"]
VIETNAMESE_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def csv_text(rows, delimiter=",") -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def windows_1258(text: str) -> bytes:
    """`text` as Windows-1258 writes it: a base letter followed by a combining tone mark."""
    out = []
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in VIETNAMESE_TONES))
        out.append(base + "".join(c for c in marks if c in VIETNAMESE_TONES))
    return "".join(out).encode("cp1258")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def opened(tmp_path, data: bytes, name="learners.csv"):
    path = tmp_path / "upload"
    path.write_bytes(data)
    return table_open(path=path, filename=name)


def read(tmp_path, data: bytes, name="learners.csv") -> list[parsing.RawRow]:
    return list(opened(tmp_path, data, name).rows())


def refusal(tmp_path, data: bytes, name="learners.csv") -> str:
    with pytest.raises(ImportFileError) as error:
        read(tmp_path, data, name)
    return str(error.value)


# Encodings


def test_utf8_csv_without_bom_is_read_with_its_diacritics(tmp_path):
    rows = read(tmp_path, csv_text([HEADER, NHUNG, DUC]).encode("utf-8"))

    assert [row.cells[parsing.FULL_NAME] for row in rows] == [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
    ]
    assert rows[1].cells[parsing.COMMUNE] == "Xã Lóng Sập"


def test_utf8_csv_with_bom_from_excel_csv_utf8_is_read_and_the_bom_is_not_in_the_header(
    tmp_path,
):
    table = opened(tmp_path, codecs.BOM_UTF8 + csv_text([HEADER, NHUNG]).encode("utf-8"))

    assert table.encoding == "utf-8-sig"
    assert table.columns[parsing.FULL_NAME] == 0
    assert [row.cells[parsing.EMAIL] for row in table.rows()] == ["nhung@example.vn"]


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["little-endian", "big-endian"],
)
def test_utf16_tab_delimited_unicode_text_from_old_excel_is_read(tmp_path, bom, codec):
    data = bom + csv_text([HEADER, NHUNG, DUC], delimiter="\t").encode(codec)

    table = opened(tmp_path, data, name="learners.txt")
    rows = list(table.rows())

    assert table.delimiter == "\t"
    assert [row.cells[parsing.FULL_NAME] for row in rows] == [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
    ]
    assert rows[0].cells[parsing.COMMUNE] == "01273"


def test_utf16_without_bom_is_recognised_by_its_zero_bytes(tmp_path):
    data = csv_text([HEADER, NHUNG], delimiter="\t").encode("utf-16-le")

    rows = read(tmp_path, data, name="learners.txt")

    assert rows[0].cells[parsing.FULL_NAME] == "Nguyễn Thị Hồng Nhung"


def test_windows_1258_file_is_read_and_the_encoding_is_named(tmp_path):
    data = csv_text([["Ho va ten", "Email", "Xa"], ["A", "a@example.vn", "01273"]]).encode()
    data += windows_1258("Nguyễn Thị Hồng Nhung,nhung@example.vn,01273\r\n")

    table = opened(tmp_path, data)
    rows = list(table.rows())

    assert rows[1].cells[parsing.FULL_NAME] == "Nguyễn Thị Hồng Nhung"
    assert table.notices == ["The file was read as Windows-1258 text."]


def test_windows_1252_bytes_are_read_in_a_legacy_encoding(tmp_path):
    data = "Full name,Email,Commune\r\nJosé Müller,jose@example.vn,01273\r\n".encode("cp1252")

    table = opened(tmp_path, data)

    assert [row.cells[parsing.FULL_NAME] for row in table.rows()] == ["José Müller"]
    assert table.notices[0].startswith("The file was read as ")


def test_a_stray_byte_late_in_a_large_file_is_reported_with_its_line(tmp_path):
    lines = [HEADER] + [
        [f"Học viên {n}", f"hv{n}@example.vn", "", "", "01273", ""] for n in range(3000)
    ]
    data = csv_text(lines).encode("utf-8") + b"Ng\xe9,x@example.vn,,,01273,\r\n"

    assert "near line 3002" in refusal(tmp_path, data)


# Delimiters and layout


def test_semicolon_delimited_csv_from_excel_with_a_european_locale_is_read(tmp_path):
    group = ["Cán bộ, công chức, viên chức"]
    data = csv_text([HEADER, NHUNG[:-1] + group], delimiter=";").encode("utf-8")

    table = opened(tmp_path, data)
    rows = list(table.rows())

    assert table.delimiter == ";"
    assert rows[0].cells[parsing.LEARNER_GROUP] == "Cán bộ, công chức, viên chức"


def test_title_rows_above_the_header_are_skipped_and_row_numbers_stay_the_spreadsheets(tmp_path):
    title = ["DANH SÁCH CÁN BỘ THAM GIA BÌNH DÂN HỌC VỤ SỐ", "", "", "", "", ""]
    data = csv_text([title, [""] * 6, HEADER, NHUNG, DUC]).encode("utf-8")

    table = opened(tmp_path, data)

    assert table.header_number == 3
    assert [row.number for row in table.rows()] == [4, 5]


def test_blank_rows_are_skipped_and_rows_keep_their_number_in_the_file(tmp_path):
    data = csv_text([HEADER, NHUNG, [""] * 6, [], DUC]).encode("utf-8")

    assert [row.number for row in read(tmp_path, data)] == [2, 5]


def test_short_rows_get_empty_cells_for_their_missing_columns(tmp_path):
    data = csv_text([HEADER, ["Lò Thị Bích", "bich@example.vn"]]).encode("utf-8")

    cells = read(tmp_path, data)[0].cells

    assert cells[parsing.COMMUNE] == ""
    assert cells[parsing.LEARNER_GROUP] == ""


def test_cells_are_trimmed(tmp_path):
    data = csv_text([HEADER, ["  Lò Thị Bích ", " bich@example.vn", "", "", " 01273 ", ""]])

    cells = read(tmp_path, data.encode("utf-8"))[0].cells

    assert (cells[parsing.FULL_NAME], cells[parsing.COMMUNE]) == ("Lò Thị Bích", "01273")


def test_formula_in_a_csv_cell_is_kept_as_text_for_the_row_check_to_refuse(tmp_path):
    data = csv_text([HEADER, ['=HYPERLINK("http://evil.example")', "a@example.vn"]])

    cells = read(tmp_path, data.encode("utf-8"))[0].cells

    assert cells[parsing.FULL_NAME] == '=HYPERLINK("http://evil.example")'


# XLSX


def test_xlsx_is_read_with_numbers_as_text_without_decimal_point(tmp_path):
    data = xlsx_bytes([HEADER, ["Lò Thị Bích", "bich@example.vn", 912345678, 4, 1273, None]])

    cells = read(tmp_path, data, name="learners.xlsx")[0].cells

    assert cells[parsing.PHONE] == "912345678"
    assert cells[parsing.PROVINCE] == "4"
    assert cells[parsing.COMMUNE] == "1273"
    assert cells[parsing.LEARNER_GROUP] == ""


def test_xlsx_float_cells_that_are_whole_numbers_lose_their_decimal_point(tmp_path):
    data = xlsx_bytes([HEADER, ["Lò Thị Bích", "", 84912345678.0, "Cao Bằng", 1273.0]])

    cells = read(tmp_path, data, name="learners.xlsx")[0].cells

    assert (cells[parsing.PHONE], cells[parsing.COMMUNE]) == ("84912345678", "1273")


def test_xlsx_dates_are_read_as_iso_dates(tmp_path):
    header = [*HEADER, "Đơn vị công tác"]
    data = xlsx_bytes([header, ["A", "a@example.vn", "", "", "01273", "", dt.datetime(2025, 7, 1)]])

    cells = read(tmp_path, data, name="learners.xlsx")[0].cells

    assert cells[parsing.WORK_UNIT] == "2025-07-01"


def test_xlsx_formula_comes_back_as_its_formula_never_as_its_value(tmp_path):
    data = xlsx_bytes([HEADER, ['=CONCAT("Lò ","Thị Bích")', "bich@example.vn", "", "", "01273"]])

    cells = read(tmp_path, data, name="learners.xlsx")[0].cells

    assert cells[parsing.FULL_NAME] == '=CONCAT("Lò ","Thị Bích")'


def test_xlsx_row_numbers_count_the_blank_rows_between(tmp_path):
    data = xlsx_bytes([HEADER, NHUNG, [], [], DUC])

    assert [row.number for row in read(tmp_path, data, name="learners.xlsx")] == [2, 5]


def test_xlsx_uploaded_without_its_extension_is_recognised_by_its_content(tmp_path):
    data = xlsx_bytes([HEADER, NHUNG])

    table = opened(tmp_path, data, name="learners")

    assert table.kind == "xlsx"


def test_only_the_first_sheet_of_a_workbook_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(NHUNG)
    workbook.create_sheet("Ghi chú").append(["not a learner"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = read(tmp_path, buffer.getvalue(), name="learners.xlsx")

    assert [row.cells[parsing.FULL_NAME] for row in rows] == ["Nguyễn Thị Hồng Nhung"]


def test_the_rows_below_the_header_are_estimated_for_the_progress_bar(tmp_path):
    csv_table = opened(tmp_path, csv_text([["Danh sách"], HEADER, NHUNG, DUC]).encode("utf-8"))
    xlsx_table = opened(tmp_path, xlsx_bytes([HEADER, NHUNG, DUC, NHUNG]), name="list.xlsx")

    assert (csv_table.estimated_rows, xlsx_table.estimated_rows) == (2, 3)


# Files refused whole


def test_empty_file_is_refused(tmp_path):
    assert refusal(tmp_path, b"") == "The file is empty."


def test_file_of_blank_lines_is_refused_as_having_no_header(tmp_path):
    assert "the first row must name the columns" in refusal(tmp_path, b"\r\n , ,\r\n\r\n")


def test_header_only_file_opens_with_no_rows(tmp_path):
    assert read(tmp_path, csv_text([HEADER]).encode("utf-8")) == []


def test_missing_columns_are_named_with_the_columns_not_recognised(tmp_path):
    data = csv_text([["Họ và tên", "Email", "Quận/Huyện"], ["A", "a@example.vn", "Ba Đình"]])

    message = refusal(tmp_path, data.encode("utf-8"))

    assert "Missing column(s): Commune/Ward." in message
    assert "Columns not recognised: Quận/Huyện." in message
    assert "Download the template" in message


def test_file_without_an_email_or_a_phone_column_is_refused(tmp_path):
    data = csv_text([["Họ và tên", "Xã/Phường"], ["A", "01273"]])

    assert "Missing column(s): Email or Phone number." in refusal(tmp_path, data.encode())


def test_a_column_named_twice_is_refused(tmp_path):
    data = csv_text([[*HEADER, "SĐT"], [*NHUNG, "0912345678"]])

    assert "The column “SĐT” appears twice" in refusal(tmp_path, data.encode("utf-8"))


def test_wrong_file_with_no_known_column_is_refused_listing_what_it_has(tmp_path):
    data = csv_text([["Mã hàng", "Số lượng"], ["X1", "3"]])

    message = refusal(tmp_path, data.encode("utf-8"))

    assert "Missing column(s): Full name, Commune/Ward, Email or Phone number." in message
    assert "Mã hàng, Số lượng" in message


@pytest.mark.parametrize(
    "header",
    [
        ["Full name", "E-mail", "Phone", "Province", "Commune code"],
        ["HỌ VÀ TÊN", "Thư điện tử", "SĐT", "Tỉnh / Thành phố", "Xã/Phường/Đặc khu"],
        ["ho ten", "email", "so dien thoai", "ma tinh", "ma xa"],
        ["Họ và tên *", "Email:", "Điện thoại", "Tỉnh", "Phường"],
    ],
)
def test_header_spellings_in_english_vietnamese_and_without_diacritics_are_recognised(
    tmp_path, header
):
    table = opened(tmp_path, csv_text([header, NHUNG[:5]]).encode("utf-8"))

    assert table.columns == {
        parsing.FULL_NAME: 0,
        parsing.EMAIL: 1,
        parsing.PHONE: 2,
        parsing.PROVINCE: 3,
        parsing.COMMUNE: 4,
    }


@pytest.mark.parametrize("name", ["learners.xls", "LEARNERS.XLS"])
def test_old_xls_files_are_refused_by_their_name(tmp_path, name):
    message = refusal(tmp_path, b"anything at all", name=name)

    assert message == "Old Excel 97-2003 (.xls) files are not supported: save as .xlsx."


def test_old_xls_content_is_refused_whatever_its_name(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

    assert "(.xls) files are not supported" in refusal(tmp_path, data, name="learners.csv")


def test_text_renamed_xlsx_is_refused_as_unreadable_excel(tmp_path):
    data = csv_text([HEADER, NHUNG]).encode("utf-8")

    assert "not a readable Excel (.xlsx) file" in refusal(tmp_path, data, name="learners.xlsx")


def test_zip_that_is_not_a_workbook_is_refused_as_unreadable_excel(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert "not a readable Excel" in refusal(tmp_path, buffer.getvalue(), name="list.xlsx")


def test_workbook_with_a_damaged_sheet_is_refused_as_unreadable_excel(tmp_path):
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER] + [NHUNG] * 200)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            damaged.writestr(item, content)

    assert "not a readable Excel" in refusal(tmp_path, buffer.getvalue(), name="list.xlsx")


def test_file_above_the_size_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    data = csv_text([HEADER]).encode("utf-8") + b"x" * (3 * 1024 * 1024)

    message = refusal(tmp_path, data)

    assert message == "The file is too large (3 MB); the limit is 2 MB. Split it."


def test_more_rows_than_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_ROWS", 2)

    message = refusal(tmp_path, csv_text([HEADER, NHUNG, DUC, NHUNG]).encode("utf-8"))

    assert message == "Too many rows: at most 2 per file. Split the file."


def test_csv_with_a_runaway_quoted_cell_is_refused_with_a_message(tmp_path):
    import csv

    previous = csv.field_size_limit(1000)
    try:
        data = csv_text([HEADER]).encode() + b'"A' + b"x" * 2000 + b"\r\n"
        message = refusal(tmp_path, data)
    finally:
        csv.field_size_limit(previous)

    assert "cannot be read as CSV near row" in message
