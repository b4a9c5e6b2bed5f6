"""The API token screens: a manager makes a token (shown once), lists and revokes their own;
a national administrator sees and revokes everyone's; someone without a scope gets nothing."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.api.factories import ApiTokenFactory
from courses.api.models import ApiToken


def _create(client, **data):
    expires = timezone.localdate() + dt.timedelta(days=30)
    return client.post(
        reverse("api_tokens:add"), {"name": "Cổng tỉnh", "expires_on": expires, **data}
    )


def test_a_manager_creates_a_token_and_sees_it_once(client, world):
    client.force_login(world.province_manager)

    response = _create(client)

    assert response.status_code == 200
    token = ApiToken.objects.get(owner=world.province_manager)
    clear = response.context["clear"]
    assert hashlib.sha256(clear.encode()).hexdigest() == token.key_hash
    assert clear in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + dt.timedelta(
        days=30
    )
    listing = client.get(reverse("api_tokens:index")).content.decode()
    assert token.prefix in listing
    assert clear not in listing
    assert client.get("/api/v1/areas/", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200


@pytest.mark.parametrize("days", [0, -3, 400])
def test_a_token_must_expire_after_today_and_within_the_limit(client, world, days, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    client.force_login(world.province_manager)

    response = _create(client, expires_on=timezone.localdate() + dt.timedelta(days=days))

    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_a_manager_lists_only_their_own_tokens_and_may_not_revoke_others(client, world):
    own = ApiTokenFactory(owner=world.commune_manager, name="Xã của tôi")
    other = ApiTokenFactory(owner=world.son_la_manager, name="Sơn La portal")
    client.force_login(world.commune_manager)

    listing = client.get(reverse("api_tokens:index")).content.decode()
    assert own.name in listing
    assert other.name not in listing
    assert client.post(reverse("api_tokens:delete", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None

    client.post(reverse("api_tokens:delete", args=[own.pk]))
    own.refresh_from_db()
    assert own.revoked_at is not None
    assert ApiToken.objects.filter(pk=own.pk).exists()


def test_a_national_administrator_sees_and_revokes_every_token(client, world):
    other = ApiTokenFactory(owner=world.son_la_manager, name="Sơn La portal")
    client.force_login(world.national)

    assert other.name in client.get(reverse("api_tokens:index")).content.decode()
    client.post(reverse("api_tokens:delete", args=[other.pk]))
    other.refresh_from_db()
    assert other.revoked_at is not None


def test_a_token_cannot_be_edited(client, world):
    token = ApiTokenFactory(owner=world.province_manager)
    client.force_login(world.province_manager)
    response = client.get(reverse("api_tokens:edit", args=[token.pk]))
    assert response.status_code in (302, 403)


def test_someone_without_a_scope_may_not_make_tokens(client, world):
    world.learner_only.is_staff = True
    world.learner_only.save(update_fields=["is_staff"])
    client.force_login(world.learner_only)

    response = _create(client)

    assert response.status_code in (302, 403)
    assert not ApiToken.objects.exists()
