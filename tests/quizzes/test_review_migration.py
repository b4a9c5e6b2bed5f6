"""The data migration that moves quizzes off the old default, which showed the right answers
after every attempt."""

import importlib

import pytest
from django.apps import apps

from quizzes.factories import QuizFactory
from quizzes.models import Quiz

pytestmark = pytest.mark.django_db

migration = importlib.import_module("quizzes.migrations.0005_quiz_review_safe_setting")


def test_quizzes_on_the_old_default_keep_the_right_answers_back():
    old_default = QuizFactory(review="answers", review_timing="each_attempt")
    score_only = QuizFactory(review="score", review_timing="each_attempt")
    correctness = QuizFactory(review="correctness", review_timing="each_attempt")
    waits = QuizFactory(review="answers", review_timing="finished")

    migration.keep_answers_back(apps, None)

    timings = dict(Quiz.objects.values_list("pk", "review_timing"))
    assert timings == {
        old_default.pk: "correctness_first",
        score_only.pk: "each_attempt",
        correctness.pk: "each_attempt",
        waits.pk: "finished",
    }
