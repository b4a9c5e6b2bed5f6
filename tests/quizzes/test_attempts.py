"""Starting, answering, submitting and grading attempts through `quizzes.services`."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.factories import ModulePageFactory
from courses.models import ModulePartResult, ModuleProgress
from courses.services import enrolment_leave
from quizzes.factories import QuestionFactory, QuizFactory
from quizzes.models import (
    Attempt,
    AttemptQuestion,
    AttemptResult,
    QuestionResult,
    QuizDraw,
    QuizQuestion,
)
from quizzes.selectors import attempt_questions, quiz_standing
from quizzes.services import (
    QuizError,
    attempt_close_if_expired,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)
from tests.quizzes.conftest import form_data, quiz_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def start(learner, quiz, module, seed=1):
    return attempt_start(learner=learner, quiz=quiz, module=module, rng=random.Random(seed))


def saved_answers(attempt):
    return list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("answer", flat=True)
    )


def module_completed(learner, module) -> bool:
    return ModuleProgress.objects.filter(
        learner=learner, module=module, completed_at__isnull=False
    ).exists()


# --- starting -------------------------------------------------------------------------------


def test_starting_freezes_the_questions_their_order_and_points(enrolled, quiz, module, bank):
    attempt = start(enrolled, quiz, module)
    bank[0].points = 9
    bank[0].save()

    items = attempt_questions(attempt=attempt)
    assert [aq.question_id for aq in items] == [q.pk for q in bank]
    assert [aq.position for aq in items] == [1, 2, 3, 4, 5]
    assert items[0].points == 1
    assert attempt.number == 1


def test_starting_again_resumes_the_attempt_in_progress(enrolled, quiz, module):
    first = start(enrolled, quiz, module)

    assert start(enrolled, quiz, module, seed=2).pk == first.pk
    assert Attempt.objects.count() == 1


def test_a_learner_who_is_not_enrolled_cannot_start(learner, quiz, module):
    with pytest.raises(QuizError, match="Enrol in the course"):
        start(learner, quiz, module)
    assert not Attempt.objects.exists()


def test_a_learner_who_left_the_course_cannot_start(enrolled, course, quiz, module):
    enrolment_leave(learner=enrolled, course=course)

    with pytest.raises(QuizError, match="Enrol in the course"):
        start(enrolled, quiz, module)


def test_a_locked_module_of_a_sequential_course_cannot_be_started(learner, catalog, quiz):
    from courses.factories import CoursePageFactory
    from courses.services import enrolment_create

    course = CoursePageFactory(parent=catalog, sequential=True)
    ModulePageFactory(parent=course)
    locked = ModulePageFactory(parent=course, body=quiz_body(quiz))
    enrolment_create(learner=learner, course=course)

    with pytest.raises(QuizError, match="previous modules"):
        start(learner, quiz, locked)


def test_a_quiz_can_only_be_started_from_a_module_that_shows_it(enrolled, course, module):
    elsewhere = QuizFactory(questions=[QuestionFactory()])

    with pytest.raises(QuizError, match="not part of this module"):
        start(enrolled, elsewhere, module)


def test_the_attempt_limit_refuses_a_new_attempt(enrolled, quiz, module):
    quiz.max_attempts = 1
    quiz.save()
    attempt = start(enrolled, quiz, module)
    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, wrong="all"))

    with pytest.raises(QuizError, match="used your 1 attempt"):
        start(enrolled, quiz, module)
    assert Attempt.objects.count() == 1


def test_a_retake_draws_a_new_random_selection(enrolled, module, quiz, category, bank):
    extra = [QuestionFactory(category=category) for _ in range(5)]
    QuizQuestion.objects.filter(quiz=quiz).delete()
    QuizDraw.objects.create(quiz=quiz, category=category, count=5)
    first = start(enrolled, quiz, module, seed=3)
    attempt_submit(attempt=first, learner=enrolled, data=form_data(first, wrong="all"))

    second = start(enrolled, quiz, module, seed=3)

    first_ids = {aq.question_id for aq in attempt_questions(attempt=first)}
    second_ids = {aq.question_id for aq in attempt_questions(attempt=second)}
    assert len(first_ids) == len(second_ids) == 5
    assert not first_ids & second_ids
    assert first_ids | second_ids == {q.pk for q in bank + extra}


def test_database_refuses_two_attempts_in_progress(enrolled, quiz, module):
    start(enrolled, quiz, module)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, learner=enrolled, module=module, number=2)


def test_database_refuses_two_attempts_with_the_same_number(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)
    attempt_submit(attempt=attempt, learner=enrolled)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, learner=enrolled, module=module, number=1)


# --- saving answers -------------------------------------------------------------------------


def test_answers_saved_on_the_server_survive_a_reload(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)

    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt, right={1, 3}))

    reloaded = Attempt.objects.get(pk=attempt.pk)
    answers = saved_answers(reloaded)
    assert answers[0] is not None and answers[2] is False
    assert answers[1] is None


def test_unticking_every_box_clears_a_saved_answer(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)
    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt, right={2}))

    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt))

    assert saved_answers(attempt)[1] is None


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda data, attempt: data.update({"q-999999": ["1"]}), "not part of this attempt"),
        (
            lambda data, attempt: data.update(
                {f"q-{attempt_questions(attempt=attempt)[0].question_id}": ["999999"]}
            ),
            "Question 1: That choice is not one of",
        ),
    ],
    ids=["question not in the attempt", "choice out of range"],
)
def test_an_impossible_answer_is_refused_and_nothing_changes(
    enrolled, quiz, module, tamper, message
):
    attempt = start(enrolled, quiz, module)
    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt, right={1}))
    before = saved_answers(attempt)
    data = form_data(attempt, right="all")
    tamper(data, attempt)

    with pytest.raises(QuizError, match=message):
        attempt_save_answers(attempt=attempt, learner=enrolled, data=data)
    assert saved_answers(attempt) == before


def test_a_question_of_another_quiz_is_not_part_of_the_attempt(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)
    stranger = QuestionFactory()

    with pytest.raises(QuizError, match="not part of this attempt"):
        attempt_save_answers(attempt=attempt, learner=enrolled, data={"shown": [str(stranger.pk)]})


def test_another_learners_attempt_cannot_be_answered_or_submitted(
    enrolled, other_learner, quiz, module
):
    attempt = start(enrolled, quiz, module)

    with pytest.raises(QuizError, match="another learner") as refused:
        attempt_save_answers(attempt=attempt, learner=other_learner, data=form_data(attempt))
    with pytest.raises(QuizError, match="another learner"):
        attempt_submit(attempt=attempt, learner=other_learner, data=form_data(attempt))
    assert refused.value.status == 403
    assert saved_answers(attempt) == [None] * 5
    assert not AttemptResult.objects.exists()


def test_a_submitted_attempt_refuses_new_answers(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)
    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, wrong="all"))
    before = saved_answers(attempt)

    with pytest.raises(QuizError, match="has been submitted"):
        attempt_save_answers(
            attempt=attempt, learner=enrolled, data=form_data(attempt, right="all")
        )
    assert saved_answers(attempt) == before


# --- time limit -----------------------------------------------------------------------------


def expire(attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    attempt.refresh_from_db()


def test_a_timed_attempt_gets_its_deadline_from_the_quiz(enrolled, quiz, module):
    quiz.time_limit_minutes = 10
    quiz.save()

    attempt = start(enrolled, quiz, module)

    assert attempt.deadline - attempt.started_at == timedelta(minutes=10)


def test_answers_after_the_deadline_are_refused_and_nothing_changes(enrolled, quiz, module):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(enrolled, quiz, module)
    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt, right={1}))
    before = saved_answers(attempt)
    expire(attempt)

    with pytest.raises(QuizError, match="Time is up"):
        attempt_save_answers(
            attempt=attempt, learner=enrolled, data=form_data(attempt, right="all")
        )
    assert saved_answers(attempt) == before


def test_a_late_submission_is_graded_with_what_was_saved_in_time(enrolled, quiz, module):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(enrolled, quiz, module)
    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt, right={1}))
    expire(attempt)

    outcome = attempt_submit(
        attempt=attempt, learner=enrolled, data=form_data(attempt, right="all")
    )

    assert outcome.timed_out
    assert outcome.result.timed_out
    assert outcome.result.score == Decimal("1.00")
    assert not outcome.result.passed


def test_an_attempt_that_ran_out_is_graded_when_closed(enrolled, quiz, module):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(enrolled, quiz, module)
    attempt_save_answers(attempt=attempt, learner=enrolled, data=form_data(attempt, right="all"))
    expire(attempt)

    result = attempt_close_if_expired(attempt=attempt)

    assert result.percent == Decimal("100.00")
    assert result.timed_out
    assert module_completed(enrolled, module)


def test_starting_after_the_time_ran_out_grades_the_old_attempt_and_counts_it(
    enrolled, quiz, module
):
    quiz.time_limit_minutes = 5
    quiz.save()
    old = start(enrolled, quiz, module)
    expire(old)

    new = start(enrolled, quiz, module)

    assert new.number == 2
    assert AttemptResult.objects.get(attempt=old).timed_out


def test_an_attempt_within_its_time_is_not_closed(enrolled, quiz, module):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(enrolled, quiz, module)

    assert attempt_close_if_expired(attempt=attempt) is None
    assert Attempt.objects.get(pk=attempt.pk).in_progress


# --- submitting and completion --------------------------------------------------------------


def test_submitting_grades_on_the_server_and_stores_each_questions_result(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)

    outcome = attempt_submit(
        attempt=attempt, learner=enrolled, data=form_data(attempt, right={1, 2, 3}, wrong={4})
    )

    result = outcome.result
    assert (result.score, result.max_score, result.percent) == (
        Decimal("4.00"),
        Decimal("7.00"),
        Decimal("57.14"),
    )
    assert not result.passed
    outcomes = dict(
        QuestionResult.objects.filter(result=result).values_list(
            "attempt_question__position", "outcome"
        )
    )
    assert outcomes == {1: "correct", 2: "correct", 3: "correct", 4: "incorrect", 5: "unanswered"}
    assert not Attempt.objects.get(pk=attempt.pk).in_progress


def test_submitting_twice_grades_once_and_returns_the_same_result(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)
    first = attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, wrong="all"))

    again = attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, right="all"))

    assert again.already_submitted
    assert again.result.pk == first.result.pk
    assert again.result.percent == first.result.percent == Decimal("0.00")
    assert AttemptResult.objects.count() == 1
    assert QuestionResult.objects.count() == 5


def test_database_refuses_a_second_result_for_an_attempt(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)
    attempt_submit(attempt=attempt, learner=enrolled)

    with pytest.raises(IntegrityError), transaction.atomic():
        AttemptResult.objects.create(
            attempt=attempt, score=1, max_score=7, percent=10, passed=False
        )


def test_passing_a_required_quiz_completes_its_part_and_the_module(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)

    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, right="all"))

    part = ModulePartResult.objects.get(learner=enrolled, module=module)
    assert part.part == f"quiz:{quiz.pk}"
    assert part.score == Decimal("100.00")
    assert module_completed(enrolled, module)


def test_failing_leaves_the_module_incomplete(enrolled, quiz, module):
    attempt = start(enrolled, quiz, module)

    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, right={1}))

    assert not ModulePartResult.objects.exists()
    assert not module_completed(enrolled, module)


def test_the_module_waits_for_every_required_quiz(enrolled, course, quiz, bank):
    second = QuizFactory(questions=bank[:1])
    module = ModulePageFactory(parent=course, body=quiz_body(quiz, second))
    attempt = start(enrolled, quiz, module)
    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, right="all"))
    assert not module_completed(enrolled, module)

    other = start(enrolled, second, module)
    attempt_submit(attempt=other, learner=enrolled, data=form_data(other, right="all"))

    assert module_completed(enrolled, module)


@pytest.mark.parametrize(
    ("method", "reported"),
    [("highest", "100.00"), ("average", "78.57")],
)
def test_the_reported_score_follows_the_quizs_grading_method(
    enrolled, quiz, module, method, reported
):
    quiz.grading_method = method
    quiz.pass_mark = 50
    quiz.save()
    first = start(enrolled, quiz, module)
    attempt_submit(attempt=first, learner=enrolled, data=form_data(first, right="all"))
    second = start(enrolled, quiz, module)
    attempt_submit(attempt=second, learner=enrolled, data=form_data(second, right={1, 2, 3}))

    part = ModulePartResult.objects.get(learner=enrolled, module=module)
    assert part.score == Decimal(reported)


def test_with_last_attempt_grading_a_failed_retake_does_not_report_a_pass(enrolled, quiz, module):
    quiz.grading_method = "last"
    quiz.save()
    first = start(enrolled, quiz, module)
    attempt_submit(attempt=first, learner=enrolled, data=form_data(first, right={1}))
    second = start(enrolled, quiz, module)
    attempt_submit(attempt=second, learner=enrolled, data=form_data(second, right="all"))
    third = start(enrolled, quiz, module)
    attempt_submit(attempt=third, learner=enrolled, data=form_data(third, right={1}))

    standing = quiz_standing(quiz=quiz, learner=enrolled, module=module)
    assert standing.overall == Decimal("14.28")
    assert not standing.passed
    assert ModulePartResult.objects.get().score == Decimal("100.00")


def test_an_optional_quiz_is_not_a_completion_part(enrolled, course, quiz):
    module = ModulePageFactory(parent=course, body=quiz_body(quiz, required=False))

    assert module.completion_parts() == []


def test_passing_an_optional_quiz_does_not_complete_a_module_without_parts(enrolled, course, quiz):
    module = ModulePageFactory(parent=course, body=quiz_body(quiz, required=False))
    attempt = start(enrolled, quiz, module)

    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, right="all"))

    assert not ModulePartResult.objects.exists()
    assert not module_completed(enrolled, module)


def test_a_learner_who_left_still_gets_the_attempt_graded(enrolled, course, quiz, module):
    attempt = start(enrolled, quiz, module)
    enrolment_leave(learner=enrolled, course=course)

    outcome = attempt_submit(
        attempt=attempt, learner=enrolled, data=form_data(attempt, right="all")
    )

    assert outcome.result.passed
    assert not ModulePartResult.objects.exists()


def test_a_passed_quiz_shows_on_the_next_view_of_the_course(
    learner_client, enrolled, course, quiz, module
):
    assert not learner_client.get(course.url).context["progress"].rows[0].state.completed
    attempt = start(enrolled, quiz, module)

    attempt_submit(attempt=attempt, learner=enrolled, data=form_data(attempt, right="all"))

    assert learner_client.get(course.url).context["progress"].rows[0].state.completed
