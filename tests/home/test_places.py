from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from home import places
from home.models import Commune, Province
from home.places import LoadResult, places_load


def load_places_output() -> str:
    out = StringIO()
    call_command("load_places", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_places_creates_34_provinces_and_3321_communes():
    province_result, commune_result = places_load()

    assert (Province.objects.count(), Commune.objects.count()) == (34, 3321)
    assert province_result == LoadResult(created=34, updated=0, unchanged=0)
    assert commune_result == LoadResult(created=3321, updated=0, unchanged=0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("province", "communes"), [("Cao Bằng", 56), ("Thanh Hóa", 166), ("Cà Mau", 64)]
)
def test_load_places_gives_each_province_its_communes(province, communes):
    places_load()

    assert Commune.objects.filter(province__name=province).count() == communes


@pytest.mark.django_db
def test_load_places_names_cities_in_full_and_provinces_with_tinh():
    places_load()

    assert Province.objects.get(code="01").full_name == "Thành phố Hà Nội"
    assert Province.objects.get(code="04").full_name == "Tỉnh Cao Bằng"
    assert Province.objects.filter(kind=Province.Kind.CITY).count() == 6


@pytest.mark.django_db
def test_xa_luong_son_exists_in_four_provinces_and_is_always_shown_with_its_province():
    places_load()

    luong_son = Commune.objects.filter(name="Xã Lương Sơn").select_related("province")

    assert sorted(str(commune) for commune in luong_son) == [
        "Xã Lương Sơn, Tỉnh Lâm Đồng",
        "Xã Lương Sơn, Tỉnh Nghệ An",
        "Xã Lương Sơn, Tỉnh Phú Thọ",
        "Xã Lương Sơn, Tỉnh Thanh Hóa",
    ]


@pytest.mark.django_db
def test_second_run_changes_nothing_and_reports_every_row_unchanged():
    places_load()
    before = list(Commune.objects.values_list("pk", "code", "name", "kind", "province_id"))

    province_result, commune_result = places_load()

    assert province_result == LoadResult(created=0, updated=0, unchanged=34)
    assert commune_result == LoadResult(created=0, updated=0, unchanged=3321)
    assert list(Commune.objects.values_list("pk", "code", "name", "kind", "province_id")) == before


@pytest.mark.django_db
def test_load_places_repairs_a_changed_name_and_a_missing_commune():
    places_load()
    Province.objects.filter(code="04").update(name="Cao Bang")
    Commune.objects.filter(code="01273").delete()

    province_result, commune_result = places_load()

    assert province_result == LoadResult(created=0, updated=1, unchanged=33)
    assert commune_result == LoadResult(created=1, updated=0, unchanged=3320)
    assert Province.objects.get(code="04").name == "Cao Bằng"
    assert Commune.objects.get(code="01273").name == "Phường Thục Phán"


def fail_on_communes(real_sync):
    def sync(model, rows, fields):
        if model is Commune:
            raise DatabaseError("connection lost while loading communes")
        return real_sync(model, rows, fields)

    return sync


@pytest.mark.django_db
def test_interrupted_first_run_leaves_nothing_and_a_rerun_completes():
    with (
        mock.patch.object(places, "_sync", fail_on_communes(places._sync)),
        pytest.raises(DatabaseError),
    ):
        places_load()

    assert (Province.objects.count(), Commune.objects.count()) == (0, 0)
    places_load()
    assert (Province.objects.count(), Commune.objects.count()) == (34, 3321)


@pytest.mark.django_db
def test_interrupted_run_keeps_the_previous_state_and_a_rerun_completes():
    places_load()
    Province.objects.filter(code="04").update(name="Cao Bang")
    Commune.objects.filter(code="01273").delete()

    with (
        mock.patch.object(places, "_sync", fail_on_communes(places._sync)),
        pytest.raises(DatabaseError),
    ):
        call_command("load_places", stdout=StringIO())

    # The provinces were written before the failure; they are rolled back with the rest.
    assert Province.objects.get(code="04").name == "Cao Bang"
    assert not Commune.objects.filter(code="01273").exists()
    load_places_output()
    assert Province.objects.get(code="04").name == "Cao Bằng"
    assert Commune.objects.count() == 3321


@pytest.mark.django_db
def test_load_places_command_prints_the_counts():
    first = load_places_output()
    second = load_places_output()

    assert "Provinces: 34 in total (34 created, 0 updated, 0 unchanged)" in first
    assert "Communes: 3321 in total (3321 created, 0 updated, 0 unchanged)" in first
    assert "Provinces: 34 in total (0 created, 0 updated, 34 unchanged)" in second
    assert "Communes: 3321 in total (0 created, 0 updated, 3321 unchanged)" in second
