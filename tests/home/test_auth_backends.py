"""The signed-in user's row comes from the cache (home/auth_backends.py) and never outlives a
change: a password change still signs out the other sessions, a deactivated or deleted user is
signed out, an edited profile shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dai-va-kho-1"


@pytest.fixture
def user(db):
    user = UserFactory(full_name="Nguyễn Văn An")
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def dashboard_user(client):
    """The user the dashboard is served to, or None when it sends the visitor to sign in."""
    response = client.get(reverse("dashboard"))
    if response.status_code == 302:
        return None
    assert response.status_code == 200
    return response.wsgi_request.user


def test_a_repeat_request_reads_no_user_row(user):
    client = signed_in(user)
    dashboard_user(client)

    with CaptureQueriesContext(connection) as captured:
        assert dashboard_user(client) == user

    assert not [q for q in captured if '"home_user"' in q["sql"].split(" WHERE ")[0]]


def test_a_password_change_signs_out_the_other_sessions(user):
    other_device = signed_in(user)
    assert dashboard_user(other_device) == user

    user.set_password("mat-khau-moi-hoan-toan-2")
    user.save()

    assert dashboard_user(other_device) is None


def test_a_password_changed_on_the_site_signs_out_the_other_device_but_not_this_one(user):
    this_device, other_device = signed_in(user), signed_in(user)
    dashboard_user(this_device), dashboard_user(other_device)

    response = this_device.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "mat-khau-moi-hoan-toan-2",
            "password2": "mat-khau-moi-hoan-toan-2",
        },
    )

    assert response.status_code == 302
    assert dashboard_user(this_device) == user
    assert dashboard_user(other_device) is None


def test_a_deactivated_user_is_signed_out(user):
    client = signed_in(user)
    dashboard_user(client)

    user.is_active = False
    user.save()

    assert dashboard_user(client) is None


def test_a_deleted_user_is_signed_out(user):
    client = signed_in(user)
    dashboard_user(client)

    user.delete()

    assert dashboard_user(client) is None


def test_an_edited_profile_shows_on_the_next_request(user):
    client = signed_in(user)
    assert dashboard_user(client).full_name == "Nguyễn Văn An"

    user.full_name = "Trần Thị Bình"
    user.save()

    assert dashboard_user(client).full_name == "Trần Thị Bình"


def test_sessions_signed_in_through_either_backend_use_the_cache(user):
    client = Client()
    client.force_login(user, backend="home.auth_backends.AuthenticationBackend")
    dashboard_user(client)

    with CaptureQueriesContext(connection) as captured:
        assert dashboard_user(client) == user

    assert not [q for q in captured if '"home_user"' in q["sql"].split(" WHERE ")[0]]
