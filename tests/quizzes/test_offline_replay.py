"""Quiz answers and submissions a device queued offline: each counts once, by the server's rules.

The device's queue sends the form's fields with `X-Action-Id` (elearn/static/elearn/js/
offline-queue.js); a copy of an action already performed must change nothing, a stale save
must not overwrite newer answers, and a submission arriving after the time limit is graded as
the server grades any late submission: the answers saved in time count, the posted ones not.
"""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import ActionReceipt
from quizzes.models import Attempt, AttemptQuestion, AttemptResult
from quizzes.selectors import attempt_questions
from tests.quizzes.conftest import form_data

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def send(client, url, data, action_id, **headers):
    return client.post(url, data, headers={"X-Action-Id": str(action_id), **headers})


@pytest.fixture
def attempt(learner_client, enrolled, quiz, module):
    learner_client.post(reverse("quiz_start", args=[module.pk, quiz.pk]))
    return Attempt.objects.get(learner=enrolled)


def answers(attempt):
    return {aq.question_id: aq.answer for aq in AttemptQuestion.objects.filter(attempt=attempt)}


def test_a_save_sent_twice_is_applied_once(learner_client, attempt):
    url, action_id = reverse("quiz_attempt_save", args=[attempt.pk]), uuid.uuid4()

    first = send(learner_client, url, form_data(attempt, right="all"), action_id, **JSON)
    second = send(learner_client, url, form_data(attempt, right="all"), action_id, **JSON)

    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert first.json()["changed"] == len(attempt_questions(attempt=attempt))
    assert second["X-Action-Replayed"] == "true"
    assert ActionReceipt.objects.get().kind == ActionReceipt.Kind.QUIZ_SAVE


def test_a_stale_copy_of_a_save_does_not_overwrite_newer_answers(learner_client, attempt):
    url = reverse("quiz_attempt_save", args=[attempt.pk])
    older, newer = uuid.uuid4(), uuid.uuid4()
    send(learner_client, url, form_data(attempt, right="all"), older, **JSON)
    send(learner_client, url, form_data(attempt, wrong="all"), newer, **JSON)
    saved = answers(attempt)

    send(learner_client, url, form_data(attempt, right="all"), older, **JSON)

    assert answers(attempt) == saved


def test_a_submission_sent_twice_is_graded_once(learner_client, attempt):
    url, action_id = reverse("quiz_attempt_submit", args=[attempt.pk]), uuid.uuid4()

    first = send(learner_client, url, form_data(attempt, right="all"), action_id)
    second = send(learner_client, url, form_data(attempt, wrong="all"), action_id)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("quiz_attempt", args=[attempt.pk])
    assert AttemptResult.objects.get().passed
    assert ActionReceipt.objects.get().kind == ActionReceipt.Kind.QUIZ_SUBMIT


def test_a_queued_submission_arriving_after_the_time_limit_grades_what_was_saved_in_time(
    learner_client, attempt
):
    send(
        learner_client,
        reverse("quiz_attempt_save", args=[attempt.pk]),
        form_data(attempt, right={1}),
        uuid.uuid4(),
        **JSON,
    )
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))

    send(
        learner_client,
        reverse("quiz_attempt_submit", args=[attempt.pk]),
        form_data(attempt, right="all"),
        uuid.uuid4(),
    )

    result = AttemptResult.objects.get()
    assert result.score == 1
    assert result.attempt.status == Attempt.Status.SUBMITTED


def test_a_queued_save_arriving_after_the_time_limit_is_refused_and_recorded(
    learner_client, attempt
):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    url, action_id = reverse("quiz_attempt_save", args=[attempt.pk]), uuid.uuid4()

    first = send(learner_client, url, form_data(attempt, right="all"), action_id, **JSON)
    second = send(learner_client, url, form_data(attempt, right="all"), action_id, **JSON)

    assert first.status_code == second.status_code == 409
    assert second.json() == first.json()
    assert not AttemptQuestion.objects.filter(attempt=attempt, answer__isnull=False).exists()
