import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from courses.models import ManagerScope
from courses.reports.factories import ManagerScopeFactory
from courses.reports.scopes import scope_of, scope_resolve
from courses.reports.services import manager_scope_remove, manager_scope_set
from home.factories import UserFactory
from tests.courses.reports.world import build_world

ALLOW = "allow"


@pytest.fixture
def world(db):
    return build_world()


# (who, province asked, commune asked) -> level shown, PermissionDenied or Http404
RESOLUTION_TABLE = [
    ("national", None, None, "national"),
    ("national", "14", None, "province"),
    ("national", None, "04045", "commune"),
    ("national", "99", None, Http404),
    ("national", None, "99999", Http404),
    ("national", "4", None, Http404),
    ("national", None, "1273' OR 1=1", Http404),
    ("national", "14", "01273", Http404),
    ("province_manager", None, None, "province"),
    ("province_manager", "04", None, "province"),
    ("province_manager", None, "01279", "commune"),
    ("province_manager", "14", None, PermissionDenied),
    ("province_manager", None, "04045", PermissionDenied),
    ("province_manager", "99", None, PermissionDenied),
    ("province_manager", None, "99999", PermissionDenied),
    ("commune_manager", None, None, "commune"),
    ("commune_manager", None, "01273", "commune"),
    ("commune_manager", "04", "01273", "commune"),
    ("commune_manager", None, "01279", PermissionDenied),
    ("commune_manager", None, "04045", PermissionDenied),
    ("commune_manager", "04", None, PermissionDenied),
    ("commune_manager", "14", "01273", PermissionDenied),
    ("learner_only", None, None, PermissionDenied),
]


@pytest.mark.parametrize(("who", "province", "commune", "expected"), RESOLUTION_TABLE)
def test_scope_resolve_allows_only_areas_inside_the_users_scope(
    world, who, province, commune, expected
):
    user = getattr(world, who)

    if isinstance(expected, type):
        with pytest.raises(expected):
            scope_resolve(user=user, province_code=province, commune_code=commune)
    else:
        area = scope_resolve(user=user, province_code=province, commune_code=commune)
        assert area.level == expected


def test_commune_area_filters_to_that_commune(world):
    area = scope_resolve(user=world.province_manager, commune_code="01279")

    assert area.commune == world.nung_tri_cao
    assert area.province == world.cao_bang
    assert area.params() == {"commune": "01279"}


def test_anonymous_and_inactive_users_have_no_scope(world):
    from django.contrib.auth.models import AnonymousUser

    world.province_manager.is_active = False

    assert scope_of(user=AnonymousUser()) is None
    assert scope_of(user=world.province_manager) is None


def test_a_reassigned_manager_loses_the_old_area_at_once(world):
    manager = world.commune_manager
    assert scope_resolve(user=manager, commune_code="01273").commune == world.thuc_phan

    manager_scope_set(user=manager, level=ManagerScope.Level.COMMUNE, commune=world.long_sap)

    with pytest.raises(PermissionDenied):
        scope_resolve(user=manager, commune_code="01273")
    assert scope_resolve(user=manager).commune == world.long_sap


def test_a_manager_whose_scope_is_removed_sees_nothing_and_leaves_the_group(world):
    manager = world.province_manager

    manager_scope_remove(scope=ManagerScope.objects.get(user=manager))

    with pytest.raises(PermissionDenied):
        scope_resolve(user=manager)
    assert not manager.groups.filter(name="Statistics managers").exists()


def test_setting_a_scope_grants_admin_access(world):
    user = UserFactory(email="moi@example.vn")

    manager_scope_set(user=user, level=ManagerScope.Level.PROVINCE, province=world.son_la)

    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("wagtailadmin.access_admin")


def test_a_national_scope_row_is_national_without_superuser(world):
    user = ManagerScopeFactory(national=True).user

    assert scope_resolve(user=user, commune_code="04045").commune == world.long_sap
