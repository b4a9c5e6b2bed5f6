"""Test data for classes.

ClassFactory(commune=thuc_phan, courses=[course], trainers=[trainer])
ClassMemberFactory(klass=klass, learner=learner)   # a row only: no enrolment, no counter
"""

import factory

from courses.classes.models import Class, ClassMember
from home.factories import CommuneFactory, UserFactory


class ClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Class
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lớp kỹ năng số {n}")
    commune = factory.SubFactory(CommuneFactory)

    @factory.post_generation
    def courses(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.courses.set(extracted)

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)


class ClassMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassMember

    klass = factory.SubFactory(ClassFactory)
    learner = factory.SubFactory(UserFactory)
