"""The statistics table (`DailyCount`) kept by the write paths equals a full count of the
enrolments, whatever the sequence of writes; `rebuild_statistics` repairs it exactly."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.certificates.factories import CertificateFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory, EnrolmentFactory
from courses.models import Certificate, CourseCompletion, DailyCount, Enrolment
from courses.reports.aggregates import counted_cells, counts_kept, statistics_rebuild, table_cells
from home.factories import CommuneFactory, UserFactory
from home.models import LearnerGroup

pytestmark = pytest.mark.django_db


def non_zero(cells: dict) -> dict:
    return {key: values for key, values in cells.items() if any(values)}


def assert_table_exact():
    assert non_zero(table_cells()) == counted_cells()


@pytest.fixture
def place():
    catalog = CourseIndexPageFactory()
    communes = CommuneFactory.create_batch(2)
    courses = CoursePageFactory.create_batch(2, parent=catalog)
    learners = [
        UserFactory(commune=communes[n % 2], learner_group=group)
        for n, group in enumerate([LearnerGroup.OFFICIAL, LearnerGroup.CITIZEN] * 3)
    ]
    return communes, courses, learners


def _enrolment(learner, course):
    return Enrolment.objects.filter(learner=learner, course=course).first()


def _at(days_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago, hours=days_ago * 5)


def _enrolled(learner, course):
    return _enrolment(learner, course) or services.enrolment_create(learner=learner, course=course)


def _completed(learner, course, days_ago: int):
    completion = CourseCompletion.objects.filter(learner=learner, course=course).first()
    if completion is None:
        completion = CourseCompletion.objects.create(
            learner=learner, course=course, enrolment=_enrolled(learner, course)
        )
        completion.completed_at = _at(days_ago)
        completion.save(update_fields=["completed_at"])
    return completion


def _certified(learner, course, days_ago: int):
    certificate = (
        Certificate.objects.filter(learner=learner, course=course)
        .exclude(status=Certificate.Status.REPLACED)
        .first()
    )
    if certificate is None:
        completion = _completed(learner, course, days_ago)
        certificate = CertificateFactory(learner=learner, course=course, completion=completion)
    return certificate


def apply(operation: str, n: int, m: int, place) -> None:
    """One write through the code the site uses for it (making what it needs first, the same
    way: a certificate needs a completion, which needs an enrolment)."""
    communes, courses, learners = place
    learner, course = learners[n % len(learners)], courses[m % len(courses)]
    if operation == "enrol":
        services.enrolment_create(learner=learner, course=course)
    elif operation == "enrol_many":
        pairs = [(lr, course) for lr in learners if not _enrolment(lr, course)]
        services.enrolments_create_many(pairs=pairs[: 1 + m % 3])
    elif operation == "leave":
        if _enrolled(learner, course).left_at is None:
            services.enrolment_leave(learner=learner, course=course)
    elif operation == "complete":
        _completed(learner, course, m % 4)
    elif operation == "completion_date":
        completion = _completed(learner, course, m % 4)
        completion.completed_at = _at(m % 5 + 1)
        completion.save()
    elif operation == "uncomplete":
        CourseCompletion.objects.filter(pk=_completed(learner, course, m).pk).delete()
    elif operation == "certify":
        _certified(learner, course, m)
    elif operation == "revoke_or_restore":
        certificate = _certified(learner, course, m)
        valid = certificate.status == Certificate.Status.VALID
        certificate.status = Certificate.Status.REVOKED if valid else Certificate.Status.VALID
        certificate.revoked_at = timezone.now()
        certificate.save(update_fields=["status", "revoked_at"])
    elif operation == "drop_certificate":
        _certified(learner, course, m).delete()
    elif operation == "move":
        enrolment = _enrolled(learner, course)
        enrolment.commune = communes[(communes.index(enrolment.commune) + 1) % 2]
        enrolment.save(update_fields=["commune"])
    elif operation == "regroup":
        enrolment = _enrolled(learner, course)
        enrolment.learner_group = LearnerGroup.DIGITAL_TEAM
        enrolment.save()
    elif operation == "backdate":
        enrolment = _enrolled(learner, course)
        with counts_kept(enrolment_ids=[enrolment.pk]):
            Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=_at(m % 6 + 1))
    elif operation == "unenrol":
        _completed(learner, course, m)
        _enrolled(learner, course).delete()
    elif operation == "delete_learner":
        _certified(learner, course, m)
        learner.delete()
        learners[n % len(learners)] = UserFactory(commune=communes[m % 2])


OPERATIONS = [
    "enrol",
    "enrol_many",
    "leave",
    "complete",
    "completion_date",
    "uncomplete",
    "certify",
    "revoke_or_restore",
    "drop_certificate",
    "move",
    "regroup",
    "backdate",
    "unenrol",
    "delete_learner",
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 5), st.integers(0, 5)),
        max_size=25,
    )
)
def test_the_kept_table_equals_a_full_count_after_any_sequence_of_writes(place, steps):
    for operation, n, m in steps:
        apply(operation, n, m, place)
        assert_table_exact()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_write_path_keeps_the_table_exact(place, operation):
    apply("certify", 0, 0, place)
    apply("enrol", 1, 1, place)
    if operation == "leave":
        apply("enrol", 2, 1, place)
    before = non_zero(table_cells())

    apply(operation, 0, 0, place)
    apply(operation, 2, 1, place)

    assert_table_exact()
    # A learner who leaves still counts (decision 006): every other write moves a count.
    assert (non_zero(table_cells()) == before) == (operation == "leave")


def test_an_enrolment_counts_on_its_local_day_and_a_completion_on_its_own(place):
    communes, courses, learners = place
    enrolment = services.enrolment_create(learner=learners[0], course=courses[0])
    completion = CourseCompletion.objects.create(
        learner=learners[0], course=courses[0], enrolment=enrolment
    )
    # 00:30 on 10 March in Hà Nội is still 9 March in UTC: the local day counts.
    late = dt.datetime(2026, 3, 9, 17, 30, tzinfo=dt.UTC)
    completion.completed_at = late
    completion.save()

    cells = non_zero(table_cells())
    key = (communes[0].pk, courses[0].pk, learners[0].learner_group)
    assert cells[(*key, timezone.localdate())] == [1, 0, 0]
    assert cells[(*key, dt.date(2026, 3, 10))] == [0, 1, 0]


def test_rebuild_repairs_a_damaged_table_and_a_second_run_writes_nothing(place):
    communes, courses, learners = place
    for learner in learners[:4]:
        services.enrolment_create(learner=learner, course=courses[0])
    enrolment = _enrolment(learners[1], courses[0])
    completion = CourseCompletion.objects.create(
        learner=learners[1], course=courses[0], enrolment=enrolment
    )
    CertificateFactory(learner=learners[1], course=courses[0], completion=completion)
    expected = counted_cells()
    # Writes that bypassed the write path: a raw update, a stray cell, a lost cell.
    DailyCount.objects.filter(commune=communes[0]).update(enrolments=7)
    DailyCount.objects.create(
        commune=communes[1], course=courses[1], learner_group="", day=dt.date(2020, 1, 1)
    )
    DailyCount.objects.filter(commune=communes[1]).first().delete()

    counted, corrected = statistics_rebuild(chunk=1)

    assert table_cells() == expected
    assert counted == len(expected)
    assert corrected == 3
    assert statistics_rebuild() == (len(expected), 0)


def test_enrolments_written_around_the_write_path_are_counted_by_the_command(place):
    _communes, courses, learners = place
    EnrolmentFactory(learner=learners[0], course=courses[0])
    DailyCount.objects.all().delete()
    out = io.StringIO()

    call_command("rebuild_statistics", stdout=out)

    assert "1 cells counted, 1 corrected" in out.getvalue()
    assert_table_exact()
    out = io.StringIO()
    call_command("rebuild_statistics", "--chunk", "1", stdout=out)
    assert "1 cells counted, 0 corrected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_migration_0019_counts_a_database_that_has_enrolments_already(place):
    _communes, courses, learners = place
    _certified(learners[0], courses[0], 2)
    services.enrolment_create(learner=learners[1], course=courses[1])
    expected = counted_cells()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()

    executor.migrate([("courses", "0017_portals")])
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert non_zero(table_cells()) == expected
    assert len(expected) == 3  # two enrolment days, one completion day
