import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import ModulePage
from courses.videos.selectors import SAVE_DATA_COOKIE
from courses.videos.services import VideoError, video_watch_record


@require_POST
def video_watch(request, module_id: int, document_id: int):
    """A report of what the learner's browser played (form fields, with the CSRF token:
    `ranges` as JSON [[start, end], ...], `duration`, `position`), sent by courses/video.js."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"ok": False, "message": _("Sign in to have your watching counted.")}, status=403
        )
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    try:
        ranges = json.loads(request.POST.get("ranges", ""))
        outcome = video_watch_record(
            learner=request.user,
            module=module,
            part=f"video:{document_id}",
            ranges=ranges,
            duration=request.POST.get("duration"),
            position=request.POST.get("position"),
        )
    except ValueError:
        return JsonResponse(
            {
                "ok": False,
                "message": _("The report could not be read: %(error)s.")
                % {"error": _("ranges must be JSON")},
            },
            status=400,
        )
    except VideoError as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=error.status)
    return JsonResponse(
        {
            "ok": not outcome.refused,
            "watched_percent": outcome.watched_percent,
            "required_share": outcome.required_share,
            "passed": outcome.passed,
            "module_completed": outcome.module_completed,
            "message": outcome.message,
        },
        status=400 if outcome.refused else 200,
    )


@require_POST
@login_required
def data_saver(request):
    """The profile page's "save data" setting: light videos on this device (a cookie)."""
    response = redirect("profile")
    if request.POST.get("save_data") == "1":
        response.set_cookie(
            SAVE_DATA_COOKIE,
            "1",
            max_age=365 * 24 * 3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # read by courses/video.js for the videos of shared fragments
            samesite="Lax",
        )
        messages.success(request, _("Data saving is on: light videos are played on this device."))
    else:
        response.delete_cookie(SAVE_DATA_COOKIE, samesite="Lax")
        messages.success(request, _("Data saving is off on this device."))
    return response
