"""home/data/former_units.csv and its loader (decision 022): the file has its columns, every
former unit, only codes of our places, and is what `build_former_units` makes from the package."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from home.former_units import COLUMNS, DATA_FILE, former_units, former_units_read, spelling_key
from home.models import Commune
from home.places import places_load


def data_rows() -> list[dict[str, str]]:
    with open(DATA_FILE, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_data_file_has_the_expected_columns_and_every_former_unit():
    with open(DATA_FILE, encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    rows = data_rows()

    assert tuple(header) == COLUMNS
    assert len(rows) == 10_040
    assert len({row["old_province_code"] for row in rows}) == 63
    assert len({row["province_code"] for row in rows}) == 34
    assert all(row["commune_codes"] for row in rows)
    # Five island districts had no communes: they stand for themselves.
    assert sorted(row["old_district_name"] for row in rows if not row["old_commune_name"]) == [
        "Huyện Bạch Long Vĩ",
        "Huyện Côn Đảo",
        "Huyện Cồn Cỏ",
        "Huyện Hoàng Sa",
        "Huyện Lý Sơn",
    ]


def test_the_data_file_says_its_source_and_licence():
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")

    assert "vietnamadminunits" in readme
    assert "1.0.4" in readme
    assert "MIT" in readme


@pytest.mark.django_db
def test_every_code_of_today_in_the_data_file_is_a_commune_of_its_province_in_our_places():
    places_load()
    province_of = dict(Commune.objects.values_list("code", "province__code"))

    wrong = [
        (row["old_commune_name"], code)
        for row in data_rows()
        for code in row["commune_codes"].split()
        if province_of.get(code) != row["province_code"]
    ]

    assert wrong == []
    # Every commune of today took in at least one former unit.
    targets = {code for row in data_rows() for code in row["commune_codes"].split()}
    assert targets == set(province_of)


@pytest.mark.django_db
def test_the_data_file_is_what_build_former_units_makes_from_the_package(tmp_path):
    pytest.importorskip("vietnamadminunits")
    places_load()
    out = StringIO()

    call_command("build_former_units", output=str(tmp_path / "built.csv"), stdout=out)

    assert (tmp_path / "built.csv").read_bytes() == DATA_FILE.read_bytes()
    assert "Today's communes: 3321 of 3321 matched to our places by name" in out.getvalue()
    assert "10040 of 10040 former units written" in out.getvalue()


def test_the_loader_reads_the_file_once_per_process():
    assert former_units() is former_units()


def test_a_former_town_is_found_by_its_name_with_or_without_its_kind_in_todays_province():
    units = former_units_read()

    by_kind = units.communes_named(province_code="08", name="thi tran yen minh")
    bare = units.communes_named(province_code="08", name="yen minh")

    assert [(u.old_commune_name, u.old_district_name, u.commune_codes) for u in by_kind] == [
        ("Thị trấn Yên Minh", "Huyện Yên Minh", ("00820",))
    ]
    assert by_kind == bare
    assert units.communes_named(province_code="08", name="xa yen minh") == []


def test_a_former_province_gives_its_old_code_and_todays():
    units = former_units_read()

    assert units.province("tinh ha giang") == ("02", "08")
    assert units.province("ha giang") == ("02", "08")
    assert units.province("hoa binh") == ("17", "25")
    assert units.province("tay nguyen") is None


def test_a_former_district_gives_its_units():
    units = former_units_read()

    names = {
        u.old_commune_name for u in units.district_units(province_code="08", name="huyen yen minh")
    }

    assert len(names) == 18
    assert "Xã Na Khê" in names


def test_spelling_ignores_the_place_of_the_tone_mark_and_the_kind_of_apostrophe_only():
    assert spelling_key("Xã Thuận Hoà") == spelling_key("Xã Thuận Hòa")
    assert spelling_key("Xã Ea H\u2019leo") == spelling_key("Xã Ea H'Leo")
    assert spelling_key("Xã Văn Lang") != spelling_key("Xã Văn Lăng")
    assert spelling_key("Xã Hà Trung") != spelling_key("Xã Hạ Trung")
