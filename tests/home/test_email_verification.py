import pytest
from allauth.account.models import EmailAddress

from home.factories import UserFactory
from home.services import email_verify_after_password_reset


@pytest.fixture
def user(db):
    return UserFactory(email="lan@example.vn")


def test_the_only_address_is_verified_after_a_password_reset(user):
    EmailAddress.objects.create(user=user, email="lan@example.vn", primary=True, verified=False)

    assert email_verify_after_password_reset(user=user) is True
    assert EmailAddress.objects.get(user=user).verified


def test_nothing_is_verified_when_the_account_has_several_addresses(user):
    EmailAddress.objects.create(user=user, email="lan@example.vn", primary=True, verified=False)
    EmailAddress.objects.create(user=user, email="lan2@example.vn", verified=False)

    assert email_verify_after_password_reset(user=user) is False
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_an_address_other_than_the_accounts_is_not_verified(user):
    EmailAddress.objects.create(user=user, email="other@example.vn", primary=True, verified=False)

    assert email_verify_after_password_reset(user=user) is False
    assert not EmailAddress.objects.get(user=user).verified
