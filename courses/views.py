from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage, ModulePage
from courses.selectors import learner_dashboard, learner_has_completed, module_ahead
from courses.services import (
    LearningError,
    enrolment_create,
    enrolment_leave,
    module_mark_done,
)
from courses.sync.models import ActionReceipt
from courses.sync.views import replayable


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id)


@require_POST
@login_required
def enrol(request, course_id: int):
    course = _live_course(course_id)
    try:
        enrolment_create(learner=request.user, course=course)
    except LearningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are enrolled. Good luck with your studies!"))
    return redirect(course.get_url(request))


@require_POST
@login_required
def leave(request, course_id: int):
    course = _live_course(course_id)
    try:
        enrolment_leave(learner=request.user, course=course)
    except LearningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left the course. Your progress is kept."))
    return redirect(course.get_url(request))


@replayable(ActionReceipt.Kind.MODULE_DONE)
@require_POST
@login_required
def module_done(request, course_id: int, module_id: int):
    course = _live_course(course_id)
    module = get_object_or_404(ModulePage.objects.live().child_of(course), pk=module_id)
    try:
        module_mark_done(learner=request.user, course=course, module=module)
    except LearningError as error:
        messages.error(request, str(error))
        return redirect(course.get_url(request))
    if learner_has_completed(learner=request.user, course=course):
        messages.success(request, _("Congratulations! You have completed the course."))
        return redirect(course.get_url(request))
    messages.success(request, _("Module completed."))
    next_module = request.POST.get("next_module")
    following = (
        ModulePage.objects.live().child_of(course).filter(pk=next_module).first()
        if next_module and next_module.isdigit()
        else None
    )
    return redirect((following or course).get_url(request))


@require_GET
@login_required
def dashboard(request):
    context = learner_dashboard(learner=request.user)
    # The course taken up last is the likeliest to be continued: its next module's code is
    # fetched ahead (only its: every course's would be too much on a slow connection).
    following = next((e.progress.next_module for e in context["active"]), None)
    if following is not None:
        context["ahead"] = module_ahead(module_id=following.pk, request=request)
    return render(request, "courses/dashboard.html", context)
