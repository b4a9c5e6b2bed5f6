"""Units of before 1 July 2025 in a learner list (issue #15 item 2, decision 022), with the exact
Vietnamese the administrator reads.

Rows are checked by `matching` against the official place list (conftest's `places`) and the
data file `home/data/former_units.csv`; a generated list is imported through the services, dry
run then real run. Needs the compiled catalogue (`make messages`).
"""

import csv
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from courses.enrolment_import import parsing
from courses.enrolment_import.matching import Scope, row_check
from courses.enrolment_import.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from courses.models import ImportJob, ManagerScope
from home.factories import UserFactory
from home.former_units import former_units
from home.models import Province, User
from home.places import places_load

TUYEN_QUANG = Scope(province_id=8)
YEN_MINH = "00820"  # Xã Yên Minh, Tỉnh Tuyên Quang (before: Thị trấn Yên Minh, Tỉnh Hà Giang)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def check(places, scope=None, **values):
    cells = dict.fromkeys(parsing.COLUMNS, "")
    cells.update(full_name="Sùng Mí Chứ", email="chu@example.vn")
    cells.update(values)
    return row_check(raw=parsing.RawRow(7, cells), places=places, scope=scope or Scope())


# One commune of today: imported, with a warning that does not block.


@pytest.mark.parametrize(
    "commune",
    [
        "Thị trấn Yên Minh",
        "TT. Yên Minh",
        "thi tran yen minh",
        "Thị trấn Yên Minh, Huyện Yên Minh",
        "TT. Yên Minh - H. Yên Minh",
    ],
)
def test_a_former_town_is_imported_as_todays_commune_with_a_warning(places, commune):
    result = check(places, commune=commune, province="Tuyên Quang")

    assert (result.row.commune.code, result.reasons) == (YEN_MINH, ())
    assert result.warnings == (
        f"“{commune}” (trước ngày 1/7/2025) được nhập là Xã Yên Minh (mã {YEN_MINH}).",
    )


def test_a_former_town_in_its_former_province_warns_about_both(places):
    result = check(places, commune="Thị trấn Yên Minh", province="Tỉnh Hà Giang")

    assert result.row.commune.code == YEN_MINH
    assert result.warnings == (
        "“Tỉnh Hà Giang” (trước ngày 1/7/2025) được hiểu là Tỉnh Tuyên Quang.",
        "“Thị trấn Yên Minh” (trước ngày 1/7/2025) được nhập là Xã Yên Minh (mã 00820).",
    )


def test_a_former_town_takes_the_province_of_the_managers_scope(places):
    result = check(places, TUYEN_QUANG, commune="Thị trấn Yên Minh")

    assert result.row.commune.code == YEN_MINH


def test_a_former_commune_merged_into_another_is_imported_as_the_one_it_joined(places):
    result = check(places, commune="Xã Na Khê", province="Hà Giang")

    assert result.row.commune.code == "00832"
    assert result.warnings[-1] == (
        "“Xã Na Khê” (trước ngày 1/7/2025) được nhập là Xã Bạch Đích (mã 00832)."
    )


def test_an_island_district_without_communes_is_its_special_zone(places):
    result = check(places, commune="Huyện Côn Đảo", province="Bà Rịa - Vũng Tàu")

    assert result.row.commune.code == "26732"
    assert result.warnings == (
        "“Bà Rịa - Vũng Tàu” (trước ngày 1/7/2025) được hiểu là Thành phố Hồ Chí Minh.",
        "“Huyện Côn Đảo” (trước ngày 1/7/2025) được nhập là Đặc khu Côn Đảo (mã 26732).",
    )


# Several communes of today: refused with the candidates and their codes.


def test_a_former_ward_split_between_communes_is_refused_with_the_candidates(places):
    assert check(places, commune="Phường Cống Vị", province="Hà Nội").reasons == (
        "“Phường Cống Vị” (trước ngày 1/7/2025) đã được chia cho nhiều xã, phường: "
        "Phường Ngọc Hà (00008), Phường Giảng Võ (00025). Hãy ghi xã, phường hiện nay hoặc "
        "mã xã.",
    )


def test_a_name_of_two_former_communes_of_the_province_is_refused_with_both(places):
    assert check(places, commune="Xã Tả Lủng", province="Tỉnh Hà Giang").reasons == (
        "“Xã Tả Lủng” (trước ngày 1/7/2025) trùng tên nhiều đơn vị cũ của Tỉnh Tuyên Quang: "
        "Xã Tả Lủng, Huyện Đồng Văn → Xã Đồng Văn (00721); Xã Tả Lủng, Huyện Mèo Vạc → "
        "Xã Mèo Vạc (00769). Hãy ghi thêm huyện cũ (“Xã Tả Lủng, Huyện Đồng Văn”), hoặc ghi "
        "xã, phường hiện nay hay mã xã.",
    )


@pytest.mark.parametrize(
    "commune", ["Xã Tả Lủng, Huyện Mèo Vạc", "Xã Tả Lủng (Mèo Vạc)", "X. Tả Lủng - H. Mèo Vạc"]
)
def test_the_former_district_tells_two_former_communes_apart(places, commune):
    assert check(places, commune=commune, province="Hà Giang").row.commune.code == "00769"


def test_a_former_district_alone_is_refused_with_the_communes_it_became(places):
    assert check(places, commune="Huyện Yên Minh", province="Tỉnh Hà Giang").reasons == (
        "“Huyện Yên Minh” là đơn vị cấp huyện, đã bỏ từ ngày 1/7/2025: hãy ghi xã, phường "
        "hiện nay của người này (các xã của huyện cũ nay thuộc Xã Bạch Đích (00832), "
        "Xã Du Già (00871), Xã Mậu Duệ (00847), Xã Ngọc Long (00859), Xã Thắng Mố (00829), "
        "Xã Yên Minh (00820), Xã Đường Thượng (00865)).",
    )


def test_a_former_kind_that_never_existed_is_not_guessed(places):
    assert check(places, commune="Thị trấn Lương Sơn", province="Thanh Hóa").reasons == (
        "“Thị trấn Lương Sơn” không phải xã, phường hiện nay của Tỉnh Thanh Hóa, cũng không "
        "phải đơn vị hành chính ở đó trước ngày 1/7/2025. Có phải là: Xã Lương Sơn (15628), "
        "Xã Tống Sơn (15316), Phường Đông Sơn (16378)?",
    )


# Former provinces; today's names first.


def test_a_former_province_is_read_as_todays_with_a_warning(places):
    result = check(places, commune="Xã Yên Minh", province="Tỉnh Hà Giang")

    assert result.row.commune.code == YEN_MINH
    assert result.warnings == (
        "“Tỉnh Hà Giang” (trước ngày 1/7/2025) được hiểu là Tỉnh Tuyên Quang.",
    )


def test_a_province_unknown_before_and_after_2025_is_refused(places):
    assert check(places, commune="Xã Yên Minh", province="Tỉnh Hà Tây Nguyên").reasons == (
        "Không có tỉnh, thành phố “Tỉnh Hà Tây Nguyên”: hãy ghi một trong 34 tỉnh, thành phố "
        "theo địa giới từ ngày 1/7/2025, hoặc mã của tỉnh, thành phố đó.",
    )


def test_todays_commune_wins_over_a_former_commune_of_the_same_name(places):
    # Before 2025 Huyện Yên Định had a Xã Yên Thọ, now part of 15412; today's Xã Yên Thọ is 16264.
    result = check(places, commune="Xã Yên Thọ", province="Thanh Hóa")

    assert (result.row.commune.code, result.warnings) == ("16264", ())


def test_a_former_commune_with_its_district_still_loses_to_todays_name(places):
    result = check(places, commune="Xã Yên Thọ, Huyện Yên Định", province="Thanh Hóa")

    assert result.row.commune.code == "16264"


def test_a_former_name_spelled_exactly_is_not_taken_for_todays_name_folded_alike(places):
    # "Hạ Trung" (Bá Thước, before 2025) and today's "Hà Trung" fold alike; no diacritics: today's.
    exact = check(places, commune="Xã Hạ Trung", province="Thanh Hóa")
    folded = check(places, commune="xa ha trung", province="Thanh Hóa")

    assert (exact.row.commune.code, folded.row.commune.code) == ("14923", "15271")


def test_a_former_unit_outside_the_managers_province_is_refused(places):
    result = check(places, Scope(province_id=38), commune="Thị trấn Yên Minh", province="Hà Giang")

    assert result.reasons == ("Xã Yên Minh nằm ngoài địa bàn bạn quản lý.",)


# A generated list with former units: what the data file says, dry run = real run.


@pytest.fixture
def manager(db):
    places_load()
    user = UserFactory(email="sonoivu@tuyenquang.gov.vn", is_staff=True, commune=None)
    ManagerScope.objects.create(
        user=user, level="province", province=Province.objects.get(code="08")
    )
    return user


def generated_list(places, count: int, seed: int = 22) -> tuple[bytes, dict[str, str | None]]:
    """A CSV of `count` people of Tuyên Quang written with former units of Hà Giang (both
    provinces are today's Tuyên Quang) and the commune code each e-mail should get (None:
    refused)."""
    todays = {bare for (province, bare), refs in places.communes_by_name.items() if province == 8}
    hagiang = [
        unit
        for (province, bare), units in former_units().communes.items()
        if province == "08" and bare not in todays  # today's names win: left out here
        for unit in units
        if unit.old_province_code == "02"
    ]
    rng = random.Random(seed)
    rows, expected = [["Họ và tên", "Email", "Tỉnh", "Xã/Phường/Thị trấn"]], {}
    for n in range(count):
        unit = rng.choice(hagiang)
        email = f"cb{n}@hagiang.gov.vn"
        commune = f"{unit.old_commune_name}, {unit.old_district_name}"
        rows.append([f"Người {n}", email, rng.choice(("Hà Giang", "Tỉnh Hà Giang", "")), commune])
        expected[email] = unit.commune_codes[0] if len(unit.commune_codes) == 1 else None
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig"), expected


def test_a_generated_list_of_former_units_imports_as_the_data_file_says(
    manager, course, places, settings, tmp_path
):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"
    data, expected = generated_list(places, 150)
    job = import_job_create(
        owner=manager, upload=SimpleUploadedFile("ds.csv", data), courses=[course]
    )
    checked = import_job_run(job=job, dry_run=True)
    assert checked.status == ImportJob.Status.CHECKED
    done = import_job_run(job=import_job_confirm(job=checked), dry_run=False)

    fields = ("created", "updated", "unchanged", "enrolled", "rejected", "warned")
    assert [getattr(done, f) for f in fields] == [getattr(checked, f) for f in fields]
    accounts = dict(User.objects.exclude(pk=manager.pk).values_list("email", "commune__code"))
    assert accounts == {email: code for email, code in expected.items() if code}
    refused = sum(code is None for code in expected.values())
    assert (done.created, done.rejected, done.warned) == (len(accounts), refused, len(accounts))
    assert 0 < refused < len(accounts)
