"""Linked identities on the account page and in the admin, and the rules for unlinking."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from home.factories import UserFactory
from home.models import User
from tests.home.oidc.server import PROVIDER_ID, PROVIDER_NAME

pytestmark = pytest.mark.django_db

CONNECTIONS_URL = "/accounts/3rdparty/"


def linked(user: User, uid: str = "an") -> SocialAccount:
    return SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid=uid, extra_data={})


def test_the_profile_page_lists_linked_identities_and_leads_to_linking(oidc_settings, client):
    user = UserFactory()
    linked(user)
    client.force_login(user)

    page = client.get("/tai-khoan/ho-so/")

    assert "Định danh đã liên kết" in page.text
    assert f"<li>{PROVIDER_NAME} (an)</li>" in page.text
    assert f'href="{CONNECTIONS_URL}"' in page.text


def test_the_profile_page_says_nothing_of_identities_without_providers(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    client.force_login(UserFactory())

    page = client.get("/tai-khoan/ho-so/")

    assert "Định danh đã liên kết" not in page.text


def test_the_connections_page_offers_to_link_the_provider(oidc_settings, client):
    client.force_login(UserFactory())

    page = client.get(CONNECTIONS_URL)

    assert page.status_code == 200
    assert f"Liên kết {PROVIDER_NAME}" in page.text
    assert f'action="/accounts/oidc/{PROVIDER_ID}/login/?process=connect"' in page.text


def test_the_last_way_in_cannot_be_unlinked(oidc_settings, client):
    """An account made through the provider has no password: its identity stays."""
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    identity = linked(user)
    client.force_login(user)

    page = client.post(CONNECTIONS_URL, {"account": identity.pk})

    assert page.status_code == 200
    assert page.context["form"].errors
    assert SocialAccount.objects.filter(pk=identity.pk).exists()


def test_an_identity_is_unlinked_when_a_password_remains(oidc_settings, client):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    identity = linked(user)
    client.force_login(user)

    answer = client.post(CONNECTIONS_URL, {"account": identity.pk})

    assert answer.status_code == 302
    assert not SocialAccount.objects.exists()


def test_staff_who_must_use_the_provider_keep_their_last_identity(oidc_settings, client):
    oidc_settings.OIDC_STAFF_REQUIRED = True
    staff = UserFactory(is_staff=True)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    identity = linked(staff)
    client.force_login(staff)

    page = client.post(CONNECTIONS_URL, {"account": identity.pk})

    assert "phải giữ ít nhất một định danh liên kết" in page.text
    assert SocialAccount.objects.filter(pk=identity.pk).exists()


def test_administrators_see_the_linked_provider_in_the_user_admin(oidc_settings, client):
    admin = UserFactory(superuser=True, commune=None)
    learner = UserFactory()
    linked(learner, uid="subject-123")
    client.force_login(admin)

    page = client.get(reverse("wagtailusers_users:edit", args=[learner.pk]))

    assert page.status_code == 200
    assert PROVIDER_NAME in page.text
    assert "<code>subject-123</code>" in page.text
