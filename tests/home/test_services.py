"""Accounts the platform makes (`learners_create`): the rows sign-up and a commune change write."""

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction

from home.factories import CommuneFactory, UserFactory
from home.models import CommuneChange, User
from home.services import learner_set_commune, learners_create

pytestmark = pytest.mark.django_db


def test_new_accounts_get_their_commune_history_and_an_unverified_address():
    communes = CommuneFactory.create_batch(2)
    users = [
        User(email="an@example.vn", full_name="Nguyễn Văn An", commune_id=communes[0].pk),
        User(email="binh@example.vn", full_name="Trần Thị Bình", commune_id=communes[1].pk),
    ]

    created = learners_create(users=users)

    assert all(user.pk for user in created)
    history = set(CommuneChange.objects.values_list("user__email", "old_commune", "new_commune"))
    assert history == {
        ("an@example.vn", None, communes[0].pk),
        ("binh@example.vn", None, communes[1].pk),
    }
    addresses = set(EmailAddress.objects.values_list("email", "primary", "verified"))
    assert addresses == {("an@example.vn", True, False), ("binh@example.vn", True, False)}
    assert User.objects.get(email="binh@example.vn").full_name == "Trần Thị Bình"


def test_a_created_account_has_the_history_learner_set_commune_would_have_written():
    commune = CommuneFactory()
    by_hand = UserFactory(commune=None)
    learner_set_commune(user=by_hand, commune=commune)

    (created,) = learners_create(
        users=[User(email="moi@example.vn", full_name="Lò Văn Mới", commune_id=commune.pk)]
    )

    def history(user):
        return list(
            CommuneChange.objects.filter(user=user).values_list("old_commune", "new_commune")
        )

    assert history(created) == history(by_hand) == [(None, commune.pk)]


def test_a_taken_address_refuses_the_whole_batch():
    UserFactory(email="da-co@example.vn")
    commune = CommuneFactory()
    users = [
        User(email="moi@example.vn", full_name="Mới", commune_id=commune.pk),
        User(email="da-co@example.vn", full_name="Trùng", commune_id=commune.pk),
    ]

    with pytest.raises(IntegrityError), transaction.atomic():
        learners_create(users=users)

    assert not User.objects.filter(email="moi@example.vn").exists()
    assert not CommuneChange.objects.filter(new_commune=commune).exists()
