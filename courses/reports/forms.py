"""Forms of the statistics screens: the report filters and the target upload.

The filter form is the only way request parameters reach a query: a value that is not one of
the allowed choices or not a date is dropped (the report ignores it), and parameters the form
does not know are never read. The area (province, commune) is not a form field: it goes
through `courses.reports.scopes.scope_resolve`.
"""

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Enrolment
from home.models import LearnerGroup

MAX_RANGE_DAYS = 3660


class Period:
    MONTH = "month"
    WEEK = "week"
    CHOICES = [(MONTH, _("Month")), (WEEK, _("Week"))]


@dataclass(frozen=True)
class ReportFilters:
    """Validated filters: a course, a learner group, a date range, the trend's period."""

    course: CoursePage | None = None
    group: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    period: str = Period.MONTH
    ignored: tuple[str, ...] = field(default=(), compare=False)

    def _bounds(self):
        start = end = None
        tz = timezone.get_current_timezone()
        if self.date_from:
            start = dt.datetime.combine(self.date_from, dt.time.min, tzinfo=tz)
        if self.date_to:
            end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    def _range_q(self, field_name: str) -> Q:
        start, end = self._bounds()
        q = Q()
        if start:
            q &= Q(**{f"{field_name}__gte": start})
        if end:
            q &= Q(**{f"{field_name}__lt": end})
        return q

    @property
    def has_dates(self) -> bool:
        return bool(self.date_from or self.date_to)

    def enrolled_q(self, prefix: str = "") -> Q:
        """Enrolments made within the date range (all of them without one)."""
        return self._range_q(f"{prefix}enrolled_at")

    def completed_q(self, prefix: str = "") -> Q:
        """Enrolments completed within the date range (every completed one without one)."""
        return Q(**{f"{prefix}completed_at__isnull": False}) & self._range_q(
            f"{prefix}completed_at"
        )

    def enrolment_q(self, prefix: str = "") -> Q:
        """Course and group of the enrolment."""
        q = Q()
        if self.course is not None:
            q &= Q(**{f"{prefix}course_id": self.course.pk})
        if self.group:
            q &= Q(**{f"{prefix}learner_group": self.group})
        return q

    def count_q(self) -> Q:
        """Course, group and date range on the statistics table (`DailyCount`), whose days are
        local dates: the same enrolments and completions as `enrolled_q` and `completed_q`."""
        q = self.enrolment_q()
        if self.date_from:
            q &= Q(day__gte=self.date_from)
        if self.date_to:
            q &= Q(day__lte=self.date_to)
        return q

    def params(self) -> dict[str, str]:
        """The query parameters that ask for these filters again (for links)."""
        values = {
            "course": self.course.slug if self.course else "",
            "group": self.group,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "period": self.period if self.period != Period.MONTH else "",
        }
        return {key: value for key, value in values.items() if value}


class ReportFilterForm(forms.Form):
    course = forms.ChoiceField(label=_("Course"), required=False)
    group = forms.ChoiceField(
        label=_("Learner group"),
        required=False,
        choices=[("", _("All groups")), *LearnerGroup.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period = forms.ChoiceField(label=_("Trend by"), required=False, choices=Period.CHOICES)

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = list(courses if courses is not None else report_courses())
        self.fields["course"].choices = [
            ("", _("All courses")),
            *[(course.slug, course.title) for course in self.courses],
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and (end < start or (end - start).days > MAX_RANGE_DAYS):
            self.add_error("date_to", _("The end date must follow the start date."))
        return data

    def filters(self) -> ReportFilters:
        """The valid filters; invalid values are left out and named in `ignored`."""
        self.is_valid()
        data = self.cleaned_data
        by_slug = {course.slug: course for course in self.courses}
        return ReportFilters(
            course=by_slug.get(data.get("course") or ""),
            group=data.get("group") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            period=data.get("period") or Period.MONTH,
            ignored=tuple(sorted(self.errors)),
        )


def report_courses():
    """Courses a report may be filtered by, by title: those published once (live or withdrawn
    since) and any other with enrolments.

    A draft that was never published is not a course learners could take: Wagtail's autosave
    creates one as soon as a trainer types a title, and a trainer who starts again leaves it
    behind under the same title.
    """
    has_enrolments = Exists(Enrolment.objects.filter(course=OuterRef("pk")))
    return (
        CoursePage.objects.filter(Q(first_published_at__isnull=False) | has_enrolments)
        .order_by("title", "pk")
        .only("pk", "title", "slug")
    )


def filters_parse(*, params, courses=None) -> tuple[ReportFilters, ReportFilterForm]:
    """Filters from query parameters (a QueryDict or a dict) and the bound form to show."""
    form = ReportFilterForm(params, courses=courses)
    return form.filters(), form


class TargetImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: commune (five-digit code), group (official, digital_team, citizen or "
            "empty for all), target (whole number), and optionally course (the course's slug)."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run)"),
        required=False,
        initial=True,
        help_text=_("Report what would change without saving anything."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="too_large")
        return upload
