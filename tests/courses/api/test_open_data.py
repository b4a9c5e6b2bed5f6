"""Open data (/api/v1/open/): anonymous, aggregate figures only, equal to the dashboard's, from
the cache, as JSON and as CSV with the licence, and small commune counts suppressed."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from courses.api.open_data import OPEN_COLUMNS
from courses.reports.forms import ReportFilters
from courses.reports.scopes import NATIONAL_AREA, PROVINCE, Area
from courses.reports.selectors import dashboard_figures
from home.factories import CommuneFactory
from home.models import User

NATIONAL, PROVINCE_URL = "/api/v1/open/provinces/", "/api/v1/open/provinces/04/"
CSV_URLS = [
    "/api/v1/open/provinces.csv",
    "/api/v1/open/provinces/?format=csv",
    "/api/v1/open/provinces/04.csv",
    "/api/v1/open/provinces/04/?format=csv",
]
ALL_URLS = [NATIONAL, PROVINCE_URL, *CSV_URLS]
FIGURES = ["learners", "enrolments", "completions", "certificates", "target"]
RATES = ["completion_rate", "target_rate"]


def _body(response) -> str:
    """The answer as text, JSON decoded (so that escaped diacritics read as written)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode("utf-8-sig")


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _dashboard(area):
    with translation.override("vi"):
        return dashboard_figures(area=area, filters=ReportFilters()).context


def _expected(figures) -> dict:
    return {name: getattr(figures, name) for name in FIGURES + RATES}


def _figures(row: dict) -> dict:
    return {name: row[name] for name in FIGURES + RATES}


@pytest.mark.parametrize("url", ALL_URLS)
def test_open_data_answers_anyone_without_personal_data(client, world, url):
    User.objects.filter(pk=world.learner_only.pk).update(phone="0912345678")

    response = client.get(url)

    assert response.status_code == 200
    body = _body(response)
    for person in User.objects.all():
        for value in (person.full_name, person.email, person.phone, person.work_unit):
            if value:
                assert value not in body, value
    assert "@" not in body
    assert "Nhung" not in body and "Đức" not in body


def test_national_figures_equal_the_national_dashboard(client, world):
    answer = client.get(NATIONAL).json()
    dashboard = _dashboard(NATIONAL_AREA)

    assert _figures(answer["totals"]) == _expected(dashboard["totals"])
    expected = {row.params["province"]: _expected(row.figures) for row in dashboard["breakdown"]}
    assert {row["code"]: _figures(row) for row in answer["rows"]} == expected
    assert [row["code"] for row in answer["rows"]] == ["04", "14"]
    assert answer["totals"]["enrolments"] == 4
    assert answer["row_level"] == "province"
    assert {row["code"]: _figures(row) for row in answer["groups"]} == {
        row.params["group"]: _expected(row.figures) for row in dashboard["groups"]
    }


def test_province_figures_equal_the_provincial_dashboard(client, world, settings):
    settings.OPEN_DATA_MIN_COUNT = 1  # nothing suppressed: compare every row

    answer = client.get(PROVINCE_URL).json()
    dashboard = _dashboard(Area(level=PROVINCE, province=world.cao_bang))

    assert answer["area"]["province"]["code"] == "04"
    assert answer["row_level"] == "commune"
    assert _figures(answer["totals"]) == _expected(dashboard["totals"])
    assert {row["code"]: _figures(row) for row in answer["rows"]} == {
        row.params["commune"]: _expected(row.figures) for row in dashboard["breakdown"]
    }
    assert not any(row["suppressed"] for row in answer["rows"] + answer["groups"])


def test_communes_and_groups_with_few_learners_are_suppressed(client, world):
    # Default threshold 5: Thục Phán has two learners, Nùng Trí Cao one.
    answer = client.get(PROVINCE_URL).json()

    rows = {row["code"]: row for row in answer["rows"]}
    assert rows["01273"]["suppressed"] and rows["01279"]["suppressed"]
    for name in ["learners", "enrolments", "completions", "certificates", *RATES]:
        assert rows["01273"][name] is None, name
    assert rows["01273"]["target"] == 10  # a plan, not a count of people
    assert answer["totals"]["enrolments"] == 3  # the province's total stays
    assert all(row["suppressed"] for row in answer["groups"] if row["code"])
    assert answer["minimum_count"] == 5
    national = client.get(NATIONAL).json()
    assert not any(row["suppressed"] for row in national["rows"])


def test_one_small_commune_is_not_given_back_by_subtraction(client, world, settings):
    settings.OPEN_DATA_MIN_COUNT = 2  # only Nùng Trí Cao (one learner) is below

    rows = {row["code"]: row for row in client.get(PROVINCE_URL).json()["rows"]}

    assert rows["01279"]["suppressed"]
    assert rows["01273"]["suppressed"]  # else 3 - 2 would give Nùng Trí Cao's enrolment


def test_a_cached_answer_counts_nothing(client, world, django_assert_max_num_queries):
    assert client.get(NATIONAL).status_code == 200
    assert client.get(PROVINCE_URL).status_code == 200

    with django_assert_max_num_queries(0):
        assert client.get(NATIONAL).status_code == 200
        assert client.get("/api/v1/open/provinces.csv").status_code == 200
    with django_assert_max_num_queries(1):  # the province, by its code
        assert client.get(PROVINCE_URL).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/open/provinces/04.csv").status_code == 200


def test_refresh_statistics_counts_open_data_ahead(client, world):
    call_command("refresh_statistics", verbosity=0)

    with CaptureQueriesContext(connection) as captured:
        client.get(NATIONAL)
        client.get(PROVINCE_URL)

    assert not [q for q in captured.captured_queries if "courses_enrolment" in q["sql"]]


def test_open_data_is_the_same_whatever_language_the_caller_reads(client, world):
    vietnamese = client.get(NATIONAL).json()
    client.cookies["elearn_language"] = "en"

    english = client.get(NATIONAL).json()

    assert english["groups"] == vietnamese["groups"]
    assert english["totals"]["name"] == vietnamese["totals"]["name"]


def test_csv_is_utf8_with_bom_header_rows_total_and_licence(client, world):
    response = client.get("/api/v1/open/provinces.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert 'filename="open-data-vn-' in response["Content-Disposition"]
    lines = _csv(response)
    assert lines[0] == OPEN_COLUMNS
    assert [line[:2] for line in lines[1:4]] == [
        ["04", "Tỉnh Cao Bằng"],
        ["14", "Tỉnh Sơn La"],
        ["VN", lines[3][1]],
    ]
    assert all(len(line) == len(OPEN_COLUMNS) for line in lines[1:-1])
    assert lines[3][3] == "4"  # the country's enrolments
    assert len(lines[-1]) == 1
    assert lines[-1][0].startswith("Licence: CC BY 4.0 (https://creativecommons.org/")
    assert "Bình dân học vụ số" in lines[-1][0]


def test_csv_and_json_carry_the_same_rows(client, world, settings):
    settings.OPEN_DATA_MIN_COUNT = 1
    answer = client.get(PROVINCE_URL).json()

    for url in ("/api/v1/open/provinces/04.csv", "/api/v1/open/provinces/04/?format=csv"):
        lines = _csv(client.get(url))
        assert [line[0] for line in lines[1:-1]] == [
            *(row["code"] for row in answer["rows"]),
            "04",
        ]
        assert lines[1][1] == "Phường Thục Phán"
        assert lines[1][3] == str(answer["rows"][0]["enrolments"])


def test_csv_cells_go_through_the_export_formula_rule(client, world, settings):
    settings.OPEN_DATA_MIN_COUNT = 1
    CommuneFactory(code="01999", name="=cmd|' /C calc'!A0", province=world.cao_bang)

    lines = _csv(client.get("/api/v1/open/provinces/04.csv"))

    assert ["01999", "'=cmd|' /C calc'!A0"] in [line[:2] for line in lines]


def test_json_carries_the_licence_and_may_be_cached_publicly(client, world):
    response = client.get(NATIONAL)

    answer = response.json()
    assert answer["licence"] == "CC BY 4.0"
    assert answer["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert answer["publisher"] == "Bình dân học vụ số"
    assert answer["computed_at"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/open/provinces/99/", 404),
        ("/api/v1/open/provinces/99.csv", 404),
        ("/api/v1/open/provinces/ab/", 422),
        ("/api/v1/open/provinces/123/", 422),
        ("/api/v1/open/provinces/04/?format=xml", 422),
        ("/api/v1/open/provinces/?format=%00", 422),
    ],
)
def test_unknown_or_malformed_codes_get_a_json_error(client, world, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["Cache-Control"] == "private, no-store"


def test_anonymous_callers_are_rate_limited_per_address(client, world, settings):
    settings.API_RATE_LIMIT = 2

    statuses = [client.get(NATIONAL).status_code for _ in range(3)]
    other = client.get(NATIONAL, REMOTE_ADDR="192.0.2.7")

    assert statuses == [200, 200, 429]
    assert other.status_code == 200


def test_a_bad_token_does_not_matter_to_open_data(client, world):
    response = client.get(NATIONAL, HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 200
