"""Parallel requests on PostgreSQL: attempt limits and single grading hold under races.

Each thread has its own database connection; a barrier releases them together. SQLite
serialises writers on one file, so these tests only run on PostgreSQL.
"""

import random
import threading

import pytest
from django.db import connection, connections

from quizzes.models import Attempt, AttemptResult, QuestionResult
from quizzes.services import QuizError, attempt_start, attempt_submit
from tests.quizzes.conftest import form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

THREADS = 6


def in_parallel(work, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            barrier.wait()
            outcomes.append(work(index))
        except Exception as error:  # recorded for the assertions
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_starts_give_one_attempt(enrolled, quiz, module):
    outcomes = in_parallel(
        lambda i: attempt_start(learner=enrolled, quiz=quiz, module=module, rng=random.Random(i))
    )

    assert all(isinstance(o, Attempt) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert Attempt.objects.count() == 1


def test_parallel_retakes_never_exceed_the_attempt_limit(enrolled, quiz, module):
    quiz.max_attempts = 2
    quiz.save()
    first = attempt_start(learner=enrolled, quiz=quiz, module=module)
    attempt_submit(attempt=first, learner=enrolled, data=form_data(first, wrong="all"))

    def start_and_submit(i):
        attempt = attempt_start(learner=enrolled, quiz=quiz, module=module, rng=random.Random(i))
        attempt_submit(attempt=attempt, learner=enrolled)
        return attempt

    outcomes = in_parallel(start_and_submit)

    assert Attempt.objects.count() == 2
    assert sorted(Attempt.objects.values_list("number", flat=True)) == [1, 2]
    refusals = [o for o in outcomes if isinstance(o, QuizError)]
    assert all(o.status == 409 for o in refusals)
    assert not [o for o in outcomes if not isinstance(o, (Attempt, QuizError))], outcomes


def test_parallel_submissions_grade_an_attempt_once(enrolled, quiz, module):
    attempt = attempt_start(learner=enrolled, quiz=quiz, module=module)
    data = form_data(attempt, right="all")

    outcomes = in_parallel(lambda i: attempt_submit(attempt=attempt, learner=enrolled, data=data))

    assert len({o.result.pk for o in outcomes}) == 1, outcomes
    assert sum(not o.already_submitted for o in outcomes) == 1
    assert AttemptResult.objects.count() == 1
    assert QuestionResult.objects.count() == 5
