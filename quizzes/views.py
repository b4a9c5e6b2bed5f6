"""Learner views of a quiz: start an attempt, answer it (saved as one goes), submit, review.

Each view parses the request, calls one service or selector, and renders or redirects.
Saving answers answers JSON to the page's autosave script and redirects a plain form post.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.certificates.selectors import completion_notice
from courses.models import ActionReceipt, CoursePage, ModulePage
from courses.sync.views import replayable
from quizzes.models import Attempt, Quiz
from quizzes.selectors import attempt_form, attempt_review, is_expired
from quizzes.services import (
    QuizError,
    attempt_close_if_expired,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _post_data(request) -> dict[str, list[str]]:
    return {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}


def _refuse(request, error: QuizError, attempt: Attempt):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": str(error)}, status=error.status)
    if attempt.learner_id == request.user.pk:
        messages.error(request, str(error))
        return redirect("quiz_attempt", attempt_id=attempt.pk)
    return render(request, "quizzes/refused.html", {"message": str(error)}, status=error.status)


@require_POST
@login_required
def quiz_start(request, module_id: int, quiz_id: int):
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    try:
        attempt = attempt_start(learner=request.user, quiz=quiz, module=module)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect(module.get_url(request))
    return redirect("quiz_attempt", attempt_id=attempt.pk)


@require_GET
@login_required
def attempt_detail(request, attempt_id: int):
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz", "module", "learner"),
        pk=attempt_id,
        learner=request.user,
    )
    if attempt.in_progress and is_expired(deadline=attempt.deadline, now=timezone.now()):
        if attempt_close_if_expired(attempt=attempt):
            messages.warning(request, _("Time is up. The answers you saved in time were graded."))
        attempt.refresh_from_db()
    if attempt.in_progress:
        return render(
            request,
            "quizzes/attempt.html",
            {"form": attempt_form(attempt=attempt), "attempt": attempt, "quiz": attempt.quiz},
        )
    review = attempt_review(attempt=attempt)
    notice = None
    if review.result.passed:
        course = CoursePage.objects.live().parent_of(attempt.module).first()
        notice = course and completion_notice(learner=request.user, course=course)
    return render(
        request,
        "quizzes/attempt_result.html",
        {"review": review, "attempt": attempt, "quiz": attempt.quiz, "completion_notice": notice},
    )


@replayable(ActionReceipt.Kind.QUIZ_SAVE)
@require_POST
@login_required
def attempt_save(request, attempt_id: int):
    attempt = get_object_or_404(Attempt, pk=attempt_id)
    try:
        changed = attempt_save_answers(
            attempt=attempt, learner=request.user, data=_post_data(request)
        )
    except QuizError as error:
        return _refuse(request, error, attempt)
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "changed": changed,
                "message": _("Answers saved at %(time)s.")
                % {"time": timezone.localtime().strftime("%H:%M:%S")},
            }
        )
    messages.success(request, _("Your answers are saved."))
    return redirect("quiz_attempt", attempt_id=attempt.pk)


@replayable(ActionReceipt.Kind.QUIZ_SUBMIT)
@require_POST
@login_required
def attempt_submit_view(request, attempt_id: int):
    attempt = get_object_or_404(Attempt, pk=attempt_id)
    try:
        outcome = attempt_submit(attempt=attempt, learner=request.user, data=_post_data(request))
    except QuizError as error:
        return _refuse(request, error, attempt)
    if outcome.already_submitted:
        messages.info(request, _("This attempt was already submitted; here is its result."))
    elif outcome.timed_out:
        messages.warning(request, _("Time is up. The answers you saved in time were graded."))
    return redirect("quiz_attempt", attempt_id=attempt.pk)
