"""Write-side operations of the statistics: manager scopes and completion targets.

`manager_scope_set` gives a user an area and the admin access a manager needs;
`target_import_csv` checks a CSV of targets line by line and, when every line is valid and it is
not a dry run, saves them all in one transaction (a file with one bad line saves nothing).
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import CoursePage, ManagerScope, Target
from home.models import Commune, LearnerGroup

MANAGERS_GROUP = "Statistics managers"
MAX_IMPORT_ROWS = 100_000
MAX_TARGET = 10_000_000
COLUMN_ALIASES = {
    "commune": "commune",
    "commune_code": "commune",
    "commune code": "commune",
    "mã xã": "commune",
    "group": "group",
    "learner_group": "group",
    "learner group": "group",
    "nhóm": "group",
    "target": "target",
    "expected_completions": "target",
    "chỉ tiêu": "target",
    "course": "course",
    "khóa học": "course",
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
    """Check (and unless `dry_run`, save) the targets in an uploaded CSV file."""
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report = ImportReport(dry_run=dry_run)
        report.problems.append(
            ImportProblem(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and retry."))
        )
        return report
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return target_import(lines=csv.reader(io.StringIO(text), delimiter=delimiter), dry_run=dry_run)


def target_import(*, lines: Iterable[list[str]], dry_run: bool) -> ImportReport:
    """Targets from CSV rows (the first one the header); see `target_import_csv`."""
    report = ImportReport(dry_run=dry_run)
    problems = report.problems
    lines = iter(lines)
    header = next(lines, None)
    if header is None:
        problems.append(ImportProblem(0, _("The file is empty.")))
        return report
    columns = {}
    for index, name in enumerate(header):
        canonical = COLUMN_ALIASES.get(name.strip().casefold())
        if canonical and canonical not in columns:
            columns[canonical] = index
    missing = [name for name in ("commune", "target") if name not in columns]
    if missing:
        problems.append(
            ImportProblem(
                1,
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
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    for line_number, row in enumerate(lines, start=2):
        if not any(value.strip() for value in row):
            continue
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
