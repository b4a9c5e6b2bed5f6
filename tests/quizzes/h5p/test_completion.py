"""H5P blocks as completion parts: the key they report, the pass mark, and the course setting
that decides whether browser-reported scores count toward completion and the certificate."""

import json

import pytest
from django.urls import reverse

from courses.factories import ModulePageFactory
from courses.models import CourseCompletion, ModulePartResult, ModuleProgress
from quizzes.blocks import H5PActivityBlock
from quizzes.h5p.selectors import activity_iri
from tests.quizzes.conftest import quiz_body
from tests.quizzes.h5p.conftest import h5p_body

pytestmark = pytest.mark.django_db


def post_score(client, module, activity, raw, maximum=10):
    body = {
        "statement": {
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": activity_iri(activity.pk)},
            "result": {"score": {"min": 0, "raw": raw, "max": maximum}},
        }
    }
    return client.post(
        reverse("h5p_statement", args=[module.pk, activity.pk]),
        json.dumps(body),
        content_type="application/json",
    )


def test_a_required_block_reports_its_key(h5p_activity):
    block = H5PActivityBlock()
    value = {"activity": h5p_activity, "pass_mark": 70, "required": True}
    assert block.completion_part(value) == f"h5p:{h5p_activity.pk}"
    assert block.completion_part({**value, "required": False}) is None
    assert block.completion_part({**value, "activity": None}) is None


def test_a_module_lists_its_h5p_part(h5p_module, h5p_activity):
    assert h5p_module.completion_parts() == [f"h5p:{h5p_activity.pk}"]


def test_the_pass_mark_of_the_block_decides(
    learner_client, h5p_learner, course, h5p_activity, h5p_module
):
    strict = ModulePageFactory(parent=course, body=h5p_body(h5p_activity, pass_mark=100))
    post_score(learner_client, strict, h5p_activity, raw=9)
    post_score(learner_client, h5p_module, h5p_activity, raw=9)
    passed = set(ModulePartResult.objects.values_list("module_id", flat=True))
    assert passed == {h5p_module.pk}


def test_a_module_with_a_quiz_and_an_activity_needs_both(
    learner_client, learner, course, quiz, h5p_activity
):
    from courses.services import enrolment_create

    module = ModulePageFactory(parent=course, body=[*quiz_body(quiz), *h5p_body(h5p_activity)[1:]])
    enrolment_create(learner=learner, course=course)
    post_score(learner_client, module, h5p_activity, raw=10)
    assert ModulePartResult.objects.filter(module=module).count() == 1
    progress = ModuleProgress.objects.filter(learner=learner, module=module).first()
    assert progress is None or progress.completed_at is None


def test_passing_the_last_part_completes_the_course(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    post_score(learner_client, h5p_module, h5p_activity, raw=10)
    completion = CourseCompletion.objects.get(learner=h5p_learner, course=course)
    assert completion.score is None or completion.score == 100


def test_a_course_that_does_not_count_h5p_leaves_it_out_of_completion(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    course.h5p_counts_toward_certificate = False
    course.save_revision().publish()
    module = type(h5p_module).objects.get(pk=h5p_module.pk)
    assert module.completion_parts() == []
    # The score is still recorded for the learner, but the module is finished by "Mark as done".
    assert post_score(learner_client, module, h5p_activity, raw=2).status_code == 201
    response = learner_client.post(reverse("module_done", args=[course.pk, module.pk]))
    assert response.status_code == 302
    assert ModuleProgress.objects.get(learner=h5p_learner, module=module).completed_at
    completion = CourseCompletion.objects.get(learner=h5p_learner, course=course)
    assert completion.score is None  # no H5P score in the course's average


def test_counting_h5p_is_the_default(course):
    assert course.h5p_counts_toward_certificate is True


# --- Practice: scores that must never complete anything ---------------------------------------


def practice_course(course, h5p_module):
    """The course switched to "H5P results do not count"; the module as the site now sees it."""
    course.h5p_counts_toward_certificate = False
    course.save_revision().publish()
    return type(h5p_module).objects.get(pk=h5p_module.pk)


def test_a_passing_practice_score_completes_nothing(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    module = practice_course(course, h5p_module)

    response = post_score(learner_client, module, h5p_activity, raw=10)

    assert response.status_code == 201
    data = response.json()
    assert (data["recorded"], data["counts"], data["passed"]) == (True, False, False)
    assert data["module_completed"] is False
    assert data["message"] == (
        "Score recorded: 100.00%. This activity is practice: it does not count toward "
        "completing the module."
    )
    assert not ModulePartResult.objects.exists()
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()
    assert not CourseCompletion.objects.exists()


def test_a_forged_score_for_an_optional_block_completes_nothing(
    learner_client, learner, course, h5p_activity
):
    from courses.services import enrolment_create

    module = ModulePageFactory(parent=course, body=h5p_body(h5p_activity, required=False))
    enrolment_create(learner=learner, course=course)

    data = post_score(learner_client, module, h5p_activity, raw=10).json()

    assert (data["recorded"], data["counts"], data["passed"]) == (True, False, False)
    assert not ModulePartResult.objects.exists()
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_practice_block_promises_nothing(
    learner_client, h5p_learner, course, h5p_module, h5p_activity
):
    module = practice_course(course, h5p_module)
    post_score(learner_client, module, h5p_activity, raw=10)

    html = learner_client.get(module.url).content.decode()

    assert "to complete the module" not in html
    assert "You passed this activity" not in html
    assert "Practice activity: your score is shown but does not count toward completing" in html
    assert "Your best score is 100.00%." in html
    assert "Mark as done" in html, "the module is still finished by the learner"
