"""The roster endpoint: the dashboard's roster rows for the scope only, a page at a time with
cursors that cannot be forged, and page sizes capped."""

import pytest
from django.core import signing

from courses.reports.exports import roster_rows
from courses.reports.forms import ReportFilters
from courses.reports.scopes import scope_resolve

ROSTER = "/api/v1/roster/"

EMAILS = {
    "national": {"nhung@example.vn", "duc@example.vn", "bich@example.vn", "cuong@example.vn"},
    "province_manager": {"nhung@example.vn", "duc@example.vn", "bich@example.vn"},
    "commune_manager": {"nhung@example.vn", "duc@example.vn"},
    "son_la_manager": {"cuong@example.vn"},
}


@pytest.mark.parametrize("who", list(EMAILS))
def test_the_roster_lists_exactly_the_enrolments_of_the_scope(client, world, bearer, who):
    response = client.get(ROSTER, **bearer(getattr(world, who)))

    assert response.status_code == 200
    assert {row["email"] for row in response.json()["rows"]} == EMAILS[who]
    assert response.json()["next_cursor"] is None


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("province_manager", {"province": "14"}),
        ("commune_manager", {"commune": "01279"}),
        ("son_la_manager", {"commune": "01273"}),
        ("learner_only", {}),
    ],
)
def test_the_roster_of_another_area_is_refused(client, world, bearer, who, params):
    response = client.get(ROSTER, params, **bearer(getattr(world, who)))

    assert response.status_code == 403
    assert "@" not in response.content.decode()


def test_pages_follow_the_cursor_through_every_row_once(client, world, bearer):
    headers = bearer(world.national)
    emails, cursor, pages = [], None, 0
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get(ROSTER, params, **headers).json()
        emails += [row["email"] for row in page["rows"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert pages == 4
    assert sorted(emails) == sorted(EMAILS["national"])
    assert len(emails) == len(set(emails))


def test_rows_are_the_dashboard_roster_s(client, world, bearer):
    api = client.get(ROSTER, {"province": "04"}, **bearer(world.national)).json()["rows"]
    area = scope_resolve(user=world.national, province_code="04")
    export = list(roster_rows(area=area, filters=ReportFilters()))

    assert [(r["learner"], r["course"], r["progress"]) for r in api] == [
        (row[0], row[7], row[9]) for row in export
    ]
    nhung = next(r for r in api if r["email"] == "nhung@example.vn")
    assert nhung["best_score"] == 90.0
    assert nhung["completed_at"] is not None


def test_a_cursor_cannot_open_rows_outside_the_scope(client, world, bearer):
    forged = signing.dumps(0, salt="elearn.api.roster")
    response = client.get(ROSTER, {"cursor": forged}, **bearer(world.commune_manager))
    assert {row["email"] for row in response.json()["rows"]} == EMAILS["commune_manager"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 1001},
        {"limit": 10**12},
        {"limit": 0},
        {"limit": -5},
        {"limit": "many"},
        {"cursor": "42"},
        {"cursor": "\x00"},
        {"cursor": signing.dumps(3, salt="another.salt")},
        {"date_from": "2025-02-30"},
    ],
)
def test_bad_roster_input_gets_a_422_json(client, world, bearer, params):
    response = client.get(ROSTER, params, **bearer(world.national))

    assert response.status_code == 422
    assert response.json()["detail"]
