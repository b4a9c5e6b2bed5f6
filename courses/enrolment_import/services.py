"""Running a learner import: check the whole file (dry run), then import it once confirmed.

`import_job_create` stores the upload privately and records the job; `import_job_run` streams
the rows in batches, matches each to an account, and creates or updates the account, records
its commune through `home.services`, and enrols it through `courses.services.enrolment_create`
— each row in its own transaction, so a row is imported whole or not at all. A dry run does the
same work and rolls every row back, so its counts are the ones the import will give. The
report (one line per row) is written as the rows go, and the counts and progress are saved on
the job after each batch.
"""

import csv
import logging
import os
import tempfile
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.enrolment_import import matching, parsing
from courses.enrolment_import.storage import import_dir
from courses.models import Enrolment, ImportJob
from courses.reports.scopes import COMMUNE, PROVINCE, scope_of
from courses.services import LearningError, enrolment_create
from home.models import Commune, Province
from home.services import learner_set_commune, learner_update_profile

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ImportRefused(Exception):
    """The import cannot start; `str(error)` is the message for the administrator."""


@dataclass(frozen=True)
class RowOutcome:
    number: int
    outcome: str
    cells: dict
    enrolled: tuple[str, ...] = ()
    reason: str = ""


def outcome_labels() -> dict[str, str]:
    return {
        CREATED: _("Account created"),
        UPDATED: _("Account updated"),
        UNCHANGED: _("Account unchanged"),
        REJECTED: _("Rejected"),
    }


def report_columns() -> list[str]:
    return [
        _("Row"),
        _("Result"),
        str(parsing.COLUMNS[parsing.FULL_NAME]),
        str(parsing.COLUMNS[parsing.EMAIL]),
        str(parsing.COLUMNS[parsing.PHONE]),
        str(parsing.COLUMNS[parsing.COMMUNE]),
        _("Enrolled in"),
        _("Reason"),
    ]


def spreadsheet_safe(value) -> str:
    """A cell value that spreadsheet programs show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def place_index_load() -> matching.PlaceIndex:
    places = matching.PlaceIndex()
    for province in Province.objects.all():
        places.add_province(
            pk=province.pk, code=province.code, name=province.name, full_name=province.full_name
        )
    for pk, code, name, province_id in Commune.objects.values_list(
        "pk", "code", "name", "province_id"
    ):
        places.add_commune(pk=pk, code=code, name=name, province_id=province_id)
    return places


def import_scope(*, owner) -> matching.Scope | None:
    """The importer's area (national for a command run without an owner); None: no right."""
    if owner is None:
        return matching.Scope()
    area = scope_of(user=owner)
    if area is None:
        return None
    if area.level == COMMUNE:
        return matching.Scope(commune_id=area.commune.pk)
    if area.level == PROVINCE:
        return matching.Scope(province_id=area.province.pk)
    return matching.Scope()


@transaction.atomic
def import_job_create(*, owner, upload, courses) -> ImportJob:
    """Store the uploaded file privately and record a job waiting for its dry run."""
    if upload.size > parsing.MAX_FILE_BYTES:
        raise ImportRefused(
            _("The file is too large (%(size)d MB); the limit is %(limit)d MB. Split it.")
            % {
                "size": upload.size // (1024 * 1024),
                "limit": parsing.MAX_FILE_BYTES // (1024 * 1024),
            }
        )
    if upload.size == 0:
        raise ImportRefused(_("The file is empty."))
    if not courses:
        raise ImportRefused(_("Choose at least one course."))
    name = os.path.basename(upload.name or "upload")[:200]
    suffix = os.path.splitext(name)[1].lower()
    job = ImportJob(owner=owner, original_name=name)
    job.upload.save(
        f"import{suffix if suffix in ('.csv', '.xlsx', '.txt') else ''}", upload, save=False
    )
    job.save()
    job.courses.set(courses)
    return job


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """Mark a checked job for import; refuses jobs that are not waiting for confirmation."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, processed=0
    )
    if not updated:
        raise ImportRefused(_("This import is not waiting for confirmation."))
    job.refresh_from_db()
    return job


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class _Counts:
    def __init__(self):
        self.processed = self.created = self.updated = self.unchanged = 0
        self.enrolled = self.rejected = 0

    def add(self, outcome: RowOutcome) -> None:
        self.processed += 1
        setattr(self, outcome.outcome, getattr(self, outcome.outcome) + 1)
        self.enrolled += len(outcome.enrolled)

    def as_fields(self) -> dict[str, int]:
        return {
            name: getattr(self, name)
            for name in ("processed", "created", "updated", "unchanged", "enrolled", "rejected")
        }


def import_job_run(*, job: ImportJob, dry_run: bool) -> ImportJob:
    """Check (`dry_run`) or import the job's file; returns the job with its counts and report."""
    status = ImportJob.Status
    scope = import_scope(owner=job.owner)
    try:
        if scope is None:
            raise parsing.ImportFileError(_("You have no area to import learners into."))
        courses = list(job.courses.live().specific())
        if not courses:
            raise parsing.ImportFileError(_("None of the chosen courses is published."))
        table = parsing.table_open(path=job.upload.path, filename=job.original_name)
        counts = _run_rows(job=job, table=table, scope=scope, courses=courses, dry_run=dry_run)
    except parsing.ImportFileError as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=status.FAILED, error=str(error), finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    fields = counts.as_fields()
    if dry_run:
        fields.update(status=status.CHECKED, total_rows=counts.processed)
    else:
        fields.update(status=status.DONE, finished_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def _run_rows(*, job, table, scope, courses, dry_run) -> _Counts:
    places = place_index_load()
    groups = matching._group_lookup()
    duplicates = matching.DuplicateTracker()
    counts = _Counts()
    communes: dict[int, Commune] = {}
    folder = import_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as report:
            writer = csv.writer(report)
            writer.writerow(report_columns())
            labels = outcome_labels()
            for batch in _batched(table.rows(), BATCH_SIZE):
                checks = [
                    matching.row_check(raw=raw, places=places, scope=scope, groups=groups)
                    for raw in batch
                ]
                outcomes, invited = _batch_apply(
                    checks=checks,
                    places=places,
                    scope=scope,
                    courses=courses,
                    duplicates=duplicates,
                    communes=communes,
                    dry_run=dry_run,
                )
                for outcome in outcomes:
                    counts.add(outcome)
                    writer.writerow(_report_line(outcome, labels))
                if invited:
                    invitations_send(users=invited, courses=courses)
                ImportJob.objects.filter(pk=job.pk).update(**counts.as_fields())
        with open(temporary, "rb") as file:
            kind = "check" if dry_run else "result"
            if job.report:
                job.report.delete(save=False)
            job.report.save(f"report-{job.pk}-{kind}.csv", File(file), save=False)
        ImportJob.objects.filter(pk=job.pk).update(report=job.report.name)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return counts


def _report_line(outcome: RowOutcome, labels) -> list[str]:
    cells = outcome.cells
    return [
        spreadsheet_safe(value)
        for value in (
            outcome.number,
            labels[outcome.outcome],
            cells.get(parsing.FULL_NAME, ""),
            cells.get(parsing.EMAIL, ""),
            cells.get(parsing.PHONE, ""),
            cells.get(parsing.COMMUNE, ""),
            "; ".join(outcome.enrolled),
            outcome.reason,
        )
    ]


def _accounts_for(rows: list[matching.CheckedRow]):
    User = get_user_model()
    emails = {row.email for row in rows if row.email}
    phones = {row.phone for row in rows if row.phone}
    by_email = {
        user.email_key: user
        for user in User.objects.annotate(email_key=Lower("email")).filter(email_key__in=emails)
    }
    by_phone = {user.phone: user for user in User.objects.filter(phone__in=phones)}
    return by_email, by_phone


def _batch_apply(*, checks, places, scope, courses, duplicates, communes, dry_run):
    rows = []
    outcomes: dict[int, RowOutcome] = {}
    for check in checks:
        if check.row is None:
            outcomes[check.number] = RowOutcome(
                check.number, REJECTED, check.cells, reason=" ".join(check.reasons)
            )
            continue
        reason = duplicates.reason(check.row)
        if reason:
            outcomes[check.number] = RowOutcome(check.number, REJECTED, check.cells, reason=reason)
        else:
            rows.append(check)
    by_email, by_phone = _accounts_for([check.row for check in rows])
    accounts = [user.pk for user in (*by_email.values(), *by_phone.values())]
    active = set(
        Enrolment.objects.filter(
            learner_id__in=accounts, course__in=courses, left_at__isnull=True
        ).values_list("learner_id", "course_id")
    )
    invited = []
    for check in rows:
        row = check.row
        match = matching.account_match(
            row=row,
            by_email=by_email.get(row.email) if row.email else None,
            by_phone=by_phone.get(row.phone) if row.phone else None,
            scope=scope,
            places=places,
        )
        if match.reason:
            outcomes[row.number] = RowOutcome(
                row.number, REJECTED, check.cells, reason=match.reason
            )
            continue
        outcome, user = _row_apply(
            row=row,
            cells=check.cells,
            user=match.account,
            courses=courses,
            active=active,
            communes=communes,
            dry_run=dry_run,
        )
        outcomes[row.number] = outcome
        if outcome.outcome == CREATED and not dry_run:
            invited.append(user)
    return [outcomes[check.number] for check in checks], invited


def _profile_changes(*, user, row: matching.CheckedRow) -> dict[str, str]:
    """The profile fields the row changes; an empty cell leaves the field as it is."""
    wanted = {
        "full_name": row.full_name,
        "phone": row.phone,
        "learner_group": row.learner_group,
        "work_unit": row.work_unit,
    }
    return {name: value for name, value in wanted.items() if value and getattr(user, name) != value}


def _commune(communes: dict, pk: int) -> Commune:
    if pk not in communes:
        communes[pk] = Commune.objects.select_related("province").get(pk=pk)
    return communes[pk]


def _row_apply(*, row, cells, user, courses, active, communes, dry_run):
    """Create or update one account and enrol it, all or nothing; a dry run rolls it back."""
    User = get_user_model()
    missing = [c for c in courses if user is None or (user.pk, c.pk) not in active]
    changes = _profile_changes(user=user, row=row) if user is not None else {}
    moves = user is not None and user.commune_id != row.commune.pk
    if user is not None and not (missing or changes or moves):
        return RowOutcome(row.number, UNCHANGED, cells), user
    commune = _commune(communes, row.commune.pk)
    try:
        with transaction.atomic():
            if user is None:
                outcome = CREATED
                user = User(
                    email=row.email,
                    full_name=row.full_name,
                    phone=row.phone,
                    learner_group=row.learner_group,
                    work_unit=row.work_unit,
                )
                user.set_unusable_password()
                user.save()
                learner_set_commune(user=user, commune=commune)
            elif changes or moves:
                outcome = UPDATED
                learner_update_profile(user=user, commune=commune, **changes)
            else:
                outcome = UNCHANGED
            enrolled = []
            for course in missing:
                enrolment_create(learner=user, course=course)
                enrolled.append(course.title)
            if dry_run:
                transaction.set_rollback(True)
    except LearningError as error:
        return RowOutcome(row.number, REJECTED, cells, reason=str(error)), None
    except IntegrityError:
        reason = _("Another account took this e-mail or phone number during the import.")
        return RowOutcome(row.number, REJECTED, cells, reason=reason), None
    return RowOutcome(row.number, outcome, cells, enrolled=tuple(enrolled)), user


def invitation_link(*, user) -> str:
    """A link to allauth's set-password page, valid like a password-reset link."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def invitations_send(*, users, courses) -> int:
    """E-mail each new account an invitation (in Vietnamese) to set its password."""
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            context = {
                "user": user,
                "courses": courses,
                "link": invitation_link(user=user),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = render_to_string(
                "courses/emails/learner_invitation_subject.txt", context
            ).strip()
            body = render_to_string("courses/emails/learner_invitation.txt", context)
            messages.append(EmailMessage(subject, body, to=[user.email]))
    try:
        return get_connection().send_messages(messages) or 0
    except OSError:
        logger.exception("Could not send %d import invitations", len(messages))
        return 0


def report_rejections(*, job: ImportJob, limit: int = 500) -> list[dict]:
    """The rejected rows of the job's latest report (for the job page), at most `limit`."""
    if not job.report:
        return []
    found = []
    with open(job.report.path, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        next(reader, None)
        for line in reader:
            if len(line) >= 8 and line[7]:
                found.append({"row": line[0], "name": line[2], "reason": line[7]})
                if len(found) >= limit:
                    break
    return found
