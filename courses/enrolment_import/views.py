"""Admin views of the learner import: upload, job page (dry run result), confirm, downloads.

Each view checks the importer's scope (`courses.reports.scopes`), calls one service or task,
and renders or redirects. Jobs are visible to their owner (and superusers) only.
"""

import csv
import io

import xlsxwriter
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from courses.classes.access import classes_managed
from courses.classes.models import Class
from courses.enrolment_import import parsing
from courses.enrolment_import.services import (
    ImportRefused,
    import_job_confirm,
    import_job_create,
    import_jobs_expire,
    report_excerpt,
)
from courses.enrolment_import.tasks import import_job_run_task
from courses.models import CoursePage, ImportJob
from courses.reports.scopes import scope_for_request
from courses.reports.views import NO_STORE, XLSX_TYPE, refuse_outside_scope

# Rejected rows (and rows with warnings) listed on the job page; the report has them all.
REPORT_EXCERPT_ROWS = 500
TEMPLATE_EXAMPLE = [
    "Nguyễn Thị Hồng Nhung",
    "nhung.nguyen@example.vn",
    "0912345678",
    "Cao Bằng",
    "Phường Thục Phán",
    "Cán bộ, công chức, viên chức",
    "UBND phường Thục Phán",
    "",
]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Learner file (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One learner per row, under the header of the template. At most %(limit)d MB."
        )
        % {"limit": parsing.MAX_FILE_BYTES // (1024 * 1024)},
    )
    courses = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Enrol everyone in"),
        queryset=CoursePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "Choose courses, a class, or both; a file whose column “Lớp” names each row's "
            "class needs neither."
        ),
    )
    klass = forms.ModelChoiceField(
        label=gettext_lazy("Add everyone to the class"),
        queryset=Class.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Optional. Each learner joins the class and its courses, as with its join code: a "
            "closed or full class takes nobody. A row's “Lớp” column names another class of "
            "your area."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["klass"].queryset = (
            classes_managed(user=user).select_related("commune__province").order_by("name", "pk")
        )
        self.fields["klass"].label_from_instance = lambda klass: f"{klass} ({klass.commune})"


def _require_scope(request):
    scope = scope_for_request(request)
    if scope is None:
        raise PermissionDenied
    return scope


def _own_job(request, job_id: int) -> ImportJob:
    _require_scope(request)
    job = get_object_or_404(ImportJob.objects.select_related("klass__commune"), pk=job_id)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@refuse_outside_scope
def upload(request):
    scope = _require_scope(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                owner=request.user,
                upload=form.cleaned_data["file"],
                courses=list(form.cleaned_data["courses"]),
                klass=form.cleaned_data["klass"],
            )
        except ImportRefused as error:
            form.add_error("file", str(error))
        else:
            import_job_run_task.enqueue(job.pk, True, get_language() or "vi")
            return redirect("enrolment_import_job", job_id=job.pk)
    import_jobs_expire()
    jobs = ImportJob.objects.filter(owner=request.user)[:10]
    return TemplateResponse(
        request,
        "courses/enrolment_import/upload.html",
        {
            "page_title": _("Enrol learners from a file"),
            "form": form,
            "scope": scope,
            "jobs": jobs,
            "headers": list(parsing.VIETNAMESE_HEADERS.values()),
            "max_mb": parsing.MAX_FILE_BYTES // (1024 * 1024),
        },
    )


@refuse_outside_scope
def job_detail(request, job_id: int):
    import_jobs_expire()
    job = _own_job(request, job_id)
    response = TemplateResponse(
        request,
        "courses/enrolment_import/job.html",
        {
            "page_title": _("Learner import: %(name)s") % {"name": job.original_name},
            "job": job,
            "courses": job.courses.all(),
            "excerpt": None
            if job.is_running
            else report_excerpt(job=job, limit=REPORT_EXCERPT_ROWS),
            "statuses": ImportJob.Status,
        },
    )
    response["Cache-Control"] = NO_STORE
    return response


@require_POST
@refuse_outside_scope
def job_confirm(request, job_id: int):
    job = _own_job(request, job_id)
    try:
        import_job_confirm(job=job)
    except ImportRefused as error:
        messages.error(request, str(error))
    else:
        import_job_run_task.enqueue(job.pk, False, get_language() or "vi")
    return redirect("enrolment_import_job", job_id=job.pk)


@refuse_outside_scope
def job_report(request, job_id: int):
    job = _own_job(request, job_id)
    if not job.report:
        raise Http404
    response = FileResponse(
        job.report.open("rb"),
        as_attachment=True,
        filename=f"import-{job.pk}-report.csv",
        content_type="text/csv; charset=utf-8",
    )
    response["Cache-Control"] = NO_STORE
    return response


@refuse_outside_scope
def template_download(request, fmt: str):
    _require_scope(request)
    headers = list(parsing.VIETNAMESE_HEADERS.values())
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerow(TEMPLATE_EXAMPLE)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
        sheet = workbook.add_worksheet(_("Learners")[:31])
        text = workbook.add_format({"num_format": "@"})
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, headers, bold)
        sheet.write_row(1, 0, TEMPLATE_EXAMPLE, text)
        sheet.set_column(0, len(headers) - 1, 24, text)
        workbook.close()
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="learner-import-template.{fmt}"'
    return response
