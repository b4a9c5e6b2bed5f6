"""The API's cost does not grow with the data: a fixed number of queries per call, and the
roster reads one page, not the area."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.courses.reports.test_dashboard import _grow


@pytest.mark.parametrize("endpoint", ["/api/v1/statistics/", "/api/v1/courses/"])
@pytest.mark.parametrize("who", ["national", "province_manager", "commune_manager"])
def test_query_count_does_not_grow_with_communes_or_enrolments(
    client, world, bearer, settings, who, endpoint
):
    settings.STATISTICS_CACHE_SECONDS = 0  # count every time: the worst case
    headers = bearer(getattr(world, who))
    client.get(endpoint, **headers)
    with CaptureQueriesContext(connection) as small:
        assert client.get(endpoint, **headers).status_code == 200

    _grow(world, communes=4, learners_per_commune=3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(endpoint, **headers).status_code == 200

    assert len(large) == len(small)
    assert len(small) <= 25


def test_a_roster_page_costs_the_same_whatever_the_area_holds(client, world, bearer):
    headers = bearer(world.national)
    client.get("/api/v1/roster/", {"limit": 2}, **headers)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/roster/", {"limit": 2}, **headers)

    _grow(world, communes=4, learners_per_commune=3)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/api/v1/roster/", {"limit": 2}, **headers).json()

    assert len(page["rows"]) == 2
    assert len(large) == len(small)
