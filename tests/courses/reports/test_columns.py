"""The province and completion date each enrolment keeps for the reports stay true to their
sources (the commune's province, the completion's date) on every path that writes them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_migrating_a_database_with_enrolments_fills_both_columns(learner, course):
    """Migrations 0008 and 0009 on a database that has enrolments and completions already
    (on PostgreSQL, the backfill in the same transaction as the new index failed)."""
    other = UserFactory(commune=CommuneFactory())
    completed = EnrolmentFactory(learner=learner, course=course)
    completion = CourseCompletionFactory(learner=learner, course=course, enrolment=completed)
    open_enrolment = EnrolmentFactory(learner=other, course=course)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # home/0006 follows courses/0012

    executor.migrate([("courses", "0007_h5p_results_setting")])
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    completed.refresh_from_db()
    open_enrolment.refresh_from_db()
    assert (completed.province, completed.completed_at) == (
        learner.commune.province,
        completion.completed_at,
    )
    assert (open_enrolment.province, open_enrolment.completed_at) == (other.commune.province, None)


def test_loading_the_official_places_moves_enrolments_with_their_commune(course):
    """Phường Thục Phán (01273) belongs to Cao Bằng (04) in the official list; a database
    that had it elsewhere gets it moved, and the enrolments there follow it."""
    from home.models import Commune
    from home.places import places_load

    elsewhere = ProvinceFactory(code="01", name="Hà Nội", codename="ha_noi")
    thuc_phan = CommuneFactory(code="01273", name="Phường Thục Phán", province=elsewhere)
    enrolment = EnrolmentFactory(learner=UserFactory(commune=thuc_phan), course=course)
    assert enrolment.province == elsewhere

    places_load()

    enrolment.refresh_from_db()
    assert enrolment.province.code == "04"
    assert enrolment.province == Commune.objects.get(code="01273").province


def test_a_cascade_that_deletes_the_enrolment_too_writes_nothing_to_it(learner, course):
    enrolment = EnrolmentFactory(learner=learner, course=course)
    CourseCompletionFactory(learner=learner, course=course, enrolment=enrolment)

    with CaptureQueriesContext(connection) as queries:
        learner.delete()

    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert not [q for q in queries if q["sql"].startswith('UPDATE "courses_enrolment"')]


def test_saving_the_commune_by_its_column_name_moves_the_province_too(
    learner, course, ha_noi_commune
):
    enrolment = EnrolmentFactory(learner=learner, course=course)

    enrolment.commune_id = ha_noi_commune.pk
    enrolment.save(update_fields=["commune_id"])

    assert Enrolment.objects.get(pk=enrolment.pk).province == ha_noi_commune.province
