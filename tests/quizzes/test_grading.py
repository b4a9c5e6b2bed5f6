"""Grading is a pure function: keys and answers in, points out (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.grading import (
    AnswerKey,
    attempts_left,
    grade_attempt,
    grade_question,
    overall_percent,
)

SINGLE = AnswerKey(kind="single", points=2, choices=(1, 2, 3), correct=frozenset({2}))
MULTIPLE = AnswerKey(
    kind="multiple", points=3, choices=(1, 2, 3, 4), correct=frozenset({1, 2}), partial_credit=True
)
TRUE_FALSE = AnswerKey(kind="true_false", points=1, is_true=False)
SHORT = AnswerKey(kind="short_text", points=1, accepted=("CH Play", "Google Play"))
ORDERING = AnswerKey(kind="ordering", points=4, choices=(10, 11, 12, 13))


@pytest.mark.parametrize(
    ("key", "answer", "awarded", "outcome"),
    [
        (SINGLE, 2, "2.00", "correct"),
        (SINGLE, 3, "0.00", "incorrect"),
        (SINGLE, None, "0.00", "unanswered"),
        (TRUE_FALSE, False, "1.00", "correct"),
        (TRUE_FALSE, True, "0.00", "incorrect"),
        (ORDERING, [10, 11, 12, 13], "4.00", "correct"),
        (ORDERING, [10, 11, 13, 12], "0.00", "incorrect"),
        (MULTIPLE, [1, 2], "3.00", "correct"),
        (MULTIPLE, [], "0.00", "unanswered"),
    ],
)
def test_each_question_type_is_graded_by_its_key(key, answer, awarded, outcome):
    grade = grade_question(key, answer)

    assert grade.awarded == Decimal(awarded)
    assert grade.outcome == outcome


def test_partial_credit_gives_a_share_for_each_right_choice_ticked():
    assert grade_question(MULTIPLE, [1]).awarded == Decimal("1.50")
    assert grade_question(MULTIPLE, [1]).outcome == "partial"


def test_partial_credit_takes_a_share_away_for_each_wrong_choice_ticked():
    assert grade_question(MULTIPLE, [1, 2, 3]).awarded == Decimal("1.50")


def test_ticking_every_choice_earns_nothing_with_partial_credit():
    assert grade_question(MULTIPLE, [1, 2, 3, 4]).awarded == Decimal("0.00")


def test_all_or_nothing_multiple_choice_needs_exactly_the_right_set():
    key = AnswerKey(kind="multiple", points=3, choices=(1, 2, 3), correct=frozenset({1, 2}))

    assert grade_question(key, [1]).awarded == 0
    assert grade_question(key, [1, 2, 3]).awarded == 0
    assert grade_question(key, [2, 1]).awarded == 3


def test_partial_ordering_credit_counts_items_in_their_right_place():
    key = AnswerKey(kind="ordering", points=4, choices=(10, 11, 12, 13), partial_credit=True)

    assert grade_question(key, [10, 11, 13, 12]).awarded == Decimal("2.00")


def test_partial_credit_rounds_down_so_a_third_never_adds_up_to_more():
    key = AnswerKey(
        kind="multiple",
        points=1,
        choices=(1, 2, 3, 4),
        correct=frozenset({1, 2, 3}),
        partial_credit=True,
    )

    assert grade_question(key, [1]).awarded == Decimal("0.33")


@pytest.mark.parametrize("typed", ["ch play", "  CH   Play ", "Google play", "GOOGLE PLAY"])
def test_short_answers_ignore_case_and_spaces_when_lenient(typed):
    assert grade_question(SHORT, typed).outcome == "correct"


def test_short_answers_ignore_vietnamese_diacritics_when_lenient():
    key = AnswerKey(kind="short_text", points=1, accepted=("Công an xã",))

    assert grade_question(key, "cong an xa").outcome == "correct"
    assert grade_question(key, "CÔNG AN XÃ").outcome == "correct"
    assert grade_question(key, "Đường dây nóng").outcome == "incorrect"


def test_strict_short_answers_keep_case_and_diacritics():
    key = AnswerKey(kind="short_text", points=1, accepted=("VNeID",), lenient=False)

    assert grade_question(key, "VNeID").outcome == "correct"
    assert grade_question(key, "vneid").outcome == "incorrect"


def test_an_attempt_passes_at_the_pass_mark_not_below():
    keys = [AnswerKey(kind="true_false", points=1, is_true=True)] * 10
    seven = grade_attempt([(k, i < 7) for i, k in enumerate(keys)], pass_mark=70)
    six = grade_attempt([(k, i < 6) for i, k in enumerate(keys)], pass_mark=70)

    assert (seven.percent, seven.passed) == (Decimal("70.00"), True)
    assert (six.percent, six.passed) == (Decimal("60.00"), False)


def test_a_percentage_is_rounded_down_so_it_never_reaches_the_pass_mark_by_rounding():
    keys = [AnswerKey(kind="true_false", points=1, is_true=True)] * 3
    grade = grade_attempt([(keys[0], True), (keys[1], True), (keys[2], False)], pass_mark=67)

    assert grade.percent == Decimal("66.66")
    assert not grade.passed


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", "80"), ("last", "50"), ("first", "40"), ("average", "56.66")],
)
def test_grading_methods_combine_attempts(method, expected):
    percents = [Decimal("40"), Decimal("80"), Decimal("50")]

    assert overall_percent(percents, method=method) == Decimal(expected)


def test_no_attempt_has_no_overall_score():
    assert overall_percent([], method="highest") is None


# --- properties ----------------------------------------------------------------------------

choice_ids = st.lists(st.integers(1, 30), min_size=2, max_size=8, unique=True)


@st.composite
def keys(draw):
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "short_text", "ordering"]))
    points = draw(st.integers(1, 100))
    ids = tuple(draw(choice_ids))
    correct = frozenset(draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)))
    return AnswerKey(
        kind=kind,
        points=points,
        partial_credit=draw(st.booleans()),
        choices=ids,
        correct=correct,
        is_true=draw(st.booleans()),
        accepted=tuple(draw(st.lists(st.text(max_size=20), min_size=1, max_size=3))),
        lenient=draw(st.booleans()),
    )


answers = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 40),
    st.text(max_size=30),
    st.lists(st.integers(-5, 40), max_size=10),
    st.lists(st.text(max_size=3), max_size=3),
)


@given(keys(), answers)
def test_a_question_never_earns_less_than_zero_or_more_than_its_points(key, answer):
    grade = grade_question(key, answer)

    assert Decimal(0) <= grade.awarded <= grade.points == key.points


@given(keys(), st.lists(st.integers(1, 30), max_size=10))
def test_partial_credit_never_exceeds_the_questions_points(key, ticked):
    grade = grade_question(key, ticked)

    assert grade.awarded <= key.points
    if not key.partial_credit or key.kind not in ("multiple", "ordering"):
        assert grade.awarded in (Decimal(0), Decimal(key.points))


@given(st.lists(st.tuples(keys(), answers), max_size=25), st.integers(0, 100))
def test_an_attempt_scores_between_zero_and_its_maximum(items, pass_mark):
    grade = grade_attempt(items, pass_mark=pass_mark)

    assert Decimal(0) <= grade.score <= grade.max_score
    assert Decimal(0) <= grade.percent <= 100
    assert grade.max_score == sum(key.points for key, _answer in items)
    assert grade.passed == (grade.max_score > 0 and grade.percent >= pass_mark)


@given(
    st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=10),
    st.sampled_from(["highest", "last", "first", "average"]),
)
def test_the_overall_score_stays_within_the_attempts_scores(percents, method):
    overall = overall_percent(percents, method=method)

    assert min(percents) <= overall <= max(percents)


@pytest.mark.parametrize(
    ("max_attempts", "used", "left"),
    [
        pytest.param(None, 0, None, id="unlimited"),
        pytest.param(None, 40, None, id="unlimited-after-many"),
        pytest.param(3, 0, 3, id="none-used"),
        pytest.param(3, 2, 1, id="one-left"),
        pytest.param(3, 3, 0, id="all-used"),
        pytest.param(1, 2, 0, id="limit-lowered-after-attempts"),
    ],
)
def test_attempts_left_status_table(max_attempts, used, left):
    assert attempts_left(max_attempts=max_attempts, used=used) == left


@given(
    max_attempts=st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
    used=st.integers(min_value=0, max_value=30),
)
def test_another_attempt_is_allowed_exactly_while_fewer_than_the_limit_were_started(
    max_attempts, used
):
    left = attempts_left(max_attempts=max_attempts, used=used)

    assert (left != 0) is (max_attempts is None or used < max_attempts)
    assert left is None or 0 <= left <= max_attempts
    if left:
        assert attempts_left(max_attempts=max_attempts, used=used + 1) in (None, left - 1)
