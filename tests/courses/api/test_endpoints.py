"""The statistics endpoints: each token sees its owner's scope and nothing else (a matrix of
owners x endpoints x areas asked), bad input is a 4xx with a JSON body, and the figures are
the dashboard's for the same filters."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.api.endpoints import _figures

AREAS, COURSES, STATISTICS = "/api/v1/areas/", "/api/v1/courses/", "/api/v1/statistics/"
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404

# Who asks, which area, and what the area-taking endpoints answer.
SCOPE_MATRIX = [
    ("national", {}, OK),
    ("national", {"province": "14"}, OK),
    ("national", {"commune": "04045"}, OK),
    ("national", {"province": "99"}, NOT_FOUND),
    ("national", {"commune": "99999"}, NOT_FOUND),
    ("province_manager", {}, OK),
    ("province_manager", {"province": "04"}, OK),
    ("province_manager", {"commune": "01273"}, OK),
    ("province_manager", {"province": "14"}, FORBIDDEN),
    ("province_manager", {"commune": "04045"}, FORBIDDEN),
    ("province_manager", {"province": "99"}, FORBIDDEN),
    ("province_manager", {"commune": "99999"}, FORBIDDEN),
    ("commune_manager", {}, OK),
    ("commune_manager", {"commune": "01273"}, OK),
    ("commune_manager", {"commune": "01279"}, FORBIDDEN),
    ("commune_manager", {"commune": "04045"}, FORBIDDEN),
    ("commune_manager", {"province": "04"}, FORBIDDEN),
    ("commune_manager", {"province": "14", "commune": "01273"}, FORBIDDEN),
    ("son_la_manager", {"commune": "01273"}, FORBIDDEN),
    ("son_la_manager", {"province": "04"}, FORBIDDEN),
    ("learner_only", {}, FORBIDDEN),
]

# What each owner's answers must never mention: places outside the scope and other people.
FOREIGN = {
    "national": [],
    "province_manager": ["Sơn La", "04045", "Lóng Sập"],
    "commune_manager": ["Sơn La", "04045", "Lóng Sập", "01279", "Nùng Trí Cao"],
    "son_la_manager": ["Cao Bằng", "01273", "01279", "Thục Phán", "Nùng Trí Cao"],
    "learner_only": ["Cao Bằng", "Sơn La"],
}
PEOPLE = ["nhung@example.vn", "Nhung", "Trần Văn Đức", "Lò Thị Bích", "Cường"]


# /areas/ narrows by province only; /statistics/ takes a province or a commune.
ENDPOINT_MATRIX = [
    (endpoint, *row)
    for endpoint in (AREAS, STATISTICS)
    for row in SCOPE_MATRIX
    if endpoint == STATISTICS or "commune" not in row[1]
]


@pytest.mark.parametrize(("endpoint", "who", "params", "status"), ENDPOINT_MATRIX)
def test_every_area_endpoint_answers_only_within_the_scope(
    client, world, bearer, endpoint, who, params, status
):
    response = client.get(endpoint, params, **bearer(getattr(world, who)))

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.content.decode()
    for word in FOREIGN[who] + PEOPLE:
        assert word not in body, word
    if status != OK:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("who", ["national", "province_manager", "commune_manager"])
def test_courses_are_listed_with_module_counts_and_no_personal_data(client, world, bearer, who):
    response = client.get(COURSES, **bearer(getattr(world, who)))

    assert response.status_code == 200
    assert [(c["slug"], c["module_count"]) for c in response.json()] == [
        ("an-toan-thong-tin", 2),
        ("dich-vu-cong", 1),
    ]
    for word in PEOPLE:
        assert word not in response.content.decode()


def test_courses_refuse_a_token_whose_owner_has_no_scope(client, world, bearer):
    assert client.get(COURSES, **bearer(world.learner_only)).status_code == 403


def test_areas_list_the_provinces_and_communes_of_the_scope(client, world, bearer):
    national = client.get(AREAS, **bearer(world.national)).json()
    province = client.get(AREAS, **bearer(world.province_manager)).json()
    commune = client.get(AREAS, **bearer(world.commune_manager)).json()

    assert [p["code"] for p in national["provinces"]] == ["04", "14"]
    assert [c["code"] for c in national["communes"]] == ["01273", "01279", "04045"]
    assert province["scope"]["level"] == "province"
    assert [c["code"] for c in province["communes"]] == ["01273", "01279"]
    assert commune["communes"] == [{"code": "01273", "name": "Phường Thục Phán", "province": "04"}]
    narrowed = client.get(AREAS, {"province": "14"}, **bearer(world.national)).json()
    assert [c["code"] for c in narrowed["communes"]] == ["04045"]
    assert narrowed["scope"]["level"] == "national"


def _days_ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


BAD_INPUT = [
    ({"province": "abc"}, 404),
    ({"commune": "12"}, 404),
    ({"province": "\x00"}, 404),
    ({"commune": "0127\x00"}, 404),
    ({"date_from": "2025-13-01"}, 422),
    ({"date_from": "yesterday"}, 422),
    ({"date_to": "0"}, 422),  # schemathesis: pydantic read it as a Unix time, 1970-01-01
    ({"date_from": "1767225600"}, 422),
    ({"date_from": "2026-1-5"}, 422),
    ({"date_to": "\x00"}, 422),
    ({"date_from": "2025-06-01", "date_to": "2025-05-01"}, 422),
    ({"date_from": "2000-01-01", "date_to": "2025-01-01"}, 422),
    ({"course": "no-such-course"}, 422),
    ({"course": "an-toan\x00"}, 422),
    ({"group": "everyone"}, 422),
    ({"period": "year"}, 422),
    ({"province": "0" * 10_000}, 404),
]


@pytest.mark.parametrize(("params", "status"), BAD_INPUT)
def test_bad_input_gets_a_4xx_with_a_json_body(client, world, bearer, params, status):
    response = client.get(STATISTICS, params, **bearer(world.national))

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


FILTERS = [
    {},
    {"course": "an-toan-thong-tin"},
    {"group": "citizen"},
    {"course": "an-toan-thong-tin", "group": "official"},
    {"date_from": _days_ago(32), "date_to": _days_ago(0)},
    {"date_from": _days_ago(60), "date_to": _days_ago(25), "period": "week"},
]
AREAS_ASKED = [{}, {"province": "04"}, {"province": "14"}, {"commune": "01273"}]


@pytest.mark.parametrize("area", AREAS_ASKED)
@pytest.mark.parametrize("filters", FILTERS)
def test_figures_equal_the_dashboard_s_for_the_same_filters(
    client, world, bearer, settings, area, filters
):
    settings.STATISTICS_CACHE_SECONDS = 0  # both count live: nothing shared through the cache
    params = {**area, **filters}
    api = client.get(STATISTICS, params, **bearer(world.national)).json()
    client.force_login(world.national)
    dashboard = client.get(reverse("statistics_dashboard"), params).context

    assert api["totals"] == _figures(dashboard["totals"])
    assert api["breakdown_level"] == dashboard["breakdown_level"]
    assert [(r["label"], r["figures"]) for r in api["breakdown"]] == [
        (row.label, _figures(row.figures)) for row in dashboard["breakdown"]
    ]
    assert [(r["code"], r["figures"]) for r in api["groups"]] == [
        (row.key, _figures(row.figures)) for row in dashboard["groups"]
    ]
    assert [(p["enrolments"], p["completions"]) for p in api["trend"]] == [
        (p.enrolments, p.completions) for p in dashboard["trend"]
    ]
    assert api["communes_without_completion"] == dashboard["gaps"]["count"]


def test_statistics_name_the_area_filters_and_rows_by_code(client, world, bearer):
    api = client.get(
        STATISTICS,
        {"province": "04", "course": "an-toan-thong-tin"},
        **bearer(world.province_manager),
    ).json()

    assert api["area"]["province"]["code"] == "04"
    assert api["filters"]["course"] == "an-toan-thong-tin"
    assert api["breakdown_level"] == "commune"
    assert [(r["code"], r["figures"]["enrolments"]) for r in api["breakdown"]] == [
        ("01279", 0),
        ("01273", 2),
    ]
    assert api["totals"]["completions"] == 1
