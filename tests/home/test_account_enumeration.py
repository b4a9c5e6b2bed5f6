"""Whether the site tells who has an account: docs/decisions/010-account-enumeration.md."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from home.factories import UserFactory
from home.models import User
from tests.home.test_signup import SIGNUP_URL, signup_data

REGISTERED, NEW = "nhung@example.vn", "moi@example.vn"


@pytest.fixture
def registered(db):
    return UserFactory(email=REGISTERED)


def answer(response):
    """What a visitor sees: the status, where it leads and the page text, addresses left out."""
    text = response.content.decode().replace(REGISTERED, "ADDRESS").replace(NEW, "ADDRESS")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return response.status_code, response.redirect_chain, text


@pytest.mark.django_db
@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_with_mandatory_verification_sign_up_answers_alike_for_registered_and_new_addresses(
    client, cao_bang, registered
):
    taken = client.post(SIGNUP_URL, signup_data(cao_bang, email=REGISTERED), follow=True)
    client.cookies.clear()
    fresh = client.post(SIGNUP_URL, signup_data(cao_bang, email=NEW), follow=True)

    assert answer(taken) == answer(fresh)
    assert [message.to for message in mail.outbox] == [[REGISTERED], [NEW]]
    assert User.objects.filter(email=REGISTERED).get() == registered


@pytest.mark.django_db
@override_settings(ACCOUNT_EMAIL_VERIFICATION="none")
def test_without_verification_sign_up_tells_that_an_address_is_registered(
    client, cao_bang, registered
):
    response = client.post(SIGNUP_URL, signup_data(cao_bang, email=REGISTERED))

    assert response.status_code == 200
    assert response.context["form"].has_error("email")
    assert User.objects.filter(email=REGISTERED).count() == 1


@pytest.mark.django_db
def test_password_reset_answers_alike_for_registered_and_unknown_addresses(client, registered):
    known = client.post("/accounts/password/reset/", {"email": REGISTERED}, follow=True)
    unknown = client.post("/accounts/password/reset/", {"email": NEW}, follow=True)

    assert answer(known) == answer(unknown)


@pytest.mark.django_db
def test_adding_an_address_of_another_account_answers_like_a_new_address(client, registered):
    client.force_login(UserFactory(email="bich@example.vn"))

    taken = client.post("/accounts/email/", {"action_add": "", "email": REGISTERED}, follow=True)
    fresh = client.post("/accounts/email/", {"action_add": "", "email": NEW}, follow=True)

    assert (taken.status_code, taken.redirect_chain) == (fresh.status_code, fresh.redirect_chain)
    assert not taken.context["form"].errors
