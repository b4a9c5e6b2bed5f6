"""When a learner sees which answers were right and the right answers: the status table of
`quizzes.review`, without the database."""

import pytest

from quizzes import review
from quizzes.models import Quiz

# passed, attempts left (None: unlimited), an attempt still open -> finished
FINISHED_TABLE = [
    (False, None, False, False),
    (False, 2, False, False),
    (False, 1, True, False),
    (False, 0, True, False),
    (False, 0, False, True),
    (True, None, False, True),
    (True, 2, True, True),
]


@pytest.mark.parametrize(("passed", "attempts_left", "attempt_open", "finished"), FINISHED_TABLE)
def test_a_learner_finishes_a_quiz_by_passing_or_using_the_last_attempt(
    passed, attempts_left, attempt_open, finished
):
    assert (
        review.learner_finished(
            passed=passed, attempts_left=attempts_left, attempt_open=attempt_open
        )
        is finished
    )


# review, timing, finished -> level now
LEVEL_TABLE = [
    ("answers", "correctness_first", False, "correctness"),
    ("answers", "correctness_first", True, "answers"),
    ("correctness", "correctness_first", False, "correctness"),
    ("correctness", "correctness_first", True, "correctness"),
    ("score", "correctness_first", False, "score"),
    ("score", "correctness_first", True, "score"),
    ("answers", "each_attempt", False, "answers"),
    ("correctness", "each_attempt", False, "correctness"),
    ("score", "each_attempt", True, "score"),
    ("answers", "finished", False, "score"),
    ("answers", "finished", True, "answers"),
    ("correctness", "finished", False, "score"),
    ("correctness", "finished", True, "correctness"),
    ("answers", "unknown", False, "score"),
    ("answers", "unknown", True, "answers"),
    ("everything", "each_attempt", True, "score"),
]


@pytest.mark.parametrize(("review_setting", "timing", "finished", "level"), LEVEL_TABLE)
def test_review_level_keeps_the_right_answers_back_until_the_learner_finishes(
    review_setting, timing, finished, level
):
    assert review.review_level(review=review_setting, timing=timing, finished=finished) == level


def test_a_new_quiz_keeps_the_right_answers_back_until_the_learner_finishes():
    quiz = Quiz()

    assert quiz.review == review.ANSWERS
    assert quiz.review_timing == review.CORRECTNESS_FIRST
    assert review.review_level(review=quiz.review, timing=quiz.review_timing, finished=False) == (
        review.CORRECTNESS
    )


def test_the_timing_choices_are_the_ones_the_rule_knows():
    from quizzes.models import ReviewLevel, ReviewTiming

    assert set(ReviewTiming.values) == {
        review.CORRECTNESS_FIRST,
        review.EACH_ATTEMPT,
        review.WHEN_FINISHED,
    }
    assert set(ReviewLevel.values) == set(review.LEVELS)
