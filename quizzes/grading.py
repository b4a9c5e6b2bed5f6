"""Grading: pure functions from an answer key and a learner's answer to points, and how many
attempts a learner has left.

Nothing here reads the database or the clock; services build the keys from the question bank
and store what these functions return. Scores are Decimals with two places, always rounded
down, so a partly right answer never earns more than its question's points and a percentage
never reaches the pass mark by rounding (docs/decisions/004-quiz-grading.md).

Partial credit (multiple choice): each right choice ticked earns 1/R of the points and each
wrong choice ticked takes away 1/W (R right and W wrong choices), never below zero, so ticking
everything earns nothing. Partial credit (ordering): the share of items in their right place.
"""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from home.text import fold_vietnamese
from quizzes.validation import MULTIPLE, ORDERING, SHORT_TEXT, SINGLE, TRUE_FALSE

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

CORRECT = "correct"
PARTIAL = "partial"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"

HIGHEST = "highest"
LAST = "last"
FIRST = "first"
AVERAGE = "average"


@dataclass(frozen=True)
class AnswerKey:
    """What grading needs to know about a question.

    `choices` are all choice ids (single, multiple) or the items in their right order
    (ordering); `correct` the right choice ids; `is_true` the truth of a true/false statement;
    `accepted` the accepted short answers, compared ignoring case and diacritics when `lenient`.
    """

    kind: str
    points: int
    partial_credit: bool = False
    choices: tuple[int, ...] = ()
    correct: frozenset[int] = field(default_factory=frozenset)
    is_true: bool | None = None
    accepted: tuple[str, ...] = ()
    lenient: bool = True


@dataclass(frozen=True)
class QuestionGrade:
    awarded: Decimal
    points: Decimal
    outcome: str


@dataclass(frozen=True)
class AttemptGrade:
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool
    questions: tuple[QuestionGrade, ...]


def _is_blank(answer) -> bool:
    return answer is None or answer == "" or answer == []


def _ids(answer) -> list[int] | None:
    if not isinstance(answer, list):
        return None
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in answer):
        return None
    return answer


def normalise_answer(text: str, *, lenient: bool) -> str:
    """The form in which a short answer is compared: spaces collapsed, and when `lenient`,
    lower-cased without Vietnamese diacritics."""
    text = unicodedata.normalize("NFC", " ".join(str(text).split()))
    return fold_vietnamese(text) if lenient else text


def _fraction(key: AnswerKey, answer) -> Fraction:
    """The share of the question's points the answer earns, from 0 to 1."""
    if key.kind == SINGLE:
        is_id = isinstance(answer, int) and not isinstance(answer, bool)
        return Fraction(1 if is_id and answer in key.correct else 0)
    if key.kind == TRUE_FALSE:
        return Fraction(1 if isinstance(answer, bool) and answer is key.is_true else 0)
    if key.kind == SHORT_TEXT:
        if not isinstance(answer, str):
            return Fraction(0)
        given = normalise_answer(answer, lenient=key.lenient)
        accepted = {normalise_answer(a, lenient=key.lenient) for a in key.accepted}
        return Fraction(1 if given and given in accepted else 0)
    if key.kind == MULTIPLE:
        ticked = _ids(answer)
        if ticked is None or not key.correct:
            return Fraction(0)
        ticked_set = set(ticked)
        if not key.partial_credit:
            return Fraction(1 if ticked_set == set(key.correct) else 0)
        right = len(ticked_set & key.correct)
        wrong = len(ticked_set - key.correct)
        wrong_choices = len(set(key.choices) - key.correct)
        share = Fraction(right, len(key.correct))
        if wrong:
            # A ticked id that is not a choice at all counts as wrong too.
            share -= Fraction(wrong, max(wrong_choices, wrong))
        return min(Fraction(1), max(Fraction(0), share))
    if key.kind == ORDERING:
        order = _ids(answer)
        if order is None or not key.choices:
            return Fraction(0)
        if not key.partial_credit:
            return Fraction(1 if tuple(order) == key.choices else 0)
        in_place = sum(
            1 for given, right in zip(order, key.choices, strict=False) if given == right
        )
        return Fraction(in_place, len(key.choices))
    return Fraction(0)


def _points(points: int, share: Fraction) -> Decimal:
    value = Decimal(points * share.numerator) / Decimal(share.denominator)
    return value.quantize(CENT, rounding=ROUND_DOWN)


def grade_question(key: AnswerKey, answer) -> QuestionGrade:
    """Points earned by `answer` (a stored answer, see `quizzes.answers`) for one question."""
    points = Decimal(max(0, int(key.points)))
    if _is_blank(answer):
        return QuestionGrade(awarded=Decimal("0.00"), points=points, outcome=UNANSWERED)
    share = _fraction(key, answer)
    awarded = min(points, _points(int(points), share))
    if share == 1:
        outcome = CORRECT
    elif awarded > 0:
        outcome = PARTIAL
    else:
        outcome = INCORRECT
    return QuestionGrade(awarded=awarded, points=points, outcome=outcome)


def percent_of(score: Decimal, max_score: Decimal) -> Decimal:
    if max_score <= 0:
        return Decimal("0.00")
    return min(HUNDRED, (score * HUNDRED / max_score).quantize(CENT, rounding=ROUND_DOWN))


def grade_attempt(items: Iterable[tuple[AnswerKey, object]], *, pass_mark: int) -> AttemptGrade:
    """Grade every (key, answer) pair of an attempt and decide whether it reaches the pass
    mark (a percentage)."""
    questions = tuple(grade_question(key, answer) for key, answer in items)
    score = sum((q.awarded for q in questions), Decimal("0.00"))
    max_score = sum((q.points for q in questions), Decimal("0.00"))
    percent = percent_of(score, max_score)
    return AttemptGrade(
        score=score,
        max_score=max_score,
        percent=percent,
        passed=max_score > 0 and percent >= pass_mark,
        questions=questions,
    )


def overall_percent(percents: Sequence[Decimal], *, method: str) -> Decimal | None:
    """The quiz score of a learner from their graded attempts' percentages, oldest first."""
    if not percents:
        return None
    if method == LAST:
        return percents[-1]
    if method == FIRST:
        return percents[0]
    if method == AVERAGE:
        total = sum((Decimal(p) for p in percents), Decimal(0))
        return (total / len(percents)).quantize(CENT, rounding=ROUND_DOWN)
    return max(percents)


def attempts_left(*, max_attempts: int | None, used: int) -> int | None:
    """How many more attempts a learner may start: None when the quiz sets no limit, else
    never below 0. `used` is the number of the learner's latest attempt (every attempt started
    counts, submitted or not)."""
    if max_attempts is None:
        return None
    return max(0, max_attempts - used)
