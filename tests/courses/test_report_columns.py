"""The province and completion date each enrolment keeps for the reports stay true to their
sources (the commune's province, the completion's date) on every path that writes them."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from courses import services
from courses.factories import CourseCompletionFactory, EnrolmentFactory
from courses.models import CourseCompletion, Enrolment
from home.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ha_noi_commune(db):
    return CommuneFactory(
        code="00004",
        name="Phường Ba Đình",
        province=ProvinceFactory(code="01", name="Hà Nội", codename="ha_noi"),
    )


def test_enrolling_keeps_the_province_of_the_learners_commune(learner, course):
    enrolment = services.enrolment_create(learner=learner, course=course)

    enrolment.refresh_from_db()
    assert enrolment.province == learner.commune.province


def test_changing_an_enrolments_commune_moves_its_province_with_it(learner, course, ha_noi_commune):
    enrolment = EnrolmentFactory(learner=learner, course=course)
    reloaded = Enrolment.objects.get(pk=enrolment.pk)  # the commune is not loaded

    reloaded.commune_id = ha_noi_commune.pk
    reloaded.save(update_fields=["commune"])

    assert Enrolment.objects.get(pk=enrolment.pk).province == ha_noi_commune.province
    reloaded.commune = None
    reloaded.save()
    assert Enrolment.objects.get(pk=enrolment.pk).province is None


def test_saving_other_fields_keeps_the_province(learner, course):
    enrolment = EnrolmentFactory(learner=learner, course=course)

    enrolment.left_at = timezone.now()
    enrolment.save(update_fields=["left_at"])

    assert Enrolment.objects.get(pk=enrolment.pk).province == learner.commune.province


def test_completing_a_course_copies_the_completion_date_to_the_enrolment(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)

    completion = CourseCompletion.objects.get(learner=learner, course=course)
    assert Enrolment.objects.get(learner=learner, course=course).completed_at == (
        completion.completed_at
    )


def test_a_changed_completion_date_reaches_the_enrolment(learner, course):
    enrolment = EnrolmentFactory(learner=learner, course=course)
    completion = CourseCompletionFactory(learner=learner, course=course, enrolment=enrolment)
    earlier = completion.completed_at - dt.timedelta(days=40)

    completion.completed_at = earlier
    completion.save(update_fields=["completed_at"])

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == earlier


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_deleting_a_completion_clears_the_enrolments_date(learner, course, how):
    enrolment = EnrolmentFactory(learner=learner, course=course)
    completion = CourseCompletionFactory(learner=learner, course=course, enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None

    if how == "instance":
        completion.delete()
    else:
        CourseCompletion.objects.filter(pk=completion.pk).delete()

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None


def test_deleting_a_learner_with_a_completion_deletes_cleanly(learner, course):
    enrolment = EnrolmentFactory(learner=learner, course=course)
    CourseCompletionFactory(learner=learner, course=course, enrolment=enrolment)

    learner.delete()

    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert not CourseCompletion.objects.exists()


def test_migration_fills_both_columns_for_enrolments_made_before_them(learner, course):
    migration = importlib.import_module("courses.migrations.0008_enrolment_province_completed_at")
    other = UserFactory(commune=CommuneFactory())
    completed = EnrolmentFactory(learner=learner, course=course)
    completion = CourseCompletionFactory(learner=learner, course=course, enrolment=completed)
    open_enrolment = EnrolmentFactory(learner=other, course=course)
    Enrolment.objects.update(province=None, completed_at=None)

    migration.copy_province_and_completion(apps, None)

    assert Enrolment.objects.get(pk=completed.pk).province == learner.commune.province
    assert Enrolment.objects.get(pk=completed.pk).completed_at == completion.completed_at
    assert Enrolment.objects.get(pk=open_enrolment.pk).province == other.commune.province
    assert Enrolment.objects.get(pk=open_enrolment.pk).completed_at is None
