"""Submitting an attempt reads and writes a fixed number of rows, whatever its length."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory, ModulePageFactory
from courses.selectors import course_outline_of_module
from courses.services import enrolment_create
from quizzes.factories import QuestionFactory, QuizFactory
from quizzes.selectors import attempt_form
from quizzes.services import attempt_save_answers, attempt_start, attempt_submit
from tests.quizzes.conftest import form_data, quiz_body

pytestmark = pytest.mark.django_db

# Our own reads and writes are about a dozen; the rest is the courses app recording the pass,
# the module and the course completion, and savepoints.
MAX_SUBMIT_QUERIES = 50
KINDS = [{}, {"multiple": True}, {"true_false": True}, {"short_text": True}, {"ordering": True}]


def started_attempt(*, catalog, learner, category, size):
    questions = [QuestionFactory(category=category, **KINDS[i % len(KINDS)]) for i in range(size)]
    quiz = QuizFactory(questions=questions, shuffle_choices=True)
    course = CoursePageFactory(parent=catalog)
    module = ModulePageFactory(parent=course, body=quiz_body(quiz))
    enrolment_create(learner=learner, course=course)
    return attempt_start(learner=learner, quiz=quiz, module=module, rng=random.Random(size))


def submit_queries(attempt, learner) -> int:
    data = form_data(attempt, right="all")
    # Both measured with the course outline cached, as every submission but the first after a
    # publish finds it (creating the second course made the first one's cached outline stale).
    cache.clear()
    course_outline_of_module(module=attempt.module)
    with CaptureQueriesContext(connection) as queries:
        outcome = attempt_submit(attempt=attempt, learner=learner, data=data)
    assert outcome.result.passed
    return len(queries)


def test_submitting_twenty_questions_costs_the_same_queries_as_five(catalog, learner, category):
    five = started_attempt(catalog=catalog, learner=learner, category=category, size=5)
    twenty = started_attempt(catalog=catalog, learner=learner, category=category, size=20)

    small, large = submit_queries(five, learner), submit_queries(twenty, learner)

    assert small == large
    assert large <= MAX_SUBMIT_QUERIES


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
