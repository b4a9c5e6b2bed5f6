"""`AnyOf`: membership in a list, with SQL that does not grow with the list on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from courses.reports.lookups import AnyOf
from home.factories import UserFactory
from home.models import User

pytestmark = pytest.mark.django_db


def test_it_selects_exactly_the_rows_in_the_list():
    users = UserFactory.create_batch(4)
    wanted = [users[0].pk, users[2].pk, 10_000_000]

    found = User.objects.filter(AnyOf(F("pk"), wanted)).values_list("pk", flat=True)

    assert sorted(found) == [users[0].pk, users[2].pk]


def test_an_empty_list_selects_nothing_without_asking_the_database():
    UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert list(User.objects.filter(AnyOf(F("pk"), []))) == []
    assert len(queries) == 0


def test_it_follows_relations_and_accepts_any_iterable():
    user = UserFactory()

    found = User.objects.filter(AnyOf(F("commune__province_id"), {user.commune.province_id}))

    assert list(found) == [user]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array parameter is PostgreSQL's")
def test_on_postgresql_two_thousand_ids_travel_as_one_parameter():
    ids = list(range(2_000))
    queryset = User.objects.filter(AnyOf(F("pk"), ids)).values_list("pk")

    sql, params = queryset.query.get_compiler(using="default").as_sql()

    assert '"home_user"."id" = ANY(%s)' in sql
    assert params == (ids,)
    assert list(queryset) == []  # and PostgreSQL accepts it
