from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from courses.models import CoursePage
from courses.selectors import course_progress_report, trainer_course_list


def progress_index(request):
    return TemplateResponse(
        request,
        "courses/admin/progress_index.html",
        {"courses": trainer_course_list(user=request.user), "page_title": _("Learner progress")},
    )


def progress_detail(request, course_id: int):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not course.permissions_for_user(request.user).can_edit():
        # A 403 rather than PermissionDenied, which Wagtail's admin turns into a redirect.
        return permission_denied(request, PermissionDenied())
    context = course_progress_report(course=course)
    context["page_title"] = _("Learner progress: %(course)s") % {"course": course.title}
    return TemplateResponse(request, "courses/admin/progress_detail.html", context)
