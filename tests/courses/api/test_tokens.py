"""Personal API tokens: made once, stored hashed, refused when expired, revoked, unknown or
owned by someone deactivated; the owner's scope is read on each call; rate-limited and logged."""

import datetime as dt
import hashlib
import logging

import pytest
from django.utils import timezone

from courses.api.factories import ApiTokenFactory
from courses.api.models import ApiToken
from courses.api.services import api_token_create, api_token_revoke
from courses.models import ManagerScope
from courses.reports.services import manager_scope_remove, manager_scope_set

AREAS = "/api/v1/areas/"


def _auth(clear: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_a_new_token_is_kept_only_as_its_sha256_hash(world):
    created = api_token_create(
        owner=world.province_manager,
        name="Provincial portal",
        expires_at=timezone.now() + dt.timedelta(days=30),
    )

    stored = ApiToken.objects.get(pk=created.token.pk)
    assert stored.key_hash == hashlib.sha256(created.clear.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert not any(created.clear in str(value) for value in row.values())
    assert created.clear.startswith(stored.prefix)
    assert len(created.clear) > 40


def test_two_tokens_never_share_a_value(world):
    expires = timezone.now() + dt.timedelta(days=1)
    first = api_token_create(owner=world.national, name="a", expires_at=expires)
    second = api_token_create(owner=world.national, name="a", expires_at=expires)
    assert first.clear != second.clear


def test_a_token_works_until_it_expires_or_is_revoked(client, world):
    token = ApiTokenFactory(owner=world.province_manager)

    assert client.get(AREAS, **_auth(token.clear)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    api_token_revoke(token=token)
    response = client.get(AREAS, **_auth(token.clear))
    assert response.status_code == 401
    assert response.json() == {"detail": "A valid API token is required."}
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_expired_token_is_refused(client, world):
    token = ApiTokenFactory(owner=world.province_manager, expired=True)
    assert client.get(AREAS, **_auth(token.clear)).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer bdhvs_unknown",
        "Basic YWRtaW46YWRtaW4=",
        "Bearer " + "x" * 5000,
        "Bearer bdhvs_\x00abc",
    ],
)
def test_missing_or_unknown_tokens_get_a_json_401(client, world, header):
    headers = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get(AREAS, **headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_deactivated_owner_s_token_stops_at_once(client, world):
    token = ApiTokenFactory(owner=world.province_manager)
    world.province_manager.is_active = False
    world.province_manager.save(update_fields=["is_active"])

    assert client.get(AREAS, **_auth(token.clear)).status_code == 401


def test_a_token_follows_its_owner_s_scope_as_it_changes(client, world):
    token = ApiTokenFactory(owner=world.province_manager)
    assert client.get(AREAS, {"province": "14"}, **_auth(token.clear)).status_code == 403

    manager_scope_set(
        user=world.province_manager, level=ManagerScope.Level.PROVINCE, province=world.son_la
    )
    response = client.get(AREAS, **_auth(token.clear))
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["provinces"]] == ["14"]

    manager_scope_remove(scope=ManagerScope.objects.get(user=world.province_manager))
    response = client.get(AREAS, **_auth(token.clear))
    assert response.status_code == 403
    assert response.json()["detail"]


def test_each_token_has_its_own_rate_limit(client, world, settings):
    settings.API_RATE_LIMIT = 3
    busy = ApiTokenFactory(owner=world.province_manager)
    other = ApiTokenFactory(owner=world.province_manager)

    statuses = [client.get(AREAS, **_auth(busy.clear)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(AREAS, **_auth(busy.clear))
    assert refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get(AREAS, **_auth(other.clear)).status_code == 200


def test_each_call_is_logged_with_token_endpoint_area_and_rows(client, world, caplog):
    token = ApiTokenFactory(owner=world.province_manager)
    with caplog.at_level(logging.INFO, logger="elearn.api"):
        client.get(AREAS, **_auth(token.clear))
        client.get("/api/v1/statistics/", {"province": "14"}, **_auth(token.clear))

    lines = [r.getMessage() for r in caplog.records if r.name == "elearn.api"]
    assert lines[:2] == [
        f"api call token={token.pk} endpoint=/api/v1/areas/ area=province:04 rows=2 status=200",
        f"api call token={token.pk} endpoint=/api/v1/statistics/ area=asked province:'14' rows=0 "
        "status=403",
    ]
    assert not any(token.clear in line for line in lines)


def test_a_refused_call_cannot_write_lines_into_the_log(client, world, caplog):
    token = ApiTokenFactory(owner=world.province_manager)
    with caplog.at_level(logging.INFO, logger="elearn.api"):
        client.get(AREAS, {"province": "14\napi call token=1 status=200"}, **_auth(token.clear))

    (line,) = [r.getMessage() for r in caplog.records if r.name == "elearn.api"]
    assert "\n" not in line


def test_every_answer_is_private_and_not_stored(client, world):
    token = ApiTokenFactory(owner=world.province_manager)
    for headers in (_auth(token.clear), {}):
        assert client.get(AREAS, **headers)["Cache-Control"] == "private, no-store"
