"""Test data for the statistics: manager scopes and completion targets.

ManagerScopeFactory(user=..., province=cao_bang)          # a province manager
ManagerScopeFactory(user=..., commune=thuc_phan)          # a commune manager
ManagerScopeFactory(user=..., national=True)              # a national administrator
TargetFactory(commune=thuc_phan, expected_completions=50)
"""

import factory

from courses.models import ManagerScope, Target
from courses.reports.services import managers_group
from home.factories import CommuneFactory, UserFactory


class ManagerScopeFactory(factory.django.DjangoModelFactory):
    """The level follows the place given; the user joins the managers' group (admin access)."""

    class Meta:
        model = ManagerScope
        skip_postgeneration_save = True

    class Params:
        national = False

    user = factory.SubFactory(UserFactory, learner_group="", commune=None)
    province = None
    commune = None
    level = factory.LazyAttribute(
        lambda o: (
            ManagerScope.Level.NATIONAL
            if o.national
            else ManagerScope.Level.COMMUNE
            if o.commune
            else ManagerScope.Level.PROVINCE
        )
    )

    @factory.post_generation
    def admin_access(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.user.groups.add(managers_group())


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    commune = factory.SubFactory(CommuneFactory)
    course = None
    learner_group = ""
    expected_completions = 10
