"""`courses.signals.course_completed`: sent once per learner and course, after the commit."""

import pytest
from django.db import transaction

from courses import services
from courses.models import CourseCompletion
from courses.signals import course_completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The completions announced through `course_completed` during the test."""
    received = []

    def receiver(sender, completion, **kwargs):
        received.append(completion)

    course_completed.connect(receiver, dispatch_uid="tests.courses.announced")
    yield received
    course_completed.disconnect(dispatch_uid="tests.courses.announced")


@pytest.fixture
def enrolled(learner, course, modules):
    return services.enrolment_create(learner=learner, course=course)


def finish(learner, course, modules):
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)


def test_completing_a_course_announces_it_once_with_the_stored_completion(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finish(learner, course, modules)

    assert announced == [CourseCompletion.objects.get(learner=learner, course=course)]
    assert announced[0].learner == learner


def test_completion_is_announced_only_after_the_transaction_commits(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        finish(learner, course, modules)

        assert announced == []

    for callback in callbacks:  # the announcement, and the learner state retired again
        callback()
    assert len(announced) == 1


def test_rolled_back_completion_is_never_announced(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        finish(learner, course, modules)
        raise RuntimeError("the request failed after the last module")

    assert callbacks == []
    assert announced == []
    assert not CourseCompletion.objects.exists()


def test_evaluating_completion_twice_announces_once(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finish(learner, course, modules)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_completion_evaluate(learner=learner, course=course)
        services.course_completion_evaluate(learner=learner, course=course)

    assert len(announced) == 1


def test_marking_modules_done_again_after_completion_announces_nothing_more(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finish(learner, course, modules)
        finish(learner, course, modules)

    assert len(announced) == 1


def test_leaving_and_re_enrolling_does_not_announce_the_completion_again(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finish(learner, course, modules)
        services.enrolment_leave(learner=learner, course=course)
        services.enrolment_create(learner=learner, course=course)
        finish(learner, course, modules)

    assert len(announced) == 1


def test_passing_an_activity_again_after_completion_announces_nothing_more(
    learner, course, modules, enrolled, graded_parts, announced, django_capture_on_commit_callbacks
):
    graded_parts[modules[0].pk] = ["quiz:1"]
    with django_capture_on_commit_callbacks(execute=True):
        services.module_part_passed(learner=learner, module=modules[0], part="quiz:1", score=80)
        finish(learner, course, modules[1:])
        services.module_part_passed(learner=learner, module=modules[0], part="quiz:1", score=95)

    assert len(announced) == 1


def test_incomplete_course_announces_nothing(
    learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finish(learner, course, modules[:-1])
        services.course_completion_evaluate(learner=learner, course=course)

    assert announced == []


def test_each_learner_completing_is_announced_separately(
    learner, other_learner, course, modules, enrolled, announced, django_capture_on_commit_callbacks
):
    services.enrolment_create(learner=other_learner, course=course)

    with django_capture_on_commit_callbacks(execute=True):
        finish(learner, course, modules)
        finish(other_learner, course, modules)

    assert [completion.learner for completion in announced] == [learner, other_learner]
