"""Every statistics endpoint refuses areas outside the user's scope with 403.

One test per endpoint, each driven by the same table of (who, area asked) → status.
"""

import pytest
from django.urls import reverse

from courses.models import Enrolment, ManagerScope
from courses.reports.services import manager_scope_set
from tests.courses.reports.world import build_world

OK, FORBIDDEN, TO_LOGIN = 200, 403, 302

ACCESS_TABLE = [
    ("national", "", OK),
    ("national", "province=14", OK),
    ("national", "commune=04045", OK),
    ("province_manager", "", OK),
    ("province_manager", "province=04", OK),
    ("province_manager", "commune=01273", OK),
    ("province_manager", "province=14", FORBIDDEN),
    ("province_manager", "commune=04045", FORBIDDEN),
    ("commune_manager", "", OK),
    ("commune_manager", "commune=01273", OK),
    ("commune_manager", "commune=01279", FORBIDDEN),
    ("commune_manager", "commune=04045", FORBIDDEN),
    ("commune_manager", "province=04", FORBIDDEN),
    ("commune_manager", "province=14&commune=01273", FORBIDDEN),
    ("son_la_manager", "commune=01273", FORBIDDEN),
    ("learner_only", "", TO_LOGIN),
    (None, "commune=01273", TO_LOGIN),
]


@pytest.fixture
def world(db):
    return build_world()


def _get(client, world, who, url, query):
    client.logout()
    if who:
        client.force_login(getattr(world, who))
    response = client.get(f"{url}?{query}" if query else url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def _mismatches(client, world, url):
    """Rows of ACCESS_TABLE whose answer differs from the expected status."""
    found = []
    for who, query, status in ACCESS_TABLE:
        actual = _get(client, world, who, url, query).status_code
        if actual != status:
            found.append(f"{who} ?{query}: {actual}, expected {status}")
    return found


def test_dashboard_answers_by_scope(client, world):
    assert _mismatches(client, world, reverse("statistics_dashboard")) == []


def test_roster_csv_answers_by_scope(client, world):
    url = reverse("statistics_export", kwargs={"kind": "roster", "fmt": "csv"})

    assert _mismatches(client, world, url) == []


def test_roster_xlsx_answers_by_scope(client, world):
    url = reverse("statistics_export", kwargs={"kind": "roster", "fmt": "xlsx"})

    assert _mismatches(client, world, url) == []


def test_summary_csv_answers_by_scope(client, world):
    url = reverse("statistics_export", kwargs={"kind": "summary", "fmt": "csv"})

    assert _mismatches(client, world, url) == []


def test_summary_xlsx_answers_by_scope(client, world):
    url = reverse("statistics_export", kwargs={"kind": "summary", "fmt": "xlsx"})

    assert _mismatches(client, world, url) == []


def test_summary_by_province_answers_by_scope(client, world):
    url = reverse("statistics_export", kwargs={"kind": "summary", "fmt": "csv"})

    for who, query, status in ACCESS_TABLE:
        response = _get(client, world, who, url, f"{query}&by=province")
        assert response.status_code == status, (who, query)


@pytest.mark.parametrize(
    ("who", "status"),
    [("national", OK), ("province_manager", FORBIDDEN), ("commune_manager", FORBIDDEN)],
)
def test_target_import_is_for_national_administrators_only(client, world, who, status):
    client.force_login(getattr(world, who))

    assert client.get(reverse("statistics_target_import")).status_code == status


@pytest.mark.parametrize("who", ["province_manager", "commune_manager"])
@pytest.mark.parametrize("url_name", ["statistics_targets:index", "manager_scopes:index"])
def test_managers_cannot_open_targets_or_scopes_admin(client, world, who, url_name):
    client.force_login(getattr(world, who))

    response = client.get(reverse(url_name))

    assert response.status_code != OK


def test_unknown_export_kind_or_format_is_not_found(client, world):
    client.force_login(world.national)

    for kind, fmt in [("everything", "csv"), ("roster", "pdf")]:
        url = reverse("statistics_export", kwargs={"kind": kind, "fmt": fmt})
        assert client.get(url).status_code == 404


def test_exports_and_dashboard_are_never_cached(client, world):
    client.force_login(world.province_manager)

    for url in [
        reverse("statistics_dashboard"),
        reverse("statistics_export", kwargs={"kind": "roster", "fmt": "csv"}),
        reverse("statistics_export", kwargs={"kind": "summary", "fmt": "xlsx"}),
    ]:
        response = client.get(url)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_a_reassigned_manager_is_refused_the_old_commune_on_the_next_request(client, world):
    manager = world.commune_manager
    client.force_login(manager)
    url = reverse("statistics_export", kwargs={"kind": "roster", "fmt": "csv"})
    assert client.get(f"{url}?commune=01273").status_code == OK

    manager_scope_set(user=manager, level=ManagerScope.Level.COMMUNE, commune=world.long_sap)

    assert client.get(f"{url}?commune=01273").status_code == FORBIDDEN
    assert client.get(f"{url}?commune=04045").status_code == OK


IGNORED_FILTERS = [
    "course=khong-co",
    "course=1%20OR%201=1",
    "group=admin",
    "date_from=yesterday",
    "date_to=2025-13-45",
    "period=day",
    "order_by=learner__password",
    "learner__is_superuser=1",
]


def test_filter_values_outside_the_allowed_set_are_ignored(client, world):
    client.force_login(world.province_manager)
    url = reverse("statistics_export", kwargs={"kind": "roster", "fmt": "csv"})

    plain = b"".join(client.get(url).streaming_content)
    for query in IGNORED_FILTERS:
        filtered = b"".join(client.get(f"{url}?{query}").streaming_content)
        assert filtered == plain, query
    rows = plain.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + Enrolment.objects.filter(commune__province=world.cao_bang).count()


def test_dashboard_says_when_filter_values_were_ignored(client, world):
    client.force_login(world.province_manager)

    response = client.get(reverse("statistics_dashboard") + "?group=admin&date_from=x")

    assert response.status_code == OK
    assert response.context["filters"].ignored == ("date_from", "group")
