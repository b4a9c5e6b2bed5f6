"""The distinct-learner table (`DailyLearnerCount`) kept by the write paths gives what
`Count(distinct learner)` gives on the enrolments, for the nation, a province and a commune,
over all groups and per group, after any sequence of writes; `rebuild_statistics` repairs it
exactly (docs/decisions/032-distinct-learners.md)."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.factories import CourseIndexPageFactory, CoursePageFactory, EnrolmentFactory
from courses.models import DailyLearnerCount, Enrolment
from courses.reports.aggregates import (
    counts_kept,
    learner_table_cells,
    learners_rebuild,
)
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from home.models import Commune, LearnerGroup, Province
from home.places import communes_moved
from tests.courses.reports.test_aggregates import OPERATIONS, apply

pytestmark = pytest.mark.django_db

NATION, PROVINCE, COMMUNE = "nation", "province", "commune"
GROUPS = ["", *LearnerGroup.values, DailyLearnerCount.NO_GROUP]


def _distinct(**where) -> int:
    enrolments = Enrolment.objects.filter(commune__isnull=False, **where)
    return enrolments.aggregate(n=Count("learner_id", distinct=True))["n"]


def _group_q(group: str) -> dict:
    if group == "":
        return {}
    return {"learner_group": "" if group == DailyLearnerCount.NO_GROUP else group}


def _table(level: str, place: str, group: str, **days) -> int:
    rows = DailyLearnerCount.objects.filter(level=level, place=place, learner_group=group, **days)
    return rows.aggregate(n=Sum("learners"))["n"] or 0


def areas() -> list[tuple[str, str, dict]]:
    """Every area with what selects its enrolments (a province through its communes)."""
    return [
        (NATION, "", {}),
        *((PROVINCE, p.code, {"commune__province": p}) for p in Province.objects.all()),
        *((COMMUNE, c.code, {"commune": c}) for c in Commune.objects.all()),
    ]


def fresh_days() -> Counter:
    """Per area, group and local day, the learners whose first enrolment there is that day,
    counted from the enrolments without the code under test."""
    firsts: dict = {}
    for learner, commune, province, group, at in Enrolment.objects.filter(
        commune__isnull=False
    ).values_list(
        "learner_id", "commune__code", "commune__province__code", "learner_group", "enrolled_at"
    ):
        for place in ((NATION, ""), (PROVINCE, province), (COMMUNE, commune)):
            for g in ("", group or DailyLearnerCount.NO_GROUP):
                key = (*place, g, learner)
                firsts[key] = min(firsts.get(key, at), at)
    return Counter(
        (level, place, group, timezone.localtime(at).date())
        for (level, place, group, _learner), at in firsts.items()
    )


def assert_learners_exact():
    for level, place, where in areas():
        for group in GROUPS:
            assert _table(level, place, group) == _distinct(**where, **_group_q(group)), (
                level,
                place,
                group,
            )
    kept = {key: n for key, n in learner_table_cells().items() if n}
    assert kept == dict(fresh_days())


@pytest.fixture
def place():
    """Three communes, two of them in one province; six learners of two groups; two courses."""
    catalog = CourseIndexPageFactory()
    province = ProvinceFactory()
    communes = [CommuneFactory(province=province), CommuneFactory(province=province)]
    communes.append(CommuneFactory())
    courses = CoursePageFactory.create_batch(2, parent=catalog)
    learners = [
        UserFactory(commune=communes[n % 2], learner_group=group)
        for n, group in enumerate([LearnerGroup.OFFICIAL, LearnerGroup.CITIZEN] * 3)
    ]
    return communes, courses, learners


def _at(days_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago, hours=3)


def _backdate(enrolment, days_ago: int) -> None:
    # A raw update of a counted column goes through `counts_kept` (decision 029).
    with counts_kept(enrolment_ids=[enrolment.pk]):
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=_at(days_ago))


def _move_commune(commune, province) -> None:
    """What the places reload does when the official list moves a commune."""
    Commune.objects.filter(pk=commune.pk).update(province=province)
    communes_moved.send(sender=Commune, commune_ids=[commune.pk])
    commune.refresh_from_db()  # the fixture's learners hold this instance


def test_a_learner_in_two_courses_of_one_commune_counts_once_on_the_first_day(place):
    communes, courses, learners = place
    first = services.enrolment_create(learner=learners[0], course=courses[0])
    _backdate(first, 3)
    services.enrolment_create(learner=learners[0], course=courses[1])

    group = learners[0].learner_group
    for level, code in ((NATION, ""), (PROVINCE, communes[0].province.code)):
        assert _table(level, code, "") == 1
        assert _table(level, code, group, day=timezone.localdate(_at(3))) == 1
    assert _table(COMMUNE, communes[0].code, "", day=timezone.localdate()) == 0
    assert_learners_exact()


def test_a_second_commune_in_another_province_counts_in_each_area_once(place):
    communes, courses, learners = place
    services.enrolment_create(learner=learners[0], course=courses[0])
    second = services.enrolment_create(learner=learners[0], course=courses[1])
    second.commune = communes[2]
    second.save(update_fields=["commune"])

    assert _table(NATION, "", "") == 1
    assert _table(PROVINCE, communes[0].province.code, "") == 1
    assert _table(PROVINCE, communes[2].province.code, "") == 1
    assert _table(COMMUNE, communes[2].code, "") == 1
    assert_learners_exact()


def test_deleting_the_first_enrolment_moves_the_learner_to_the_next_day(place):
    _communes, courses, learners = place
    first = services.enrolment_create(learner=learners[0], course=courses[0])
    _backdate(first, 5)
    services.enrolment_create(learner=learners[0], course=courses[1])
    old_day, today = timezone.localdate(_at(5)), timezone.localdate()
    assert _table(NATION, "", "", day=old_day) == 1

    first.delete()

    assert _table(NATION, "", "", day=old_day) == 0
    assert _table(NATION, "", "", day=today) == 1
    assert_learners_exact()


def test_a_changed_group_counts_the_learner_in_the_new_group(place):
    _communes, courses, learners = place
    enrolment = services.enrolment_create(learner=learners[0], course=courses[0])
    enrolment.learner_group = LearnerGroup.DIGITAL_TEAM
    enrolment.save(update_fields=["learner_group"])

    assert _table(NATION, "", LearnerGroup.DIGITAL_TEAM) == 1
    assert _table(NATION, "", learners[0].learner_group) == 0
    assert_learners_exact()


def test_a_bulk_import_counts_each_learner_once(place):
    _communes, courses, learners = place
    services.enrolments_create_many(pairs=[(learner, courses[0]) for learner in learners])
    services.enrolments_create_many(pairs=[(learner, courses[1]) for learner in learners[:3]])

    assert _table(NATION, "", "") == len(learners)
    assert_learners_exact()


def test_a_deleted_learner_leaves_every_area(place):
    _communes, courses, learners = place
    for course in courses:
        services.enrolment_create(learner=learners[0], course=course)
    services.enrolment_create(learner=learners[1], course=courses[0])

    learners[0].delete()

    assert _table(NATION, "", "") == 1
    assert_learners_exact()


def test_a_queryset_delete_of_one_learners_enrolments_counts_them_out_once(place):
    _communes, courses, learners = place
    for course in courses:
        services.enrolment_create(learner=learners[0], course=course)

    Enrolment.objects.filter(learner=learners[0]).delete()

    assert _table(NATION, "", "") == 0
    assert_learners_exact()


def test_a_commune_moved_to_another_province_takes_its_learners_along(place):
    communes, courses, learners = place
    services.enrolment_create(learner=learners[0], course=courses[0])
    services.enrolment_create(learner=learners[1], course=courses[0])
    old, new = communes[0].province, communes[2].province

    _move_commune(communes[0], new)

    assert _table(PROVINCE, old.code, "") == 1  # learners[1]'s commune stayed
    assert _table(PROVINCE, new.code, "") == 1
    assert_learners_exact()


def test_enrolments_without_a_commune_count_nowhere(place):
    _communes, courses, _learners = place
    EnrolmentFactory(learner=UserFactory(commune=None), course=courses[0], commune=None)

    assert not DailyLearnerCount.objects.exclude(learners=0).exists()


LEARNER_OPERATIONS = [*OPERATIONS, "move_commune"]


def apply_learner(operation: str, n: int, m: int, place) -> None:
    communes, _courses, _learners = place
    if operation == "move_commune":
        commune = communes[n % len(communes)]
        others = Province.objects.exclude(pk=commune.province_id).order_by("pk")
        _move_commune(commune, others[m % others.count()])
        return
    # The shared operations move enrolments between the fixture's first two communes.
    apply(operation, n, m, (communes[:2], *place[1:]))


@pytest.mark.parametrize("operation", LEARNER_OPERATIONS)
def test_every_write_path_keeps_the_learner_table_exact(place, operation):
    apply_learner("certify", 0, 0, place)
    apply_learner("enrol", 1, 1, place)
    apply_learner("enrol", 0, 1, place)

    apply_learner(operation, 0, 0, place)
    apply_learner(operation, 2, 1, place)

    assert_learners_exact()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(LEARNER_OPERATIONS), st.integers(0, 5), st.integers(0, 5)),
        max_size=20,
    )
)
def test_the_learner_table_equals_a_fresh_count_and_a_rebuild_after_any_writes(place, steps):
    for operation, n, m in steps:
        apply_learner(operation, n, m, place)
    assert_learners_exact()
    kept = learner_table_cells()
    _counted, corrected = learners_rebuild(chunk=1, province_chunk=1)
    assert learner_table_cells() == {key: n for key, n in kept.items() if n}
    assert corrected == sum(1 for n in kept.values() if not n)


def test_rebuild_repairs_a_damaged_table_and_a_second_run_writes_nothing(place):
    communes, courses, learners = place
    for learner in learners[:4]:
        services.enrolment_create(learner=learner, course=courses[0])
    expected = learner_table_cells()
    DailyLearnerCount.objects.filter(level=COMMUNE, place=communes[0].code).update(learners=7)
    DailyLearnerCount.objects.create(level=COMMUNE, place="00000", day=dt.date(2020, 1, 1))
    DailyLearnerCount.objects.create(
        level=PROVINCE, place=communes[0].province.code, day=dt.date(2020, 1, 1)
    )
    DailyLearnerCount.objects.filter(level=NATION, learner_group="").delete()

    counted, corrected = learners_rebuild(chunk=1, province_chunk=1)

    assert learner_table_cells() == expected
    assert counted == len(expected)
    assert corrected == 5  # two commune cells (all, group), two strays, one lost
    assert learners_rebuild() == (len(expected), 0)


def test_the_command_counts_learners_written_around_the_write_path(place):
    _communes, courses, learners = place
    EnrolmentFactory(learner=learners[0], course=courses[0])
    DailyLearnerCount.objects.all().delete()

    call_command("rebuild_statistics", verbosity=0)

    assert_learners_exact()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_migration_0023_counts_a_database_that_has_enrolments_already(place):
    _communes, courses, learners = place
    services.enrolment_create(learner=learners[0], course=courses[0])
    services.enrolment_create(learner=learners[1], course=courses[1])
    expected = learner_table_cells()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()

    executor.migrate([("courses", "0022_action_receipts")])
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert learner_table_cells() == expected
    assert_learners_exact()


def _dashboard(client, **params):
    client.force_login(UserFactory(superuser=True, commune=None))
    response = client.get(reverse("statistics_dashboard"), params)
    assert response.status_code == 200
    return response


def test_with_a_date_range_learners_are_those_whose_first_enrolment_falls_in_it(
    client, place, settings
):
    settings.STATISTICS_CACHE_SECONDS = 0
    _communes, courses, learners = place
    _backdate(services.enrolment_create(learner=learners[0], course=courses[0]), 40)
    services.enrolment_create(learner=learners[0], course=courses[1])
    services.enrolment_create(learner=learners[1], course=courses[1])
    week = {"date_from": (timezone.localdate() - dt.timedelta(days=7)).isoformat()}

    recent = _dashboard(client, **week)
    everything = _dashboard(client)

    assert (recent.context["totals"].learners, recent.context["totals"].enrolments) == (1, 2)
    assert (everything.context["totals"].learners, everything.context["totals"].enrolments) == (
        2,
        3,
    )
    assert "data-learners-note" in recent.content.decode()
    assert "lượt ghi danh đầu tiên" in recent.content.decode()
    assert "data-learners-note" not in everything.content.decode()
