"""Enrolment, module progress and course completion through `courses.services`."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission

from courses import services
from courses.factories import (
    CourseCompletionFactory,
    CoursePageFactory,
    EnrolmentFactory,
    ModulePageFactory,
    ModuleProgressFactory,
)
from courses.models import (
    CourseCompletion,
    CoursePrerequisite,
    Enrolment,
    ModulePartResult,
    ModuleProgress,
)
from courses.services import LearningError
from home.factories import CommuneFactory, UserFactory
from home.models import LearnerGroup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def complete_all(learner, course, modules):
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)


# --- enrolment -----------------------------------------------------------------------------


def test_enrolment_stores_the_learners_commune_and_group_at_that_moment(learner, course):
    commune_then = learner.commune

    enrolment = services.enrolment_create(learner=learner, course=course)
    learner.commune = CommuneFactory(name="Xã Lóng Sập")
    learner.learner_group = LearnerGroup.CITIZEN
    learner.save()

    enrolment.refresh_from_db()
    assert enrolment.commune == commune_then
    assert enrolment.learner_group == LearnerGroup.OFFICIAL
    assert enrolment.is_active


def test_enrolling_twice_keeps_one_enrolment(learner, course):
    first = services.enrolment_create(learner=learner, course=course)
    second = services.enrolment_create(learner=learner, course=course)

    assert first.pk == second.pk
    assert Enrolment.objects.filter(learner=learner, course=course).count() == 1


def test_database_refuses_a_second_enrolment_row(learner, course):
    services.enrolment_create(learner=learner, course=course)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(learner=learner, course=course, commune=learner.commune)


def test_learner_without_a_commune_cannot_enrol(course):
    learner = UserFactory(commune=None)

    with pytest.raises(LearningError, match="commune"):
        services.enrolment_create(learner=learner, course=course)

    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("opens_in", "closes_in"),
    [
        pytest.param(timedelta(days=1), None, id="not-open-yet"),
        pytest.param(None, -timedelta(minutes=1), id="closed"),
    ],
)
def test_enrolment_outside_the_window_is_refused_with_a_clear_message(
    learner, catalog, opens_in, closes_in
):
    now = timezone.now()
    course = CoursePageFactory(
        parent=catalog,
        enrolment_opens_at=now + opens_in if opens_in else None,
        enrolment_closes_at=now + closes_in if closes_in else None,
    )

    with pytest.raises(LearningError, match="Enrolment in this course is closed"):
        services.enrolment_create(learner=learner, course=course)

    assert not Enrolment.objects.exists()


def test_enrolment_inside_the_window_is_accepted(learner, catalog):
    now = timezone.now()
    course = CoursePageFactory(
        parent=catalog,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=1),
    )

    assert services.enrolment_create(learner=learner, course=course).is_active


def test_enrolment_with_unmet_prerequisite_names_the_course_to_complete_first(
    learner, catalog, course
):
    advanced = CoursePageFactory(parent=catalog, title="Chuyển đổi số nâng cao")
    CoursePrerequisite.objects.create(course=advanced, required_course=course)

    with pytest.raises(LearningError, match="An toàn thông tin cơ bản"):
        services.enrolment_create(learner=learner, course=advanced)

    assert not Enrolment.objects.filter(course=advanced).exists()


def test_enrolment_is_accepted_once_the_prerequisite_is_completed(learner, catalog, course):
    advanced = CoursePageFactory(parent=catalog)
    CoursePrerequisite.objects.create(course=advanced, required_course=course)
    CourseCompletionFactory(learner=learner, course=course)

    assert services.enrolment_create(learner=learner, course=advanced).is_active


def test_leaving_keeps_progress_and_re_enrolling_restores_it(learner, course, modules):
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.module_mark_done(learner=learner, course=course, module=modules[0])

    services.enrolment_leave(learner=learner, course=course)
    enrolment.refresh_from_db()
    assert enrolment.left_at is not None
    assert ModuleProgress.objects.get(learner=learner, module=modules[0]).completed_at

    again = services.enrolment_create(learner=learner, course=course)

    assert again.pk == enrolment.pk
    assert again.is_active
    assert ModuleProgress.objects.get(learner=learner, module=modules[0]).completed_at


def test_re_enrolling_after_leaving_is_refused_once_enrolment_has_closed(learner, course):
    services.enrolment_create(learner=learner, course=course)
    services.enrolment_leave(learner=learner, course=course)
    course.enrolment_closes_at = timezone.now() - timedelta(days=1)
    course.save()

    with pytest.raises(LearningError, match="closed"):
        services.enrolment_create(learner=learner, course=course)

    assert Enrolment.objects.get(learner=learner, course=course).left_at is not None


def test_leaving_a_course_one_is_not_enrolled_in_is_refused(learner, course):
    with pytest.raises(LearningError, match="not enrolled"):
        services.enrolment_leave(learner=learner, course=course)


def test_leaving_twice_is_refused_and_keeps_the_first_leaving_time(learner, course):
    services.enrolment_create(learner=learner, course=course)
    services.enrolment_leave(learner=learner, course=course)
    left_at = Enrolment.objects.get().left_at

    with pytest.raises(LearningError):
        services.enrolment_leave(learner=learner, course=course)

    assert Enrolment.objects.get().left_at == left_at


def report_columns(enrolment):
    return (enrolment.commune_id, enrolment.province_id, enrolment.learner_group, enrolment.left_at)


def test_bulk_enrolment_writes_the_rows_enrolment_create_writes(learner, catalog, course):
    other = UserFactory(commune=CommuneFactory(), learner_group=LearnerGroup.DIGITAL_TEAM)
    second = CoursePageFactory(parent=catalog, title="Dịch vụ công trực tuyến")
    one = services.enrolment_create(learner=learner, course=course)

    many = services.enrolments_create_many(
        pairs=[(learner, second), (other, course), (other, second)]
    )

    assert len(many) == 3
    rows = {(e.learner_id, e.course_id): e for e in Enrolment.objects.all()}
    assert report_columns(rows[learner.pk, second.pk]) == report_columns(one)
    assert report_columns(rows[other.pk, course.pk]) == (
        other.commune_id,
        other.commune.province_id,
        LearnerGroup.DIGITAL_TEAM,
        None,
    )


def test_bulk_enrolment_costs_the_same_for_two_learners_or_fifty(
    catalog, course, django_assert_num_queries
):
    learners = UserFactory.create_batch(50, commune=CommuneFactory())

    # the courses' window and prerequisites, the communes' provinces, the insert, the
    # statistics table's upsert (one cell here); the learners' lock, the read of their
    # enrolments and the distinct-learner table's upsert (decision 032)
    with django_assert_num_queries(7):
        services.enrolments_create_many(pairs=[(lr, course) for lr in learners[:2]])
    with django_assert_num_queries(7):
        services.enrolments_create_many(pairs=[(lr, course) for lr in learners[2:]])
    assert Enrolment.objects.filter(course=course).count() == 50


@pytest.mark.parametrize("why", ["no commune", "prerequisite", "closed"])
def test_bulk_enrolment_refuses_what_enrolment_create_might_refuse(learner, catalog, course, why):
    target = course
    if why == "no commune":
        learner = UserFactory(commune=None)
    elif why == "prerequisite":
        target = CoursePageFactory(parent=catalog)
        CoursePrerequisite.objects.create(course=target, required_course=course)
    else:
        target = CoursePageFactory(
            parent=catalog, enrolment_closes_at=timezone.now() - timedelta(days=1)
        )

    with pytest.raises(ValueError):
        services.enrolments_create_many(pairs=[(learner, target)])
    assert not Enrolment.objects.exists()


def test_bulk_enrolment_of_an_enrolled_learner_is_refused_whole(learner, course):
    services.enrolment_create(learner=learner, course=course)
    other = UserFactory(commune=CommuneFactory())

    with pytest.raises(IntegrityError), transaction.atomic():
        services.enrolments_create_many(pairs=[(other, course), (learner, course)])
    assert list(Enrolment.objects.values_list("learner_id", flat=True)) == [learner.pk]


# --- module progress -----------------------------------------------------------------------


def test_opening_a_module_records_when_it_was_first_started(learner, course, modules):
    first = services.module_start(learner=learner, module=modules[0])
    second = services.module_start(learner=learner, module=modules[0])

    assert first.pk == second.pk
    assert second.started_at == first.started_at
    assert second.completed_at is None


def test_mark_as_done_records_the_completion_time_once(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)

    first = services.module_mark_done(learner=learner, course=course, module=modules[0])
    second = services.module_mark_done(learner=learner, course=course, module=modules[0])

    assert first.completed_at is not None
    assert second.completed_at == first.completed_at
    assert ModuleProgress.objects.filter(learner=learner, module=modules[0]).count() == 1


def test_mark_as_done_keeps_the_time_the_module_was_started(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    started = services.module_start(learner=learner, module=modules[0]).started_at

    progress = services.module_mark_done(learner=learner, course=course, module=modules[0])

    assert progress.started_at == started
    assert progress.completed_at >= started


def test_database_refuses_a_second_progress_row_for_a_module(learner, modules):
    ModuleProgressFactory(learner=learner, module=modules[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        ModuleProgress.objects.create(learner=learner, module=modules[0])


def test_mark_as_done_without_enrolment_is_refused(learner, course, modules):
    with pytest.raises(LearningError, match="Enrol"):
        services.module_mark_done(learner=learner, course=course, module=modules[0])

    assert not ModuleProgress.objects.exists()


def test_mark_as_done_after_leaving_is_refused(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    services.enrolment_leave(learner=learner, course=course)

    with pytest.raises(LearningError):
        services.module_mark_done(learner=learner, course=course, module=modules[0])

    assert not ModuleProgress.objects.exists()


def test_mark_as_done_of_a_module_of_another_course_is_refused(learner, catalog, course, modules):
    other = CoursePageFactory(parent=catalog)
    foreign = ModulePageFactory(parent=other)
    services.enrolment_create(learner=learner, course=course)

    with pytest.raises(LearningError):
        services.module_mark_done(learner=learner, course=course, module=foreign)

    assert not ModuleProgress.objects.exists()


def test_locked_module_of_a_sequential_course_cannot_be_marked_done(
    learner, sequential_course, sequential_modules
):
    services.enrolment_create(learner=learner, course=sequential_course)

    with pytest.raises(LearningError, match="previous modules"):
        services.module_mark_done(
            learner=learner, course=sequential_course, module=sequential_modules[1]
        )

    assert not ModuleProgress.objects.exists()


def test_sequential_course_unlocks_the_next_module_once_the_previous_is_done(
    learner, sequential_course, sequential_modules
):
    services.enrolment_create(learner=learner, course=sequential_course)
    first, second, _third = sequential_modules

    services.module_mark_done(learner=learner, course=sequential_course, module=first)
    progress = services.module_mark_done(learner=learner, course=sequential_course, module=second)

    assert progress.completed_at is not None


def test_optional_module_does_not_lock_the_next_one(learner, catalog):
    course = CoursePageFactory(parent=catalog, sequential=True)
    first = ModulePageFactory(parent=course)
    optional = ModulePageFactory(parent=course, is_required=False)
    after = ModulePageFactory(parent=course)
    services.enrolment_create(learner=learner, course=course)
    services.module_mark_done(learner=learner, course=course, module=first)

    services.module_mark_done(learner=learner, course=course, module=after)

    assert not ModuleProgress.objects.filter(module=optional).exists()
    assert ModuleProgress.objects.get(module=after).completed_at is not None


def test_module_with_required_activities_cannot_be_marked_done_by_hand(
    learner, course, modules, graded_parts
):
    graded_parts[modules[0].pk] = ["quiz:1"]
    services.enrolment_create(learner=learner, course=course)

    with pytest.raises(LearningError, match="activities"):
        services.module_mark_done(learner=learner, course=course, module=modules[0])

    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


# --- graded parts --------------------------------------------------------------------------


def test_module_completes_only_once_every_required_activity_is_passed(
    learner, course, modules, graded_parts
):
    module = modules[0]
    graded_parts[module.pk] = ["quiz:1", "h5p:2"]
    services.enrolment_create(learner=learner, course=course)

    services.module_part_passed(learner=learner, module=module, part="quiz:1", score=80)
    assert not ModuleProgress.objects.filter(module=module, completed_at__isnull=False).exists()

    services.module_part_passed(learner=learner, module=module, part="h5p:2", score=90)
    assert ModuleProgress.objects.get(module=module).completed_at is not None


def test_passing_an_activity_again_replaces_its_score_and_keeps_one_row(
    learner, course, modules, graded_parts
):
    module = modules[0]
    graded_parts[module.pk] = ["quiz:1"]
    services.enrolment_create(learner=learner, course=course)

    services.module_part_passed(learner=learner, module=module, part="quiz:1", score=Decimal(70))
    services.module_part_passed(learner=learner, module=module, part="quiz:1", score=Decimal(95))

    result = ModulePartResult.objects.get(learner=learner, module=module)
    assert result.score == Decimal(95)


def test_a_pass_reported_after_the_course_was_unpublished_still_completes_the_module(
    learner, course, modules, graded_parts
):
    """The parts and the course come from the cached outline of the live course; a course
    taken offline meanwhile is read from the database instead, and the pass still counts."""
    module = modules[0]
    graded_parts[module.pk] = ["quiz:1"]
    services.enrolment_create(learner=learner, course=course)
    course.unpublish()

    services.module_part_passed(learner=learner, module=module, part="quiz:1", score=80)

    assert ModulePartResult.objects.get(learner=learner, module=module).score == 80
    assert ModuleProgress.objects.get(learner=learner, module=module).completed_at is not None


def test_a_part_the_module_does_not_count_is_not_recorded_and_completes_nothing(
    learner, course, modules, graded_parts
):
    module = modules[0]
    services.enrolment_create(learner=learner, course=course)

    result = services.module_part_passed(learner=learner, module=module, part="h5p:9", score=100)

    assert result is None
    assert not ModulePartResult.objects.exists()
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def test_passing_an_activity_without_enrolment_is_refused(learner, course, modules, graded_parts):
    graded_parts[modules[0].pk] = ["quiz:1"]

    with pytest.raises(LearningError):
        services.module_part_passed(learner=learner, module=modules[0], part="quiz:1", score=90)

    assert not ModulePartResult.objects.exists()
    assert not ModuleProgress.objects.exists()


# --- course completion ---------------------------------------------------------------------


def test_course_completes_when_every_required_module_is_done(learner, course, modules):
    enrolment = services.enrolment_create(learner=learner, course=course)

    complete_all(learner, course, modules[:-1])
    assert not CourseCompletion.objects.exists()

    services.module_mark_done(learner=learner, course=course, module=modules[-1])

    completion = CourseCompletion.objects.get(learner=learner, course=course)
    assert completion.enrolment == enrolment
    assert completion.score is None


def test_optional_modules_are_not_needed_to_complete_a_course(learner, catalog):
    course = CoursePageFactory(parent=catalog)
    required = ModulePageFactory(parent=course)
    ModulePageFactory(parent=course, is_required=False)
    services.enrolment_create(learner=learner, course=course)

    services.module_mark_done(learner=learner, course=course, module=required)

    assert CourseCompletion.objects.filter(learner=learner, course=course).exists()


def test_draft_modules_are_not_needed_to_complete_a_course(learner, catalog):
    course = CoursePageFactory(parent=catalog)
    live = ModulePageFactory(parent=course)
    ModulePageFactory(parent=course, live=False)
    services.enrolment_create(learner=learner, course=course)

    services.module_mark_done(learner=learner, course=course, module=live)

    assert CourseCompletion.objects.filter(learner=learner, course=course).exists()


def test_course_with_minimum_score_completes_when_the_average_reaches_it(
    learner, catalog, graded_parts
):
    course = CoursePageFactory(parent=catalog, min_score=70)
    first, second = ModulePageFactory.create_batch(2, parent=course)
    graded_parts[first.pk] = ["quiz:1"]
    graded_parts[second.pk] = ["quiz:2"]
    services.enrolment_create(learner=learner, course=course)

    services.module_part_passed(learner=learner, module=first, part="quiz:1", score=Decimal(60))
    services.module_part_passed(learner=learner, module=second, part="quiz:2", score=Decimal(79))
    assert not CourseCompletion.objects.exists(), "average 69.5 is below 70"

    services.module_part_passed(learner=learner, module=first, part="quiz:1", score=Decimal(61))

    assert CourseCompletion.objects.get().score == Decimal("70.00")


def test_scores_of_optional_modules_do_not_count_towards_the_minimum(
    learner, catalog, graded_parts
):
    course = CoursePageFactory(parent=catalog, min_score=80)
    required = ModulePageFactory(parent=course)
    optional = ModulePageFactory(parent=course, is_required=False)
    graded_parts[required.pk] = ["quiz:1"]
    graded_parts[optional.pk] = ["quiz:2"]
    services.enrolment_create(learner=learner, course=course)

    services.module_part_passed(learner=learner, module=optional, part="quiz:2", score=100)
    services.module_part_passed(learner=learner, module=required, part="quiz:1", score=70)

    assert not CourseCompletion.objects.exists()


def test_course_with_minimum_score_and_no_assessment_never_completes_by_modules_alone(
    learner, catalog
):
    course = CoursePageFactory(parent=catalog, min_score=50)
    module = ModulePageFactory(parent=course)
    services.enrolment_create(learner=learner, course=course)

    services.module_mark_done(learner=learner, course=course, module=module)

    assert services.course_completion_evaluate(learner=learner, course=course) is None
    assert not CourseCompletion.objects.exists()


def test_completion_is_stored_once_however_often_it_is_evaluated(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    complete_all(learner, course, modules)

    first = services.course_completion_evaluate(learner=learner, course=course)
    second = services.course_completion_evaluate(learner=learner, course=course)

    assert first.pk == second.pk
    assert CourseCompletion.objects.filter(learner=learner, course=course).count() == 1


def test_database_refuses_a_second_completion_row(learner, course):
    CourseCompletionFactory(learner=learner, course=course)

    with pytest.raises(IntegrityError), transaction.atomic():
        CourseCompletion.objects.create(learner=learner, course=course)


def test_completion_of_one_learner_does_not_complete_the_course_for_another(
    learner, other_learner, course, modules
):
    services.enrolment_create(learner=learner, course=course)
    services.enrolment_create(learner=other_learner, course=course)

    complete_all(learner, course, modules)

    assert list(CourseCompletion.objects.values_list("learner", flat=True)) == [learner.pk]


# --- trainers ------------------------------------------------------------------------------


def test_trainers_may_add_and_edit_pages_under_the_catalog_but_not_publish(catalog):
    services.catalog_grant_trainers(catalog=catalog)
    services.catalog_grant_trainers(catalog=catalog)

    granted = GroupPagePermission.objects.filter(
        group=Group.objects.get(name=services.TRAINERS_GROUP), page=catalog
    )
    assert sorted(granted.values_list("permission__codename", flat=True)) == [
        "add_page",
        "change_page",
    ]


def test_enrolment_factory_copies_the_learners_commune(learner, course):
    enrolment = EnrolmentFactory(learner=learner, course=course)

    assert enrolment.commune == learner.commune
