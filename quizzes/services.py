"""Write-side operations of quizzes: starting attempts, saving answers, grading, completion.

Each public function takes keyword-only arguments and runs in one transaction. The rules that
must hold when two requests race (one attempt in progress, numbered attempts within the
limit, one result per attempt) are database constraints; the attempt row is locked while it
changes, so a double click, two tabs or a replayed request grade an attempt once and get the
same result. Refusals raise `QuizError` with a message for the learner; they change nothing.
"""

import logging
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import ModulePage
from courses.selectors import module_visit
from courses.services import LearningError, module_part_passed
from quizzes import grading
from quizzes.answers import AnswerError, answers_from_post, clean_answer
from quizzes.draw import DrawRule, choice_order, select_questions
from quizzes.imports import ImportReport
from quizzes.models import (
    Attempt,
    AttemptQuestion,
    AttemptResult,
    Choice,
    Question,
    QuestionCategory,
    QuestionResult,
    Quiz,
    QuizDraw,
    QuizQuestion,
)
from quizzes.selectors import (
    answer_key,
    answer_shape,
    attempt_questions,
    is_expired,
    module_quizzes,
    questions_with_choices,
)

logger = logging.getLogger(__name__)


class QuizError(Exception):
    """A refused action; `str(error)` is the message for the learner, `status` the HTTP
    status a view should answer with."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SubmitOutcome:
    result: AttemptResult
    already_submitted: bool
    timed_out: bool


def _ensure_may_take(*, learner, quiz: Quiz, module) -> None:
    """Only an enrolled learner, in a module they may open, may take the module's quiz."""
    if learner is None or not learner.is_authenticated:
        raise QuizError(_("Sign in to take the quiz."), status=403)
    if quiz.pk not in module_quizzes(module=module):
        raise QuizError(_("This quiz is not part of this module."), status=404)
    visit = module_visit(module=module, learner=learner)
    if visit is None:
        raise QuizError(_("This module is not available."), status=404)
    if visit.refusal:
        raise QuizError(ModulePage.refusal_message(visit.refusal), status=403)


def _locked(attempt: Attempt) -> Attempt:
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "module", "learner")
        .get(pk=attempt.pk)
    )


def _ensure_owner(*, attempt: Attempt, learner) -> None:
    if learner is None or attempt.learner_id != getattr(learner, "pk", None):
        raise QuizError(_("This attempt belongs to another learner."), status=403)


def _draw(*, quiz: Quiz, previous: frozenset[int], rng) -> list[int]:
    fixed = list(
        QuizQuestion.objects.filter(quiz=quiz)
        .order_by("sort_order", "pk")
        .values_list("question_id", flat=True)
    )
    draws = list(QuizDraw.objects.filter(quiz=quiz).order_by("sort_order", "pk"))
    pools: dict[int, list[int]] = {draw.category_id: [] for draw in draws}
    if draws:
        for pk, category_id in Question.objects.filter(category_id__in=pools).values_list(
            "pk", "category_id"
        ):
            pools[category_id].append(pk)
    rules = [DrawRule(pool=tuple(pools[d.category_id]), count=d.count) for d in draws]
    return select_questions(
        fixed=fixed, draws=rules, previous=previous, shuffle=quiz.shuffle_questions, rng=rng
    )


def attempt_start(*, learner, quiz: Quiz, module, rng=None) -> Attempt:
    """Start an attempt (or return the one in progress), freezing its questions and order.

    An attempt whose time ran out is graded first, and counts. A retake draws a new random
    selection. Refused when the learner may not take the quiz or has used every attempt.
    """
    _ensure_may_take(learner=learner, quiz=quiz, module=module)
    rng = rng or secrets.SystemRandom()
    with transaction.atomic():
        scope = Attempt.objects.filter(quiz=quiz, learner=learner, module=module)
        current = scope.filter(status=Attempt.Status.IN_PROGRESS).first()
        if current is not None:
            if not is_expired(deadline=current.deadline, now=timezone.now()):
                return current
            attempt_close_if_expired(attempt=current)
        last = scope.aggregate(last=Max("number"))["last"] or 0
        if grading.attempts_left(max_attempts=quiz.max_attempts, used=last) == 0:
            raise QuizError(
                ngettext(
                    "You have used your %(count)d attempt at this quiz.",
                    "You have used all %(count)d attempts at this quiz.",
                    quiz.max_attempts,
                )
                % {"count": quiz.max_attempts},
                status=409,
            )
        previous = frozenset(
            AttemptQuestion.objects.filter(attempt__in=scope.filter(number=last)).values_list(
                "question_id", flat=True
            )
        )
        selection = _draw(quiz=quiz, previous=previous, rng=rng)
        if not selection:
            raise QuizError(_("This quiz has no questions yet."), status=409)
        questions = questions_with_choices(selection)
        now = timezone.now()
        deadline = (
            now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
        )
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    quiz=quiz,
                    learner=learner,
                    module=module,
                    number=last + 1,
                    started_at=now,
                    deadline=deadline,
                )
                AttemptQuestion.objects.bulk_create(
                    AttemptQuestion(
                        attempt=attempt,
                        question_id=pk,
                        position=position,
                        points=questions[pk].points,
                        choice_order=choice_order(
                            kind=questions[pk].kind,
                            choice_ids=[c.pk for c in questions[pk].choices.all()],
                            shuffle=quiz.shuffle_choices,
                            rng=rng,
                        ),
                    )
                    for position, pk in enumerate(selection, start=1)
                )
        except IntegrityError:
            # Another request started an attempt at the same moment: that one is the attempt.
            current = scope.filter(status=Attempt.Status.IN_PROGRESS).first()
            if current is None:
                raise QuizError(
                    _("Another attempt was started at the same moment. Reload the page."),
                    status=409,
                ) from None
            return current
    return attempt


def _apply_answers(*, attempt: Attempt, items: list[AttemptQuestion], data) -> int:
    """Validate every posted answer against the attempt, then store them all, or none."""
    try:
        posted = answers_from_post(data)
    except AnswerError as error:
        raise QuizError(str(error)) from None
    by_question = {aq.question_id: aq for aq in items}
    unknown = set(posted) - set(by_question)
    if unknown:
        raise QuizError(_("A question in the form is not part of this attempt."))
    changed = []
    now = timezone.now()
    for question_id, raw in posted.items():
        aq = by_question[question_id]
        try:
            value = clean_answer(answer_shape(aq.question), raw)
        except AnswerError as error:
            raise QuizError(
                _("Question %(number)d: %(problem)s") % {"number": aq.position, "problem": error}
            ) from None
        if value != aq.answer:
            aq.answer = value
            aq.answered_at = now
            changed.append(aq)
    if changed:
        AttemptQuestion.objects.bulk_update(changed, ["answer", "answered_at"])
    return len(changed)


def _ensure_open(attempt: Attempt) -> None:
    if not attempt.in_progress:
        raise QuizError(
            _("This attempt has been submitted; its answers can no longer change."), status=409
        )
    if is_expired(deadline=attempt.deadline, now=timezone.now()):
        raise QuizError(
            _("Time is up: answers can no longer be saved. Your saved answers are graded."),
            status=409,
        )


@transaction.atomic
def attempt_save_answers(*, attempt: Attempt, learner, data) -> int:
    """Save the answers posted from the attempt form (`data` maps field names to lists of
    values); returns how many answers changed. Refused, with nothing stored, for another
    learner's attempt, a submitted or expired attempt, a question not in the attempt or an
    answer that is not one of the question's choices."""
    attempt = _locked(attempt)
    _ensure_owner(attempt=attempt, learner=learner)
    _ensure_open(attempt)
    items = attempt_questions(attempt=attempt)
    return _apply_answers(attempt=attempt, items=items, data=data)


@transaction.atomic
def attempt_submit(*, attempt: Attempt, learner, data=None) -> SubmitOutcome:
    """Grade the attempt once, with the posted answers saved first when time allows.

    A second submission (double click, another tab, a replay) returns the stored result. When
    the time limit has passed, the posted answers are ignored and the saved ones graded.
    """
    attempt = _locked(attempt)
    _ensure_owner(attempt=attempt, learner=learner)
    if not attempt.in_progress:
        return SubmitOutcome(
            result=AttemptResult.objects.get(attempt=attempt),
            already_submitted=True,
            timed_out=False,
        )
    items = attempt_questions(attempt=attempt)
    timed_out = is_expired(deadline=attempt.deadline, now=timezone.now())
    if data is not None and not timed_out:
        _apply_answers(attempt=attempt, items=items, data=data)
    result = _grade(attempt=attempt, items=items, timed_out=timed_out)
    return SubmitOutcome(result=result, already_submitted=False, timed_out=timed_out)


@transaction.atomic
def attempt_close_if_expired(*, attempt: Attempt) -> AttemptResult | None:
    """Grade an attempt whose time ran out with the answers saved in time; None otherwise."""
    attempt = _locked(attempt)
    if not attempt.in_progress or not is_expired(deadline=attempt.deadline, now=timezone.now()):
        return None
    return _grade(attempt=attempt, items=attempt_questions(attempt=attempt), timed_out=True)


def _grade(*, attempt: Attempt, items: list[AttemptQuestion], timed_out: bool) -> AttemptResult:
    quiz = attempt.quiz
    grade = grading.grade_attempt(
        ((answer_key(aq.question, points=aq.points), aq.answer) for aq in items),
        pass_mark=quiz.pass_mark,
    )
    now = timezone.now()
    claimed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        status=Attempt.Status.SUBMITTED, submitted_at=now
    )
    if not claimed:
        return AttemptResult.objects.get(attempt=attempt)
    # The claim above is the one transition out of "in progress" of a locked row: this request
    # alone writes the result (the unique constraint still guards it), so no savepoint.
    result = AttemptResult.objects.create(
        attempt=attempt,
        score=grade.score,
        max_score=grade.max_score,
        percent=grade.percent,
        passed=grade.passed,
        timed_out=timed_out,
    )
    QuestionResult.objects.bulk_create(
        QuestionResult(
            result=result,
            attempt_question=aq,
            question_id=aq.question_id,
            awarded=question_grade.awarded,
            outcome=question_grade.outcome,
        )
        for aq, question_grade in zip(items, grade.questions, strict=True)
    )
    attempt.status, attempt.submitted_at = Attempt.Status.SUBMITTED, now
    _report_completion(attempt=attempt, result=result)
    return result


def _report_completion(*, attempt: Attempt, result: AttemptResult) -> None:
    """Tell the courses app when the learner's quiz score (per the quiz's grading method)
    reaches the pass mark; the module completes once all its required parts are passed.

    The earlier attempts' percentages are read only when they count: a first attempt has no
    earlier one (attempts are numbered from 1 and graded in order), and "last" counts only this.
    """
    quiz = attempt.quiz
    if attempt.number == 1 or quiz.grading_method == grading.LAST:
        percents = [result.percent]
    else:
        percents = list(
            AttemptResult.objects.filter(
                attempt__quiz=quiz,
                attempt__learner_id=attempt.learner_id,
                attempt__module=attempt.module,
            )
            .order_by("attempt__number")
            .values_list("percent", flat=True)
        )
    overall = grading.overall_percent(percents, method=quiz.grading_method)
    if overall is None or overall < quiz.pass_mark:
        return
    try:
        module_part_passed(
            learner=attempt.learner,
            module=attempt.module,
            part=quiz.completion_key,
            score=overall,
        )
    except LearningError as error:
        logger.info(
            "Quiz %s passed but not recorded for %s: %s", quiz.pk, attempt.learner_id, error
        )


@transaction.atomic
def question_key(*, category: str, text: str) -> tuple[str, str]:
    """What makes two questions the same for an import: the category and the text, compared
    without case, extra spaces or differences of Unicode form."""
    return (
        unicodedata.normalize("NFC", " ".join(category.split())).casefold(),
        unicodedata.normalize("NFC", " ".join(text.split())).casefold(),
    )


def questions_import(*, report: ImportReport, only_valid: bool = False) -> list[Question]:
    """Save the new questions of a checked import file into the bank, creating new categories;
    returns the questions saved.

    A question whose category and text (`question_key`) are already in the bank, or earlier in
    the file, is left out: importing the same file twice changes nothing. Nothing is saved
    when the file could not be read, or when some rows have problems and the trainer did not
    choose to import only the valid rows.
    """
    if report.file_errors:
        raise QuizError(_("The file cannot be imported; see the problems below."))
    if report.problems and not only_valid:
        raise QuizError(
            ngettext(
                "%(count)d row has problems, so nothing was imported. Fix it, or choose to "
                "import only the valid rows.",
                "%(count)d rows have problems, so nothing was imported. Fix them, or choose to "
                "import only the valid rows.",
                report.problem_rows,
            )
            % {"count": report.problem_rows}
        )
    if not report.questions:
        raise QuizError(_("The file has no valid question to import."))
    names = {item.category for item in report.questions}
    QuestionCategory.objects.bulk_create(
        [QuestionCategory(name=name) for name in names], ignore_conflicts=True
    )
    categories = {c.name: c for c in QuestionCategory.objects.filter(name__in=names)}
    seen = {
        question_key(category=category, text=text)
        for category, text in Question.objects.filter(category__in=categories.values()).values_list(
            "category__name", "text"
        )
    }
    new = []
    for item in report.questions:
        key = question_key(category=item.category, text=item.text)
        if key not in seen:
            seen.add(key)
            new.append(item)
    questions = Question.objects.bulk_create(
        Question(
            category=categories[item.category],
            kind=item.kind,
            text=item.text,
            points=item.points,
            partial_credit=item.partial_credit,
            is_true=item.is_true,
            accepted_answers="\n".join(item.accepted),
            lenient_match=item.lenient,
            explanation=item.explanation,
        )
        for item in new
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=text, is_correct=is_correct, sort_order=order)
        for question, item in zip(questions, new, strict=True)
        for order, (text, is_correct) in enumerate(item.choices)
    )
    return questions
