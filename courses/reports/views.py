"""Admin views of the statistics: dashboard, exports, target import.

Each view parses the request, asks `scopes.scope_resolve` for the area, calls one selector or
export, and renders. An area outside the user's scope is answered with 403 here: Wagtail's
admin wrapper would turn a raised PermissionDenied into a redirect, which hides the refusal.
"""

import tempfile
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin import messages

from courses.reports import charts, exports
from courses.reports.forms import Period, TargetImportForm, filters_parse
from courses.reports.scopes import COMMUNE, NATIONAL, PROVINCE, scope_for_request, scope_resolve
from courses.reports.selectors import dashboard_figures
from courses.reports.services import target_import_csv
from home.selectors import portal_hosts_by_province

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_STORE = "private, no-store"


def refuse_outside_scope(view):
    """Answer PermissionDenied with a 403 page instead of Wagtail's redirect."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            response = TemplateResponse(
                request,
                "courses/reports/forbidden.html",
                {"page_title": _("Statistics")},
                status=403,
            )
            response["Cache-Control"] = NO_STORE
            return response

    return wrapped


def _requested_area(request):
    return scope_resolve(
        user=request.user,
        province_code=request.GET.get("province"),
        commune_code=request.GET.get("commune"),
        scope=scope_for_request(request),
    )


def _url(name: str, *params: dict, **kwargs) -> str:
    query = {}
    for part in params:
        query.update(part)
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _trail(*, scope, area) -> list[dict]:
    """Links from the user's own area down to the one shown (never above their scope)."""
    trail = []
    if scope.level == NATIONAL:
        trail.append({"label": _("Whole country"), "url": _url("statistics_dashboard")})
    if area.province is not None and scope.level in (NATIONAL, PROVINCE):
        trail.append(
            {
                "label": area.province.full_name,
                "url": _url("statistics_dashboard", {"province": area.province.code}),
            }
        )
    if area.level == COMMUNE:
        trail.append(
            {
                "label": area.commune.name,
                "url": _url("statistics_dashboard", {"commune": area.commune.code}),
            }
        )
    return trail


def _period_label(start, period) -> str:
    if period == Period.WEEK:
        return date_format(start, "d/m/Y")
    return date_format(start, "m/Y")


@refuse_outside_scope
def dashboard(request):
    area = _requested_area(request)
    scope = scope_for_request(request)
    filters, form = filters_parse(params=request.GET)
    dashboard = dashboard_figures(area=area, filters=filters)
    context = {**dashboard.context, "computed_at": dashboard.computed_at}
    keep = {**area.params(), **filters.params()}
    for row in context["breakdown"]:
        target_params = {**area.params(), **filters.params(), **row.params}
        if "commune" in row.params:
            target_params.pop("province", None)
        row.url = _url("statistics_dashboard", target_params)
    if context.get("breakdown_level") == "province":
        # One portal per province: the province rows are the per-portal figures (learners
        # counted by their commune's province, wherever they learned).
        hosts = portal_hosts_by_province()
        for row in context["breakdown"]:
            row.portal_host = hosts.get(row.params.get("province"), "")
        context["portal_column"] = bool(hosts)
    labels = [_period_label(point.start, filters.period) for point in context["trend"]]
    context.update(
        {
            "page_title": _("Statistics"),
            "area": area,
            "scope": scope,
            "trail": _trail(scope=scope, area=area),
            "form": form,
            "filters": filters,
            "area_params": area.params(),
            "exports": [
                {
                    "label": label,
                    "url": _url("statistics_export", keep, kind=kind, fmt=fmt),
                }
                for kind, fmt, label in [
                    ("roster", "csv", _("Learner roster (CSV)")),
                    ("roster", "xlsx", _("Learner roster (Excel)")),
                    ("summary", "csv", _("Summary with targets (CSV)")),
                    ("summary", "xlsx", _("Summary with targets (Excel)")),
                    ("classes", "csv", _("Classes (CSV)")),
                    ("classes", "xlsx", _("Classes (Excel)")),
                ]
            ],
            "breakdown_chart": charts.bar_chart(
                title=_("Completions by area"),
                description=_(
                    "Completions per row of the table below; a dark tick marks the target."
                ),
                bars=[
                    charts.Bar(row.label, row.figures.completions, row.figures.target)
                    for row in context["breakdown"]
                ],
                target_label=_("target"),
            ),
            "group_chart": charts.bar_chart(
                title=_("Completions by learner group"),
                description=_("Completions per learner group; a dark tick marks the target."),
                bars=[
                    charts.Bar(row.label, row.figures.completions, row.figures.target)
                    for row in context["groups"]
                ],
                target_label=_("target"),
            ),
            "trend_chart": charts.column_chart(
                title=_("Enrolments and completions over time"),
                description=_("One pair of columns per period; the table below has the numbers."),
                labels=labels,
                series=[
                    (_("Enrolments"), [p.enrolments for p in context["trend"]]),
                    (_("Completions"), [p.completions for p in context["trend"]]),
                ],
            ),
            "trend_rows": list(zip(labels, context["trend"], strict=True)),
            "can_manage": scope.is_national,
        }
    )
    response = TemplateResponse(request, "courses/reports/dashboard.html", context)
    response["Cache-Control"] = NO_STORE
    return response


@refuse_outside_scope
def export(request, kind: str, fmt: str):
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    area = _requested_area(request)
    filters, _form = filters_parse(params=request.GET)
    if kind == "roster":
        result = exports.roster_export(area=area, filters=filters)
    elif kind == "classes":
        result = exports.classes_export(area=area, filters=filters)
    else:
        by = PROVINCE if request.GET.get("by") == PROVINCE else COMMUNE
        result = exports.summary_export(area=area, filters=filters, by=by)
    filename = f"{result.filename_stem}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(result), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
        exports.xlsx_write(result, spool)
        spool.seek(0)
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE
        )
    response["Cache-Control"] = NO_STORE
    return response


@refuse_outside_scope
def target_import(request):
    scope = scope_for_request(request)
    if scope is None or not scope.is_national:
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = TargetImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = target_import_csv(
                upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
            )
            if report.saved:
                messages.success(
                    request,
                    _("Targets saved: %(created)d new, %(updated)d changed.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("statistics_target_import")
    else:
        form = TargetImportForm()
    return TemplateResponse(
        request,
        "courses/reports/target_import.html",
        {"page_title": _("Import completion targets"), "form": form, "report": report},
    )
