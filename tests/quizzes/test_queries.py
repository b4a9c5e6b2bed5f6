"""Submitting an attempt reads and writes a fixed number of rows, whatever its length."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory, ModulePageFactory
from courses.models import CourseCompletion, ModuleProgress
from courses.selectors import course_outline_of_module
from courses.services import enrolment_create, module_start
from quizzes.factories import QuestionFactory, QuizFactory
from quizzes.selectors import attempt_form
from quizzes.services import attempt_save_answers, attempt_start, attempt_submit
from tests.quizzes.conftest import form_data, quiz_body

pytestmark = pytest.mark.django_db

# What a passing submission reads and writes (docs/decisions/004-quiz-grading.md): the attempt,
# its questions and their choices, the answers, the claim, the result and its question
# results; then the courses app: the enrolment (locked), the module's part results, the new
# part result, the module's completion and the completed modules; savepoint and release of
# the transaction, which the test holds open. Completing the course also reads the scores
# and stores the completion (savepoint, insert, the enrolment's copy of its date, release),
# and the statistics table follows (the enrolment's counts before and after, one upsert).
MAX_SUBMIT_QUERIES = 14
MAX_COMPLETING_SUBMIT_QUERIES = 22
KINDS = [{}, {"multiple": True}, {"true_false": True}, {"short_text": True}, {"ordering": True}]


def started_attempt(*, catalog, learner, category, size, other_modules=0):
    """An attempt at a quiz of `size` questions in a module the learner has opened, in a
    course with `other_modules` more (not complete) modules."""
    questions = [QuestionFactory(category=category, **KINDS[i % len(KINDS)]) for i in range(size)]
    quiz = QuizFactory(questions=questions, shuffle_choices=True)
    course = CoursePageFactory(parent=catalog)
    module = ModulePageFactory(parent=course, body=quiz_body(quiz))
    ModulePageFactory.create_batch(other_modules, parent=course)
    enrolment_create(learner=learner, course=course)
    module_start(learner=learner, module=module)
    return attempt_start(learner=learner, quiz=quiz, module=module, rng=random.Random(size))


def submit_queries(attempt, learner) -> int:
    data = form_data(attempt, right="all")
    # Measured with the course outline cached, as every submission but the first after a
    # publish finds it (creating another course made the cached outlines stale).
    cache.clear()
    course_outline_of_module(module=attempt.module)
    with CaptureQueriesContext(connection) as queries:
        outcome = attempt_submit(attempt=attempt, learner=learner, data=data)
    assert outcome.result.passed
    return len(queries)


def test_submitting_twenty_questions_costs_the_same_queries_as_five(catalog, learner, category):
    five = started_attempt(
        catalog=catalog, learner=learner, category=category, size=5, other_modules=1
    )
    twenty = started_attempt(
        catalog=catalog, learner=learner, category=category, size=20, other_modules=1
    )

    small, large = submit_queries(five, learner), submit_queries(twenty, learner)

    assert small == large
    assert large <= MAX_SUBMIT_QUERIES
    assert not CourseCompletion.objects.filter(learner=learner).exists()
    assert ModuleProgress.objects.filter(learner=learner, completed_at__isnull=False).count() == 2


def test_a_submission_that_completes_the_course_costs_a_few_queries_more(
    catalog, learner, category
):
    attempt = started_attempt(catalog=catalog, learner=learner, category=category, size=20)

    assert submit_queries(attempt, learner) <= MAX_COMPLETING_SUBMIT_QUERIES
    assert CourseCompletion.objects.get(learner=learner).score == 100


def test_saving_and_showing_an_attempt_do_not_grow_with_its_questions(
    catalog, learner, category, django_assert_max_num_queries
):
    attempt = started_attempt(catalog=catalog, learner=learner, category=category, size=20)
    data = form_data(attempt, right="all")

    with django_assert_max_num_queries(8):
        attempt_save_answers(attempt=attempt, learner=learner, data=data)
    with django_assert_max_num_queries(4):
        form = attempt_form(attempt=attempt)
    assert form.answered_count == 20
