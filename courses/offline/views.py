from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from courses.models import CoursePage
from courses.offline.selectors import offline_manifest


@require_GET
@login_required
@cache_control(private=True, no_cache=True)
def manifest(request, course_id: int):
    """The course's offline manifest (JSON), for a learner enrolled in it only."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    data = offline_manifest(course=course, learner=request.user, request=request)
    if data is None:
        raise PermissionDenied
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
