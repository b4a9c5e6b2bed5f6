"""H5P results a device queued offline: a statement sent twice counts once, and a practice
score replayed later still completes nothing (the course decides when the statement arrives)."""

import uuid

import pytest
from django.urls import reverse

from courses.models import ActionReceipt, ModulePartResult, ModuleProgress
from quizzes.models import H5PAttempt, H5PResult
from tests.quizzes.h5p.test_completion import practice_course
from tests.quizzes.h5p.test_views import statement_body

pytestmark = pytest.mark.django_db


def send(client, module, activity, action_id, **score):
    return client.post(
        reverse("h5p_statement", args=[module.pk, activity.pk]),
        statement_body(activity, **score),
        content_type="application/json",
        headers={"X-Action-Id": str(action_id)},
    )


def test_a_statement_sent_twice_is_recorded_once(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    action_id = uuid.uuid4()

    first = send(learner_client, h5p_module, h5p_activity, action_id, raw=9, maximum=10)
    second = send(learner_client, h5p_module, h5p_activity, action_id, raw=9, maximum=10)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["X-Action-Replayed"] == "true"
    assert H5PAttempt.objects.count() == 1
    assert H5PResult.objects.get().attempts == 1
    assert ModuleProgress.objects.get(learner=h5p_learner, module=h5p_module).completed_at
    assert ActionReceipt.objects.get().kind == ActionReceipt.Kind.H5P_STATEMENT


def test_two_queued_statements_are_two_attempts(
    learner_client, h5p_learner, h5p_module, h5p_activity
):
    send(learner_client, h5p_module, h5p_activity, uuid.uuid4(), raw=3, maximum=10)
    send(learner_client, h5p_module, h5p_activity, uuid.uuid4(), raw=9, maximum=10)

    assert H5PAttempt.objects.count() == 2
    assert H5PResult.objects.get().best_percent == 90


def test_a_replayed_practice_score_completes_nothing(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    module = practice_course(course, h5p_module)
    action_id = uuid.uuid4()

    for _copy in range(2):
        response = send(learner_client, module, h5p_activity, action_id, raw=10, maximum=10)
        assert response.status_code == 201
        assert response.json()["counts"] is False
        assert response.json()["module_completed"] is False

    assert H5PAttempt.objects.count() == 1
    assert not ModulePartResult.objects.exists()
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_statement_queued_while_signed_out_waits_for_sign_in(client, h5p_module, h5p_activity):
    response = send(client, h5p_module, h5p_activity, uuid.uuid4())

    assert response.status_code == 401
    assert not H5PAttempt.objects.exists()
    assert not ActionReceipt.objects.exists()
