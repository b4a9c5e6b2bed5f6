"""Class screens: the admin pages of one class (roster, join code and QR) and the learner's
join page. Each view finds the class through `access`, calls one service and redirects."""

import tempfile

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from courses.classes import access
from courses.classes.forms import ClassSessionForm
from courses.classes.models import Class, ClassMember, ClassSession
from courses.classes.progress import (
    STUCK_DAYS_CHOICES,
    STUCK_DAYS_DEFAULT,
    class_progress,
    class_progress_export,
)
from courses.classes.reminders import (
    opt_out_learner_id,
    reminder_chat_text,
    reminder_opt_out,
    reminders_send,
)
from courses.classes.selectors import (
    class_attendance,
    class_candidates,
    class_roster,
    session_sheet,
)
from courses.classes.services import (
    ClassError,
    attendance_record,
    class_by_code,
    class_join,
    class_member_add,
    class_member_remove,
    class_session_create,
)
from courses.reports.exports import csv_chunks, xlsx_write


def _class_or_404(request, class_id: int) -> Class:
    klass = access.class_for_user(user=request.user, class_id=class_id)
    if klass is None:
        raise Http404
    return klass


def _join_url(request, klass: Class) -> str:
    return request.build_absolute_uri(reverse("class_join", args=(klass.join_code,)))


@require_GET
def class_detail(request, class_id: int):
    klass = _class_or_404(request, class_id)
    query = request.GET.get("q", "")
    context = {
        "klass": klass,
        "page_title": klass.name,
        "roster": class_roster(klass=klass),
        "courses": klass.courses.order_by("title"),
        "trainers": klass.trainers.order_by("full_name"),
        "query": query,
        "candidates": class_candidates(klass=klass, query=query),
        "join_url": _join_url(request, klass),
        "can_edit": access.class_may_edit(user=request.user, klass=klass),
    }
    return TemplateResponse(request, "courses/classes/detail.html", context)


@require_GET
def class_progress_view(request, class_id: int):
    """The learners x modules grid of the class, with its stuck learners first."""
    klass = _class_or_404(request, class_id)
    days = request.GET.get("days", "")
    stuck_days = int(days) if days in {str(d) for d in STUCK_DAYS_CHOICES} else STUCK_DAYS_DEFAULT
    progress = class_progress(klass=klass, now=timezone.now(), stuck_days=stuck_days)
    context = {
        "klass": klass,
        "progress": progress,
        "stuck_days_choices": STUCK_DAYS_CHOICES,
        "page_title": _("Progress: %(name)s") % {"name": klass.name},
    }
    return TemplateResponse(request, "courses/classes/progress.html", context)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def class_progress_download(request, class_id: int, fmt: str):
    """The progress grid as CSV or XLSX, through the statistics' writers (same neutralisation)."""
    klass = _class_or_404(request, class_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    export = class_progress_export(progress=class_progress(klass=klass, now=timezone.now()))
    filename = f"{export.filename_stem}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(export), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
        xlsx_write(export, spool)
        spool.seek(0)
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE
        )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@cache_control(private=True, max_age=3600)
def class_qr(request, class_id: int):
    """The join link as a QR code, drawn here as SVG (nothing is fetched from elsewhere)."""
    klass = _class_or_404(request, class_id)
    response = HttpResponse(content_type="image/svg+xml")
    segno.make(_join_url(request, klass), error="m").save(response, kind="svg", scale=8, border=2)
    return response


@require_POST
def member_add(request, class_id: int):
    klass = _class_or_404(request, class_id)
    learner = get_object_or_404(
        get_user_model().objects.filter(is_active=True), pk=request.POST.get("learner") or 0
    )
    try:
        class_member_add(klass=klass, learner=learner)
    except ClassError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(learner)s is now in the class.") % {"learner": learner.get_full_name()}
        )
    return redirect("class_detail", klass.pk)


@require_POST
def member_remove(request, class_id: int, member_id: int):
    klass = _class_or_404(request, class_id)
    member = get_object_or_404(
        ClassMember.objects.select_related("learner").filter(klass=klass), pk=member_id
    )
    class_member_remove(member=member)
    messages.success(
        request,
        _("%(learner)s has left the class; their courses and progress are kept.")
        % {"learner": member.learner.get_full_name()},
    )
    return redirect("class_detail", klass.pk)


def join_start(request):
    """Where a learner types the code the trainer shows."""
    code = request.GET.get("code", "").strip()
    if code:
        klass = class_by_code(code=code)
        if klass is not None:
            return redirect("class_join", klass.join_code)
        messages.error(request, _("No class has this code. Please check it with your trainer."))
    return TemplateResponse(request, "courses/classes/join_start.html", {"code": code})


def join(request, code: str):
    """The page a join link or QR code opens: sign in or sign up, then join with one tap."""
    klass = class_by_code(code=code)
    if klass is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            class_join(code=klass.join_code, learner=request.user)
        except ClassError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Welcome to the class “%(name)s”! Its courses are now in your list.")
                % {"name": klass.name},
            )
            return redirect("dashboard")
    context = {
        "klass": klass,
        "courses": klass.courses.live().order_by("title"),
        "next": request.path,
    }
    return TemplateResponse(request, "courses/classes/join.html", context)


def sessions(request, class_id: int):
    """The class's sessions with their attendance, and a form to add one."""
    klass = _class_or_404(request, class_id)
    form = ClassSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = class_session_create(klass=klass, **form.cleaned_data)
        return redirect("class_session", klass.pk, session.pk)
    context = {
        "klass": klass,
        "form": form,
        "attendance": class_attendance(klass=klass),
        "page_title": _("Sessions: %(name)s") % {"name": klass.name},
    }
    return TemplateResponse(request, "courses/classes/sessions.html", context)


def session_attendance(request, class_id: int, session_id: int):
    """Tick who is present, the whole class on one screen."""
    klass = _class_or_404(request, class_id)
    session = get_object_or_404(ClassSession.objects.filter(klass=klass), pk=session_id)
    if request.method == "POST":
        if request.POST.get("everyone"):
            ids = klass.members.values_list("learner_id", flat=True)
        else:
            ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        count = attendance_record(session=session, present_ids=ids)
        messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
        return redirect("class_sessions", klass.pk)
    context = {
        "klass": klass,
        "session": session,
        "sheet": session_sheet(session=session),
        "page_title": _("Attendance on %(date)s")
        % {"date": date_format(session.held_on, "SHORT_DATE_FORMAT")},
    }
    return TemplateResponse(request, "courses/classes/session.html", context)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def reminders(request, class_id: int):
    """Send a reminder to the stuck learners or the whole class; text for the chat group."""
    klass = _class_or_404(request, class_id)
    if request.method == "POST":
        if request.POST.get("to") == "stuck":
            progress = class_progress(klass=klass, now=timezone.now())
            learners = [row.member.learner for row in progress.stuck_rows]
        else:
            learners = [member.learner for member in class_roster(klass=klass)]
        result = reminders_send(
            klass=klass,
            learners=learners,
            sent_by=request.user,
            today=timezone.localdate(),
        )
        messages.success(
            request,
            _(
                "Reminders sent: %(sent)s. Already reminded today: %(already)s. "
                "Turned reminders off: %(opted)s."
            )
            % {"sent": result.sent, "already": result.already_today, "opted": result.opted_out},
        )
        return redirect("class_reminders", klass.pk)
    context = {
        "klass": klass,
        "chat_text": reminder_chat_text(klass=klass, base_url=_base_url(request)),
        "page_title": _("Reminders: %(name)s") % {"name": klass.name},
    }
    return TemplateResponse(request, "courses/classes/reminders.html", context)


def reminder_opt_out_view(request, token: str):
    """The link in every reminder: one tap turns class reminders off, without signing in."""
    learner_id = opt_out_learner_id(token=token)
    learner = get_object_or_404(get_user_model(), pk=learner_id or 0)
    done = False
    if request.method == "POST":
        reminder_opt_out(learner=learner)
        done = True
    return TemplateResponse(request, "courses/classes/opt_out.html", {"done": done})
