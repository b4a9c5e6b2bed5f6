"""Write-side operations of the statistics: manager scopes and completion targets.

`manager_scope_set` gives a user an area and the admin access a manager needs;
`target_import_csv` checks a file of targets (CSV or XLSX, read by `home.spreadsheets`) line by
line and, when every line is valid and it is not a dry run, saves them all in one transaction (a
file with one bad line saves nothing); a target already saved with the same value is left as it
is, so a second run changes nothing.
"""

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import CoursePage, ManagerScope, Target
from home.models import Commune, LearnerGroup
from home.spreadsheets import headers
from home.spreadsheets.reader import Sheet, SheetError, sheet_open

MANAGERS_GROUP = "Statistics managers"
MAX_IMPORT_ROWS = 100_000
MAX_TARGET = 10_000_000
# The target file's columns, by the one list of header spellings.
COLUMN_KEYS = {
    "commune": headers.COMMUNE,
    "group": headers.LEARNER_GROUP,
    "target": headers.TARGET,
    "course": headers.COURSE,
}
NUMBER = re.compile(r"\d+|\d{1,3}(?:[.,  ]\d{3})+")


def managers_group() -> Group:
    """The group that lets managers into the admin (created by home's migration 0005)."""
    group, created = Group.objects.get_or_create(name=MANAGERS_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


@transaction.atomic
def manager_scope_set(*, user, level: str, province=None, commune=None) -> ManagerScope:
    """Give the user this area (replacing any other) and access to the admin.

    The previous area stops counting at once: every report reads the scope on each request.
    """
    scope = ManagerScope.objects.filter(user=user).first() or ManagerScope(user=user)
    scope.level = level
    scope.province = province if level == ManagerScope.Level.PROVINCE else None
    scope.commune = commune if level == ManagerScope.Level.COMMUNE else None
    scope.full_clean(exclude=["user"] if scope.pk else None)
    scope.save()
    user.groups.add(managers_group())
    return scope


@transaction.atomic
def manager_scope_remove(*, scope: ManagerScope) -> None:
    """Take the area away; the user also leaves the managers' group."""
    user = scope.user
    scope.delete()
    user.groups.remove(managers_group())


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    saved: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _group_value(text: str, labels: dict[str, str]) -> str | None:
    key = text.strip().casefold()
    if not key:
        return ""
    return labels.get(key)


def _group_labels() -> dict[str, str]:
    labels = {}
    for group in LearnerGroup:
        labels[group.value.casefold()] = group.value
        for language in ("vi", "en"):
            with translation.override(language):
                labels[str(group.label).casefold()] = group.value
    return labels


def target_import_csv(*, upload, dry_run: bool) -> ImportReport:
    """Check (and unless `dry_run`, save) the targets in an uploaded CSV or XLSX file, read by
    the one spreadsheet reader (any encoding, delimiter or sheet; the header below titles)."""
    report = ImportReport(dry_run=dry_run)
    name = upload.name or "targets.csv"
    suffix = ".xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"targets{suffix}"
        with open(path, "wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        try:
            sheet = sheet_open(path=path, filename=path.name)
            return target_import(sheet=sheet, dry_run=dry_run)
        except SheetError as error:
            report.problems.append(ImportProblem(0, str(error)))
            return report


def target_import(*, sheet: Sheet, dry_run: bool) -> ImportReport:
    """Targets from an opened spreadsheet; see `target_import_csv`."""
    report = ImportReport(dry_run=dry_run, notices=list(sheet.notices))
    problems = report.problems
    columns = sheet.columns
    missing = [name for name in ("commune", "target") if COLUMN_KEYS[name] not in columns]
    if missing:
        problems.append(
            ImportProblem(
                sheet.header_number,
                _("Missing column(s): %(columns)s. The header must name commune, group, target.")
                % {"columns": ", ".join(missing)},
            )
        )
        return report

    communes = dict(Commune.objects.values_list("code", "pk"))
    courses = dict(CoursePage.objects.values_list("slug", "pk"))
    group_labels = _group_labels()
    wanted: dict[tuple, tuple[int, int]] = {}

    def cell(row, name):
        return row.cells.get(COLUMN_KEYS[name], "").strip()

    for row in sheet.rows():
        line_number = row.number
        report.rows += 1
        if report.rows > MAX_IMPORT_ROWS:
            problems.append(
                ImportProblem(
                    line_number,
                    _("Too many rows: at most %(max)d per file.") % {"max": MAX_IMPORT_ROWS},
                )
            )
            break
        reasons = []
        code = cell(row, "commune")
        if code.isdigit() and len(code) < 5:
            code = code.zfill(5)  # spreadsheets drop leading zeros
        commune_id = communes.get(code)
        if not code:
            reasons.append(_("the commune code is empty"))
        elif commune_id is None:
            reasons.append(_("no commune has the code “%(code)s”") % {"code": code})
        group = _group_value(cell(row, "group"), group_labels)
        if group is None:
            reasons.append(
                _(
                    "unknown learner group “%(group)s” "
                    "(use official, digital_team, citizen or leave it empty)"
                )
                % {"group": cell(row, "group")}
            )
        course_slug = cell(row, "course")
        course_id = None
        if course_slug:
            course_id = courses.get(course_slug)
            if course_id is None:
                reasons.append(_("no course has the slug “%(slug)s”") % {"slug": course_slug})
        raw_target = cell(row, "target")
        target = None
        if not NUMBER.fullmatch(raw_target):
            reasons.append(
                _("the target “%(value)s” is not a whole number of people") % {"value": raw_target}
            )
        else:
            target = int(re.sub(r"\D", "", raw_target))
            if target > MAX_TARGET:
                reasons.append(_("the target %(value)d is too large") % {"value": target})
        key = (commune_id, course_id, group)
        if not reasons and key in wanted:
            reasons.append(
                _("the same commune, course and group already appear on line %(line)d")
                % {"line": wanted[key][0]}
            )
        if reasons:
            problems.append(ImportProblem(line_number, "; ".join(reasons)))
            continue
        wanted[key] = (line_number, target)

    if problems:
        return report
    existing = {
        (t.commune_id, t.course_id, t.learner_group): t
        for t in Target.objects.filter(commune_id__in={key[0] for key in wanted})
    }
    to_create, to_update = [], []
    for (commune_id, course_id, group), (_line, target) in wanted.items():
        current = existing.get((commune_id, course_id, group))
        if current is None:
            to_create.append(
                Target(
                    commune_id=commune_id,
                    course_id=course_id,
                    learner_group=group,
                    expected_completions=target,
                )
            )
        elif current.expected_completions != target:
            current.expected_completions = target
            current.updated_at = timezone.now()
            to_update.append(current)
        else:
            report.unchanged += 1
    report.created, report.updated = len(to_create), len(to_update)
    if not dry_run:
        with transaction.atomic():
            Target.objects.bulk_create(to_create, batch_size=1000)
            Target.objects.bulk_update(
                to_update, ["expected_completions", "updated_at"], batch_size=1000
            )
        report.saved = True
    return report
