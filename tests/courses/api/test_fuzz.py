"""Property test: whatever text arrives in the query string, the endpoints answer with JSON and
never with a server error (a stand-in for schemathesis, which is not installed yet)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PARAMS = ["province", "commune", "course", "group", "date_from", "date_to", "period"]
ROSTER_PARAMS = [*PARAMS, "limit", "cursor"]

text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["04", "14", "01273", "04045", "99", "2026-01-01", "an-toan-thong-tin"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


def _query(names):
    return st.dictionaries(st.sampled_from(names), text, max_size=len(names))


@pytest.fixture
def headers(world, bearer):
    return {
        "national": bearer(world.national),
        "commune": bearer(world.commune_manager),
    }


@pytest.mark.parametrize("who", ["national", "commune"])
@pytest.mark.parametrize(
    ("endpoint", "names"),
    [
        ("/api/v1/areas/", ["province"]),
        ("/api/v1/statistics/", PARAMS),
        ("/api/v1/roster/", ROSTER_PARAMS),
    ],
)
def test_no_query_string_makes_a_server_error(client, headers, who, endpoint, names):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_query(names))
    def check(params):
        response = client.get(endpoint, params, **headers[who])
        assert response.status_code in (200, 403, 404, 422), (params, response.content[:300])
        assert response["Content-Type"].startswith("application/json")
        response.json()

    check()
