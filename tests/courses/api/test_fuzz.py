"""The API against its own OpenAPI document, and any query string against the endpoints.

`test_the_api_keeps_to_its_openapi_document` lets schemathesis make requests for every
operation of `/api/v1/openapi.json` (valid and invalid parameters) and run them through the
Django WSGI application with a national and a commune token: no answer is a server error and
every answer matches the document (status code, content type, JSON schema).
`test_no_query_string_makes_a_server_error` adds arbitrary text, numbers and real codes in
every parameter, which schemathesis does not try.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja.responses import NinjaJSONEncoder
from schemathesis.config._checks import (
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
    PositiveDataAcceptanceConfig,
)

from courses.api.endpoints import api

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


# The document `/api/v1/openapi.json` serves, made without a request: schemathesis' lazy
# loader (`schemathesis.pytest.from_fixture`, which `from_wsgi` inside a fixture needs since
# the site reads the database) fails under pytest 9 (it sets `Function._nodeid`, gone in 9).
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
)
schema.app = get_wsgi_application()
# The tests send the tokens; query parameters the document does not name are ignored by design
# (decision 024), so schemathesis does not add any.
schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
# A well-formed filter can still name nothing (a course slug no course has, a cursor the API did
# not sign, a range over ten years): 422 by decision 016, which no schema can express.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "422"]
)


@pytest.fixture
def test_connection_kept():
    """The WSGI handler closes "old" connections around each request; the test's own (inside
    its transaction) counts as one on PostgreSQL. Django's test client switches that off too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_to_its_openapi_document(case, headers, settings, test_connection_kept):
    settings.API_RATE_LIMIT = 0  # the limit has its own tests; here every call must count
    for who in ("national", "commune"):
        token = headers[who]["HTTP_AUTHORIZATION"]
        # identity: the WSGI test client does not unzip what GZipMiddleware compresses
        case.call_and_validate(headers={"Authorization": token, "Accept-Encoding": "identity"})
