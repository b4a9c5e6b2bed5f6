"""Signing up on a portal chooses its province for the learner, who may choose another; the
account then works on every portal."""

import re

import pytest

from home.models import LearnerGroup, User
from tests.courses.portals.conftest import HOST_A, HOST_B, NATIONAL_HOST, on

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
PASSWORD = "Hoc-vu-so-2025!"


def selected_province(body: str) -> str | None:
    select = body.split('name="province"')[1].split("</select>")[0]
    match = re.search(r'<option value="(\d+)"[^>]*selected', select)
    return match.group(1) if match else None


def test_sign_up_on_a_portal_preselects_its_province(client, portal_a, portal_b):
    assert selected_province(client.get(SIGNUP_URL, **on(HOST_A)).content.decode()) == "01"
    assert selected_province(client.get(SIGNUP_URL, **on(HOST_B)).content.decode()) == "04"
    assert selected_province(client.get(SIGNUP_URL, **on(NATIONAL_HOST)).content.decode()) is None


def test_the_portal_province_communes_are_offered_at_once(client, portal_a):
    body = client.get(SIGNUP_URL, **on(HOST_A)).content.decode()

    assert "Phường Ba Đình" in body


def test_a_learner_on_a_portal_may_choose_another_province(client, portal_a, cao_bang):
    response = client.post(
        SIGNUP_URL,
        {
            "full_name": "Nông Văn Dũng",
            "email": "dung@example.vn",
            "province": "04",
            "commune": "01273",
            "learner_group": LearnerGroup.CITIZEN,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        **on(HOST_A),
    )

    assert response.status_code == 302
    assert User.objects.get(email="dung@example.vn").commune.province == cao_bang


def test_one_account_signs_in_on_every_portal(client, portal_a, portal_b, learner_a):
    learner_a.set_password(PASSWORD)
    learner_a.save()

    for host in (HOST_A, HOST_B):
        client.logout()
        response = client.post(
            "/accounts/login/", {"login": learner_a.email, "password": PASSWORD}, **on(host)
        )
        assert response.status_code == 302, host
        assert int(client.session["_auth_user_id"]) == learner_a.pk
