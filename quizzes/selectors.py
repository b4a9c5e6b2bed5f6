"""Read-side queries of quizzes: the quiz block, the attempt form, the review and trainer reports.

The attempt form is built from small frozen dataclasses that carry only what a learner may
see before grading (question text, image, choice texts, the saved answer), so no template can
print a right answer by mistake. Every selector reads a fixed number of rows whatever the
number of questions: questions come with their choices in one prefetch.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.classes.progress import FailedWork
from quizzes import grading, review
from quizzes.answers import AnswerShape
from quizzes.models import (
    Attempt,
    AttemptQuestion,
    AttemptResult,
    Choice,
    Question,
    QuestionKind,
    QuestionResult,
    Quiz,
    QuizDraw,
    QuizQuestion,
)

# Seconds added to a deadline for the request that carries the last answers over a slow line.
DEADLINE_GRACE = timedelta(seconds=15)


def is_expired(*, deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and now > deadline + DEADLINE_GRACE


def module_quizzes(*, module) -> dict[int, bool]:
    """The quizzes placed in a module's body: {quiz id: required}, read from the raw stream
    data without loading the quizzes."""
    found: dict[int, bool] = {}
    for block in getattr(module, "body", None).raw_data if module is not None else []:
        if block.get("type") != "quiz":
            continue
        value = block.get("value") or {}
        quiz_id = value.get("quiz")
        if isinstance(quiz_id, int):
            found[quiz_id] = found.get(quiz_id, False) or bool(value.get("required"))
    return found


def quiz_question_count(*, quiz: Quiz) -> int:
    """How many questions an attempt at the quiz gets."""
    fixed = QuizQuestion.objects.filter(quiz=quiz).count()
    drawn = QuizDraw.objects.filter(quiz=quiz).aggregate(n=Sum("count"))["n"] or 0
    return fixed + drawn


def questions_with_choices(ids) -> dict[int, Question]:
    """Questions by id with their choices in editor order, in two queries."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
    return {q.pk: q for q in Question.objects.filter(pk__in=list(ids)).prefetch_related(choices)}


def answer_key(question: Question, *, points: int) -> grading.AnswerKey:
    """The grading key of a question whose choices are prefetched."""
    choices = list(question.choices.all())
    return grading.AnswerKey(
        kind=question.kind,
        points=points,
        partial_credit=question.partial_credit,
        choices=tuple(c.pk for c in choices),
        correct=frozenset(c.pk for c in choices if c.is_correct),
        is_true=question.is_true,
        accepted=tuple(question.accepted_answer_list()),
        lenient=question.lenient_match,
    )


def answer_shape(question: Question) -> AnswerShape:
    return AnswerShape(kind=question.kind, choice_ids=tuple(c.pk for c in question.choices.all()))


def attempt_questions(*, attempt: Attempt) -> list[AttemptQuestion]:
    """The attempt's questions in their frozen order, each with its question and choices."""
    choices = Prefetch("question__choices", queryset=Choice.objects.order_by("sort_order", "pk"))
    return list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question", "question__image")
        .prefetch_related(choices)
        .order_by("position")
    )


@dataclass(frozen=True)
class AttemptSummary:
    attempt: Attempt
    percent: Decimal | None
    passed: bool | None


@dataclass(frozen=True)
class QuizStanding:
    """A learner's standing in a quiz placed in a module."""

    attempts: tuple[AttemptSummary, ...]
    open_attempt: Attempt | None
    open_expired: bool
    overall: Decimal | None
    passed: bool
    attempts_left: int | None

    @property
    def submitted(self) -> tuple[AttemptSummary, ...]:
        return tuple(a for a in self.attempts if a.percent is not None)

    @property
    def finished(self) -> bool:
        """Passed, or no attempt left: the moment a quiz may show its answers."""
        return review.learner_finished(
            passed=self.passed,
            attempts_left=self.attempts_left,
            attempt_open=self.open_attempt is not None,
        )

    @property
    def can_start(self) -> bool:
        return self.open_attempt is None and self.attempts_left != 0


def quiz_standing(*, quiz: Quiz, learner, module, now: datetime | None = None) -> QuizStanding:
    attempts = list(
        Attempt.objects.filter(quiz=quiz, learner=learner, module=module)
        .select_related("result")
        .order_by("number")
    )
    summaries, percents = [], []
    open_attempt = None
    for attempt in attempts:
        result = getattr(attempt, "result", None) if not attempt.in_progress else None
        if attempt.in_progress:
            open_attempt = attempt
        if result is not None:
            percents.append(result.percent)
        summaries.append(
            AttemptSummary(
                attempt=attempt,
                percent=result.percent if result else None,
                passed=result.passed if result else None,
            )
        )
    overall = grading.overall_percent(percents, method=quiz.grading_method)
    last_number = attempts[-1].number if attempts else 0
    left = grading.attempts_left(max_attempts=quiz.max_attempts, used=last_number)
    return QuizStanding(
        attempts=tuple(summaries),
        open_attempt=open_attempt,
        open_expired=bool(
            open_attempt and is_expired(deadline=open_attempt.deadline, now=now or timezone.now())
        ),
        overall=overall,
        passed=overall is not None and overall >= quiz.pass_mark,
        attempts_left=left,
    )


@dataclass(frozen=True)
class QuizBlockState:
    quiz: Quiz
    signed_in: bool
    question_count: int
    standing: QuizStanding | None


def quiz_block_state(*, quiz: Quiz, learner, module) -> QuizBlockState:
    """What the quiz block shows: the quiz's rules and, for a learner, their attempts."""
    signed_in = bool(learner is not None and learner.is_authenticated)
    return QuizBlockState(
        quiz=quiz,
        signed_in=signed_in,
        question_count=quiz_question_count(quiz=quiz),
        standing=quiz_standing(quiz=quiz, learner=learner, module=module) if signed_in else None,
    )


@dataclass(frozen=True)
class FormChoice:
    value: str
    text: str
    checked: bool = False
    position: int = 0


@dataclass(frozen=True)
class FormQuestion:
    """A question as the attempt form shows it: nothing that tells the answer."""

    id: int
    number: int
    kind: str
    text: str
    image: object
    points: int
    choices: tuple[FormChoice, ...]
    text_answer: str
    answered: bool

    @property
    def positions(self) -> range:
        return range(1, len(self.choices) + 1)


def _form_question(aq: AttemptQuestion) -> FormQuestion:
    question = aq.question
    texts = {c.pk: c.text for c in question.choices.all()}
    answer = aq.answer
    kind = question.kind
    if kind == QuestionKind.TRUE_FALSE:
        choices = (
            FormChoice(value="true", text=_("True"), checked=answer is True),
            FormChoice(value="false", text=_("False"), checked=answer is False),
        )
    elif kind == QuestionKind.ORDERING:
        order = [i for i in (answer or []) if i in texts] or list(aq.choice_order)
        order += [i for i in aq.choice_order if i not in order]
        choices = tuple(
            FormChoice(value=str(i), text=texts[i], position=order.index(i) + 1)
            for i in aq.choice_order
            if i in texts
        )
    else:
        picked = set(answer if isinstance(answer, list) else [answer])
        choices = tuple(
            FormChoice(value=str(i), text=texts[i], checked=i in picked)
            for i in aq.choice_order
            if i in texts
        )
    return FormQuestion(
        id=question.pk,
        number=aq.position,
        kind=kind,
        text=question.text,
        image=question.image,
        points=aq.points,
        choices=choices,
        text_answer=answer if isinstance(answer, str) else "",
        answered=answer is not None,
    )


@dataclass(frozen=True)
class AttemptForm:
    attempt: Attempt
    questions: tuple[FormQuestion, ...]
    seconds_left: int | None

    @property
    def answered_count(self) -> int:
        return sum(1 for q in self.questions if q.answered)


def attempt_form(*, attempt: Attempt, now: datetime | None = None) -> AttemptForm:
    """The questions of an attempt in progress, with the learner's saved answers."""
    now = now or timezone.now()
    seconds_left = (
        max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None
    )
    return AttemptForm(
        attempt=attempt,
        questions=tuple(_form_question(aq) for aq in attempt_questions(attempt=attempt)),
        seconds_left=seconds_left,
    )


@dataclass(frozen=True)
class ReviewChoice:
    text: str
    chosen: bool
    correct: bool | None


@dataclass(frozen=True)
class ReviewQuestion:
    number: int
    kind: str
    text: str
    image: object
    points: int
    awarded: Decimal | None
    outcome: str | None
    choices: tuple[ReviewChoice, ...]
    given_text: str
    right_answer: str
    explanation: str


@dataclass(frozen=True)
class AttemptReview:
    """A graded attempt as the learner may see it now; `level_when_finished` is what they
    will see once they have passed or used their last attempt."""

    attempt: Attempt
    result: AttemptResult
    level: str
    level_when_finished: str
    standing: QuizStanding
    questions: tuple[ReviewQuestion, ...]

    @property
    def shows_correctness(self) -> bool:
        return self.level in (review.CORRECTNESS, review.ANSWERS)

    @property
    def shows_answers(self) -> bool:
        return self.level == review.ANSWERS

    @property
    def answers_later(self) -> bool:
        """More (which answers were right, the right answers) shows once the learner finishes."""
        return self.level != self.level_when_finished


def _review_question(aq: AttemptQuestion, outcome, level: str) -> ReviewQuestion:
    question = aq.question
    show_right = level in (review.CORRECTNESS, review.ANSWERS)
    show_answers = level == review.ANSWERS
    by_id = {c.pk: c for c in question.choices.all()}
    answer = aq.answer
    choices: tuple[ReviewChoice, ...] = ()
    given_text = right_answer = ""
    if question.kind == QuestionKind.TRUE_FALSE:
        choices = tuple(
            ReviewChoice(
                text=label,
                chosen=answer is value,
                correct=(question.is_true is value) if show_answers else None,
            )
            for label, value in ((_("True"), True), (_("False"), False))
        )
    elif question.kind == QuestionKind.ORDERING:
        order = [i for i in (answer or []) if i in by_id]
        given_text = " → ".join(by_id[i].text for i in order)
        if show_answers:
            right_answer = " → ".join(c.text for c in question.choices.all())
    elif question.kind == QuestionKind.SHORT_TEXT:
        given_text = answer if isinstance(answer, str) else ""
        if show_answers:
            right_answer = " / ".join(question.accepted_answer_list())
    else:
        picked = set(answer if isinstance(answer, list) else [answer])
        choices = tuple(
            ReviewChoice(
                text=by_id[i].text,
                chosen=i in picked,
                correct=by_id[i].is_correct if show_answers else None,
            )
            for i in aq.choice_order
            if i in by_id
        )
    return ReviewQuestion(
        number=aq.position,
        kind=question.kind,
        text=question.text,
        image=question.image,
        points=aq.points,
        awarded=outcome.awarded if outcome and show_right else None,
        outcome=outcome.outcome if outcome and show_right else None,
        choices=choices,
        given_text=given_text,
        right_answer=right_answer,
        explanation=question.explanation if show_answers else "",
    )


def attempt_review(*, attempt: Attempt) -> AttemptReview:
    """A graded attempt as the quiz lets the learner see it now (score only, which answers
    were right, or the right answers and explanations)."""
    quiz = attempt.quiz
    standing = quiz_standing(quiz=quiz, learner=attempt.learner, module=attempt.module)
    level = review.review_level(
        review=quiz.review, timing=quiz.review_timing, finished=standing.finished
    )
    result = AttemptResult.objects.get(attempt=attempt)
    questions: tuple[ReviewQuestion, ...] = ()
    if level != review.SCORE:
        outcomes = {r.attempt_question_id: r for r in result.question_results.all()}
        questions = tuple(
            _review_question(aq, outcomes.get(aq.pk), level)
            for aq in attempt_questions(attempt=attempt)
        )
    return AttemptReview(
        attempt=attempt,
        result=result,
        level=level,
        level_when_finished=review.review_level(
            review=quiz.review, timing=quiz.review_timing, finished=True
        ),
        standing=standing,
        questions=questions,
    )


@dataclass(frozen=True)
class ItemAnalysis:
    question_id: int
    text: str
    kind: str
    learners: int
    learners_right: int
    answers: int
    answers_right: int
    average_share: Decimal | None

    @property
    def learners_right_percent(self) -> int:
        return round(100 * self.learners_right / self.learners) if self.learners else 0


@dataclass(frozen=True)
class QuizReport:
    quiz: Quiz
    attempts: int
    attempts_passed: int
    learners: int
    learners_passed: int
    items: tuple[ItemAnalysis, ...]
    recent: tuple[Attempt, ...]

    @property
    def attempt_pass_rate(self) -> int:
        return round(100 * self.attempts_passed / self.attempts) if self.attempts else 0

    @property
    def learner_pass_rate(self) -> int:
        return round(100 * self.learners_passed / self.learners) if self.learners else 0


RECENT_ATTEMPTS = 50


def quiz_report(*, quiz: Quiz) -> QuizReport:
    """For trainers: attempts and pass rate of a quiz, and for each question the share of the
    learners who were given it that answered it right (item analysis)."""
    rows = (
        AttemptResult.objects.filter(attempt__quiz=quiz)
        .order_by("attempt__learner_id", "attempt__module_id", "attempt__number")
        .values_list("attempt__learner_id", "attempt__module_id", "percent", "passed")
    )
    by_learner: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    attempts = passed_attempts = 0
    for learner_id, module_id, percent, passed in rows:
        attempts += 1
        passed_attempts += bool(passed)
        by_learner[(learner_id, module_id)].append(percent)
    learners_passed = {
        learner_id
        for (learner_id, _module), percents in by_learner.items()
        if grading.overall_percent(percents, method=quiz.grading_method) >= quiz.pass_mark
    }
    items = (
        QuestionResult.objects.filter(result__attempt__quiz=quiz)
        .values("question_id", "question__text", "question__kind")
        .annotate(
            learners=Count("result__attempt__learner", distinct=True),
            learners_right=Count(
                "result__attempt__learner", filter=Q(outcome="correct"), distinct=True
            ),
            answers=Count("pk"),
            answers_right=Count("pk", filter=Q(outcome="correct")),
            average_share=Avg(
                ExpressionWrapper(
                    F("awarded") * 100 / F("attempt_question__points"),
                    output_field=DecimalField(max_digits=7, decimal_places=2),
                )
            ),
        )
        .order_by("question__text")
    )
    recent = (
        Attempt.objects.filter(quiz=quiz)
        .select_related("learner", "module", "result")
        .order_by("-started_at")[:RECENT_ATTEMPTS]
    )
    return QuizReport(
        quiz=quiz,
        attempts=attempts,
        attempts_passed=passed_attempts,
        learners=len({learner_id for learner_id, _module in by_learner}),
        learners_passed=len(learners_passed),
        items=tuple(
            ItemAnalysis(
                question_id=row["question_id"],
                text=row["question__text"],
                kind=row["question__kind"],
                learners=row["learners"],
                learners_right=row["learners_right"],
                answers=row["answers"],
                answers_right=row["answers_right"],
                average_share=row["average_share"],
            )
            for row in items
        ),
        recent=tuple(recent),
    )


def failed_attempts_without_pass(*, learners, module_ids) -> dict[tuple[int, int], FailedWork]:
    """Submitted attempts that failed, at quizzes the learner has not passed since in the same
    module, by (learner id, module id), in one query: what makes a class's learner "stuck"
    although they are active (`courses.classes.progress`). `learners` may be a subquery."""
    passed = Attempt.objects.filter(
        learner_id=OuterRef("learner_id"),
        module_id=OuterRef("module_id"),
        quiz_id=OuterRef("quiz_id"),
        result__passed=True,
    )
    rows = (
        Attempt.objects.filter(
            learner_id__in=learners,
            module_id__in=module_ids,
            status=Attempt.Status.SUBMITTED,
            result__passed=False,
        )
        .filter(~Exists(passed))
        .values("learner_id", "module_id")
        .annotate(attempts=Count("pk"), last=Max("submitted_at"))
        .order_by()
    )
    return {
        (row["learner_id"], row["module_id"]): FailedWork(
            attempts=row["attempts"], last_failed_at=row["last"]
        )
        for row in rows
    }
