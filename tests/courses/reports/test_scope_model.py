import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courses.models import ManagerScope
from home.factories import CommuneFactory, UserFactory

NATIONAL, PROVINCE, COMMUNE = ManagerScope.Level.values


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "with_province", "with_commune", "allowed"),
    [
        (NATIONAL, False, False, True),
        (NATIONAL, True, False, False),
        (NATIONAL, False, True, False),
        (PROVINCE, True, False, True),
        (PROVINCE, False, False, False),
        (PROVINCE, True, True, False),
        (COMMUNE, False, True, True),
        (COMMUNE, False, False, False),
        (COMMUNE, True, True, False),
    ],
)
def test_manager_scope_place_must_match_its_level(level, with_province, with_commune, allowed):
    commune = CommuneFactory()
    scope = ManagerScope(
        user=UserFactory(),
        level=level,
        province=commune.province if with_province else None,
        commune=commune if with_commune else None,
    )

    if allowed:
        scope.full_clean()
        scope.save()
        assert ManagerScope.objects.filter(pk=scope.pk).exists()
    else:
        with pytest.raises(ValidationError):
            scope.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            scope.save()


@pytest.mark.django_db
def test_a_user_has_at_most_one_scope():
    commune = CommuneFactory()
    user = UserFactory()
    ManagerScope.objects.create(user=user, level=COMMUNE, commune=commune)

    with pytest.raises(IntegrityError), transaction.atomic():
        ManagerScope.objects.create(user=user, level=PROVINCE, province=commune.province)
