"""Each class of problem of issue #15, with the exact Vietnamese the administrator reads.

Rows are checked by `matching` against the official place list (conftest's `places`); files
are read by `parsing` through the one spreadsheet reader. Needs the compiled catalogue (`make
messages`).
"""

import csv
import io

import pytest
from django.utils import translation

from courses.enrolment_import import parsing
from courses.enrolment_import.matching import Scope, row_check
from courses.enrolment_import.parsing import ImportFileError, table_open
from tests.home.spreadsheets.builders import windows_1258, xlsx_workbook

THANH_HOA = Scope(province_id=38)
LUONG_SON_THANH_HOA = "15628"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def check(places, scope=None, **values):
    cells = dict.fromkeys(parsing.COLUMNS, "")
    cells.update(full_name="Lò Thị Bích", email="bich@example.vn")
    cells.update(values)
    return row_check(raw=parsing.RawRow(7, cells), places=places, scope=scope or Scope())


def opened(tmp_path, rows, name="ds.csv", *, encode=None):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / name
    path.write_bytes(encode(buffer.getvalue()) if encode else buffer.getvalue().encode())
    return table_open(path=path, filename=name)


# Province missing: the province manager's own province is the default.


@pytest.mark.parametrize("province", ["", "Thanh Hóa"])
def test_a_row_without_province_takes_the_province_of_the_managers_scope(places, province):
    result = check(places, THANH_HOA, commune="Xã Lương Sơn", province=province)

    assert result.row.commune.code == LUONG_SON_THANH_HOA


def test_without_province_or_scope_a_name_of_several_communes_lists_them_with_codes(places):
    assert check(places, commune="Xã Lương Sơn").reasons == (
        "“Xã Lương Sơn” trùng với nhiều xã, phường (Xã Lương Sơn (Tỉnh Phú Thọ, 04924), "
        "Xã Lương Sơn (Tỉnh Thanh Hóa, 15628), Xã Lương Sơn (Tỉnh Nghệ An, 17641), "
        "Xã Lương Sơn (Tỉnh Lâm Đồng, 23032)): hãy ghi tỉnh hoặc mã xã.",
    )


# Abbreviations and "did you mean".


@pytest.mark.parametrize(
    ("commune", "province", "code"),
    [
        ("X. Lương Sơn", "", LUONG_SON_THANH_HOA),
        ("X.Lương Sơn", "T. Thanh Hóa", LUONG_SON_THANH_HOA),
        ("xa luong son", "tinh thanh hoa", LUONG_SON_THANH_HOA),
        ("P. Bỉm Sơn", "", "14812"),
        ("X. Yên Ninh", "Tỉnh Thanh Hóa", "15442"),
    ],
)
def test_abbreviated_units_are_understood(places, commune, province, code):
    assert check(places, THANH_HOA, commune=commune, province=province).row.commune.code == code


def test_tp_before_a_province_is_thanh_pho(places):
    assert check(places, commune="P. Sài Gòn", province="TP. Hồ Chí Minh").row.commune.code == (
        "26740"
    )


def test_an_unknown_commune_suggests_the_closest_names_of_the_province(places):
    assert check(places, THANH_HOA, commune="Xã Lương Sâm").reasons == (
        "Không có “Xã Lương Sâm” ở Tỉnh Thanh Hóa. Có phải là: Xã Lương Sơn (15628)?",
    )


# Units from before 1 July 2025: mapped through home/data/former_units.csv (the cases are in
# test_former_units.py); a unit that existed neither before nor after is refused with today's
# communes of a close name.


@pytest.mark.parametrize("commune", ["Thị trấn Lương Sơn", "TT. Lương Sơn", "Huyện Lương Sơn"])
def test_a_unit_unknown_before_and_after_2025_is_refused_with_communes_of_a_close_name(
    places, commune
):
    assert check(places, THANH_HOA, commune=commune).reasons == (
        f"“{commune}” không phải xã, phường hiện nay của Tỉnh Thanh Hóa, cũng không phải đơn vị "
        "hành chính ở đó trước ngày 1/7/2025. Có phải là: Xã Lương Sơn (15628), "
        "Xã Tống Sơn (15316), Phường Đông Sơn (16378)?",
    )


# Optional phone: a warning, never a reason.


def test_an_invalid_phone_next_to_a_valid_email_is_dropped_with_a_warning(places):
    result = check(places, THANH_HOA, commune="Xã Lương Sơn", phone="12345")

    assert (result.row.phone, result.reasons) == ("", ())
    assert result.warnings == (
        "“12345” không phải số điện thoại Việt Nam hợp lệ: dòng đã được nhập nhưng không có "
        "số điện thoại này.",
    )


def test_a_phone_pasted_back_from_the_report_with_its_apostrophe_is_read(tmp_path):
    table = opened(
        tmp_path,
        [["Họ và tên", "Xã/Phường", "Số điện thoại"], ["Lò Thị Bích", "01273", "'+84 912 345 678"]],
    )

    assert next(table.rows()).cells[parsing.PHONE] == "+84 912 345 678"


# Formulas.


def test_a_formula_with_a_saved_value_is_used_and_flagged(places):
    raw = parsing.RawRow(
        7,
        {**dict.fromkeys(parsing.COLUMNS, ""), "full_name": "Lò Thị Bích", "commune": "01273"}
        | {"email": "bich@example.vn"},
        formulas=frozenset({"full_name"}),
    )

    result = row_check(raw=raw, places=places, scope=Scope())

    assert result.row.full_name == "Lò Thị Bích"
    assert result.warnings == (
        "Cột “Họ và tên” chứa công thức: đã dùng giá trị đã lưu “Lò Thị Bích”.",
    )


def test_a_formula_without_a_saved_value_is_refused(tmp_path, places):
    data = xlsx_workbook(
        {"DS": [["Họ và tên", "Email", "Xã/Phường"], ["", "bich@example.vn", "01273"]]},
        formulas=[("DS", 1, 0, "=B9", None)],
    )
    path = tmp_path / "ds.xlsx"
    path.write_bytes(data)
    raw = next(table_open(path=path, filename="ds.xlsx").rows())

    assert row_check(raw=raw, places=places, scope=Scope()).reasons == (
        "Cột “Họ và tên” chứa công thức; không chấp nhận công thức.",
    )


# Names: "Họ" + "Tên" joined; "Tên" alone never a full name.


def test_surname_and_given_name_columns_make_the_full_name(tmp_path):
    table = opened(
        tmp_path, [["Họ và tên đệm", "Tên", "Email", "Xã"], ["Nguyễn Văn", "An", "a@x.vn", "01273"]]
    )

    assert next(table.rows()).cells[parsing.FULL_NAME] == "Nguyễn Văn An"


def test_a_given_name_sorting_column_next_to_the_full_name_is_left_aside(tmp_path):
    table = opened(
        tmp_path, [["Họ và tên", "Tên", "Email", "Xã"], ["Nguyễn Văn An", "An", "a@x.vn", "01273"]]
    )

    assert next(table.rows()).cells[parsing.FULL_NAME] == "Nguyễn Văn An"


def test_a_lone_given_name_column_is_refused_naming_it(tmp_path):
    with pytest.raises(ImportFileError) as error:
        opened(tmp_path, [["Tên", "Email", "Xã"], ["An", "a@x.vn", "01273"]])

    assert str(error.value) == (
        "Cột “Tên” chỉ có một phần của họ tên: hãy thêm cột “Họ” bên cạnh, hoặc dùng một cột "
        "“Họ và tên” ghi đầy đủ họ tên."
    )


# Encodings.


def test_a_windows_1258_file_is_read_and_the_administrator_told(tmp_path):
    table = opened(
        tmp_path,
        [["Họ và tên", "Email", "Xã/Phường"], ["Lò Thị Bích", "bich@example.vn", "01273"]],
        encode=windows_1258,
    )

    assert next(table.rows()).cells[parsing.FULL_NAME] == "Lò Thị Bích"
    assert table.notices == ["Tệp đã được đọc theo bảng mã Windows-1258."]
