import pytest

COMMUNES_URL = "/places/communes/"


@pytest.mark.django_db
def test_commune_options_lists_the_communes_of_a_province_by_their_proper_name(
    client, cao_bang, son_la
):
    response = client.get(COMMUNES_URL, {"province": cao_bang.code})

    assert response.status_code == 200
    assert response.json() == {
        "communes": [
            {"code": "01279", "name": "Phường Nùng Trí Cao"},
            {"code": "01288", "name": "Xã Quảng Uyên"},
            {"code": "01273", "name": "Phường Thục Phán"},
        ]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("province", ["", "99", "abc", "04' OR 1=1"])
def test_commune_options_gives_an_empty_list_for_an_unknown_province(client, cao_bang, province):
    response = client.get(COMMUNES_URL, {"province": province})

    assert response.status_code == 200
    assert response.json() == {"communes": []}


@pytest.mark.django_db
def test_commune_options_may_be_cached_by_browsers_and_proxies(client, cao_bang):
    response = client.get(COMMUNES_URL, {"province": cao_bang.code})

    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.django_db
def test_commune_options_only_answers_get(client, cao_bang):
    response = client.post(COMMUNES_URL, {"province": cao_bang.code})

    assert response.status_code == 405
