"""The statistics tables under concurrent writes on PostgreSQL: increments of one cell from
parallel transactions all count, parallel enrolments of one learner count the learner once,
and a rebuild running beside writers leaves both tables exact."""

import pytest
from django.db import connection, transaction

from courses import services
from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.models import CourseCompletion, DailyCount, Enrolment
from courses.reports.aggregates import (
    counted_cells,
    counted_learner_cells,
    learner_table_cells,
    learners_rebuild,
    statistics_rebuild,
    table_cells,
)
from home.factories import CommuneFactory, UserFactory
from home.models import LearnerGroup
from tests.courses.test_concurrency import in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL: SQLite serialises writers",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

THREADS = 6


def exact() -> bool:
    table = {key: values for key, values in table_cells().items() if any(values)}
    learners = {key: n for key, n in learner_table_cells().items() if n}
    counted = {}
    for level in ("nation", "province", "commune"):
        counted |= counted_learner_cells(level=level)
    return table == counted_cells() and learners == counted


@pytest.fixture
def crowd():
    """Six learners of one commune and group, and a course open to them."""
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    commune = CommuneFactory()
    learners = UserFactory.create_batch(
        THREADS, commune=commune, learner_group=LearnerGroup.OFFICIAL
    )
    return course, commune, learners


def test_parallel_enrolments_in_one_cell_all_count(crowd):
    course, commune, learners = crowd

    _results, errors = in_parallel(
        *[(lambda lr=lr: services.enrolment_create(learner=lr, course=course)) for lr in learners]
    )

    assert errors == []
    assert DailyCount.objects.get(commune=commune, course=course).enrolments == THREADS
    assert exact()


def test_parallel_bulk_enrolments_and_completions_all_count(crowd):
    course, commune, learners = crowd
    services.enrolments_create_many(pairs=[(lr, course) for lr in learners[:3]])

    def complete(learner):
        with transaction.atomic():
            enrolment = Enrolment.objects.get(learner=learner, course=course)
            return CourseCompletion.objects.create(
                learner=learner, course=course, enrolment=enrolment
            )

    def enrol_many(batch):
        with transaction.atomic():
            return services.enrolments_create_many(pairs=[(lr, course) for lr in batch])

    _results, errors = in_parallel(
        *[(lambda lr=lr: complete(lr)) for lr in learners[:3]],
        lambda: enrol_many(learners[3:5]),
        lambda: enrol_many(learners[5:]),
    )

    assert errors == []
    cells = DailyCount.objects.filter(commune=commune, course=course)
    assert sum(c.enrolments for c in cells) == THREADS
    assert sum(c.completions for c in cells) == 3
    assert exact()


def test_parallel_enrolments_of_one_learner_count_the_learner_once(crowd):
    course, _commune, learners = crowd
    courses = CoursePageFactory.create_batch(THREADS, parent=course.get_parent().specific)

    _results, errors = in_parallel(
        *[(lambda c=c: services.enrolment_create(learner=learners[0], course=c)) for c in courses]
    )

    assert errors == []
    assert exact()
    nation = learner_table_cells(level="nation", places=[""])
    assert sum(n for (_l, _p, group, _d), n in nation.items() if group == "") == 1


def test_parallel_changes_of_one_enrolment_count_once_each(crowd):
    course, _commune, learners = crowd
    enrolment = services.enrolment_create(learner=learners[0], course=course)
    elsewhere = [CommuneFactory() for _ in range(THREADS)]

    def move(commune):
        row = Enrolment.objects.get(pk=enrolment.pk)
        row.commune = commune
        row.save(update_fields=["commune"])

    _results, errors = in_parallel(*[(lambda c=c: move(c)) for c in elsewhere])

    assert errors == []
    assert exact()
    assert sum(c.enrolments for c in DailyCount.objects.all()) == 1


def test_a_rebuild_beside_live_writers_leaves_the_table_exact(crowd):
    course, _commune, learners = crowd
    more = [UserFactory(commune=CommuneFactory()) for _ in range(4)]
    DailyCount.objects.all().delete()  # as if the table had never been filled

    _results, errors = in_parallel(
        lambda: statistics_rebuild(chunk=1),
        lambda: learners_rebuild(chunk=1, province_chunk=1),
        *[
            (lambda lr=lr: services.enrolment_create(learner=lr, course=course))
            for lr in learners + more
        ],
    )

    assert errors == []
    assert exact()
