"""Reading posted answers and drawing questions: pure functions, no database."""

import random

import pytest

from quizzes.answers import AnswerError, AnswerShape, RawAnswer, answers_from_post, clean_answer
from quizzes.draw import DrawRule, choice_order, select_questions

pytestmark = pytest.mark.usefixtures("english")


def test_posted_fields_are_grouped_by_question_and_an_empty_question_clears_its_answer():
    posted = answers_from_post(
        {"shown": ["5", "6", "7"], "q-5": ["11", "12"], "q-7-3": ["2"], "q-7-4": ["1"]}
    )

    assert posted[5].values == ["11", "12"]
    assert posted[6].values == []
    assert posted[7].positions == {3: "2", 4: "1"}


@pytest.mark.parametrize("name", ["q-abc", "q-1-x", "q--1"])
def test_a_tampered_field_name_is_refused(name):
    with pytest.raises(AnswerError):
        answers_from_post({name: ["1"]})


@pytest.mark.parametrize(
    ("shape", "raw", "stored"),
    [
        (AnswerShape("single", (1, 2)), RawAnswer(values=["2"]), 2),
        (AnswerShape("single", (1, 2)), RawAnswer(values=[]), None),
        (AnswerShape("multiple", (1, 2, 3)), RawAnswer(values=["3", "1", "3"]), [1, 3]),
        (AnswerShape("true_false"), RawAnswer(values=["false"]), False),
        (AnswerShape("short_text"), RawAnswer(values=["  Công   an "]), "Công an"),
        (AnswerShape("short_text"), RawAnswer(values=[" "]), None),
        (
            AnswerShape("ordering", (7, 8, 9)),
            RawAnswer(positions={7: "3", 8: "1", 9: "2"}),
            [8, 9, 7],
        ),
    ],
)
def test_answers_are_stored_in_one_plain_form_per_type(shape, raw, stored):
    assert clean_answer(shape, raw) == stored


@pytest.mark.parametrize(
    ("shape", "raw", "message"),
    [
        (AnswerShape("single", (1, 2)), RawAnswer(values=["99"]), "not one of this question"),
        (AnswerShape("single", (1, 2)), RawAnswer(values=["1", "2"]), "only one"),
        (AnswerShape("multiple", (1, 2)), RawAnswer(values=["1", "x"]), "not one of this question"),
        (AnswerShape("true_false"), RawAnswer(values=["maybe"]), "true or false"),
        (AnswerShape("short_text"), RawAnswer(values=["a" * 201]), "under 200"),
        (AnswerShape("ordering", (7, 8)), RawAnswer(positions={7: "1", 8: "1"}), "different"),
        (AnswerShape("ordering", (7, 8)), RawAnswer(positions={7: "1", 9: "2"}), "not one of"),
        (AnswerShape("ordering", (7, 8)), RawAnswer(positions={7: "1", 8: "5"}), "from 1 to 2"),
    ],
)
def test_impossible_answers_are_refused_with_a_reason(shape, raw, message):
    with pytest.raises(AnswerError, match=message):
        clean_answer(shape, raw)


def test_fixed_questions_come_first_then_the_draws_without_repeats():
    rng = random.Random(4)

    chosen = select_questions(
        fixed=[1, 2], draws=[DrawRule(pool=(1, 2, 3, 4, 5), count=2)], shuffle=False, rng=rng
    )

    assert chosen[:2] == [1, 2]
    assert len(set(chosen)) == 4
    assert set(chosen[2:]) <= {3, 4, 5}


def test_a_retake_draws_questions_not_seen_last_time_when_the_pool_allows():
    pool = DrawRule(pool=tuple(range(1, 11)), count=5)
    for seed in range(20):
        first = select_questions(fixed=[], draws=[pool], shuffle=True, rng=random.Random(seed))
        second = select_questions(
            fixed=[], draws=[pool], previous=frozenset(first), shuffle=True, rng=random.Random(seed)
        )
        assert not set(first) & set(second)


def test_a_small_pool_tops_the_retake_up_with_questions_seen_before():
    pool = DrawRule(pool=(1, 2, 3), count=3)

    chosen = select_questions(
        fixed=[], draws=[pool], previous=frozenset({1, 2}), shuffle=False, rng=random.Random(1)
    )

    assert chosen[0] == 3
    assert sorted(chosen) == [1, 2, 3]


def test_a_draw_larger_than_its_pool_gives_the_whole_pool():
    chosen = select_questions(
        fixed=[], draws=[DrawRule(pool=(1, 2), count=5)], shuffle=False, rng=random.Random(1)
    )

    assert sorted(chosen) == [1, 2]


@pytest.mark.parametrize("seed", range(30))
def test_ordering_items_are_never_shown_in_their_right_order(seed):
    order = choice_order(kind="ordering", choice_ids=[1, 2], shuffle=False, rng=random.Random(seed))

    assert order == [2, 1]


def test_choices_keep_the_editors_order_unless_the_quiz_shuffles_them():
    ids = list(range(1, 9))

    assert choice_order(kind="single", choice_ids=ids, shuffle=False, rng=random.Random(1)) == ids
    shuffled = choice_order(kind="multiple", choice_ids=ids, shuffle=True, rng=random.Random(1))
    assert sorted(shuffled) == ids
    assert shuffled != ids
