"""Running a learner import: check the whole file (dry run), then import it once confirmed.

`import_job_create` stores the upload privately and records the job; `import_job_run` streams
the rows in batches of BATCH_SIZE, matches each to an account, and creates or updates the
account, records its commune and enrols it — a row is imported whole or not at all. Updates go
one row at a time through `home.services` and `courses.services.enrolment_create`; new accounts
and plain new enrolments are written together per batch when no course can refuse them (see
docs/decisions/007-bulk-enrolment.md). A dry run does the same writes and rolls them back, so
its counts are the ones the import will give. The report (one line per row) is written as the
rows go, and the counts and progress are saved on the job after each batch.
"""

import contextlib
import csv
import datetime as dt
import functools
import io
import logging
import os
import tempfile
from dataclasses import dataclass, replace

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator, default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.files import File
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.enrolment_import import matching, parsing
from courses.enrolment_import.storage import import_dir, local_copy
from courses.models import Enrolment, ImportJob
from courses.reports.exports import batched
from courses.reports.scopes import COMMUNE, PROVINCE, scope_of
from courses.services import (
    LearningError,
    courses_open_to_everyone,
    enrolment_create,
    enrolments_create_many,
)
from home.models import Commune, Province
from home.selectors import learner_site, portal_ids_by_province
from home.services import learner_update_profile, learners_create
from home.spreadsheets.formulas import neutralise
from home.text import control_characters_replace

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"


class ImportRefused(Exception):
    """The import cannot start; `str(error)` is the message for the administrator."""


@dataclass(frozen=True)
class RowOutcome:
    number: int
    outcome: str
    cells: dict
    enrolled: tuple[str, ...] = ()
    reason: str = ""
    warnings: tuple[str, ...] = ()


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
        _("Warnings"),
    ]


def spreadsheet_safe(value) -> str:
    """A cell value that spreadsheet programs show as text, never run as a formula."""
    return neutralise("" if value is None else str(value))


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
        status=ImportJob.Status.IMPORTING, processed=0, started_at=timezone.now()
    )
    if not updated:
        raise ImportRefused(_("This import is not waiting for confirmation."))
    job.refresh_from_db()
    return job


class _Counts:
    def __init__(self):
        self.processed = self.created = self.updated = self.unchanged = 0
        self.enrolled = self.rejected = self.warned = 0

    def add(self, outcome: RowOutcome) -> None:
        self.processed += 1
        setattr(self, outcome.outcome, getattr(self, outcome.outcome) + 1)
        self.enrolled += len(outcome.enrolled)
        self.warned += bool(outcome.warnings and outcome.outcome != REJECTED)

    def as_fields(self) -> dict[str, int]:
        return {
            name: getattr(self, name)
            for name in (
                "processed",
                "created",
                "updated",
                "unchanged",
                "enrolled",
                "rejected",
                "warned",
            )
        }


def import_job_run(*, job: ImportJob, dry_run: bool) -> ImportJob:
    """Check (`dry_run`) or import the job's file; returns the job with its counts and report.

    A file that cannot be read, and any unexpected error, leave the job FAILED with a message
    (never "checking" for ever); rows imported before an unexpected error stay imported.
    """
    status = ImportJob.Status
    try:
        with _failure_contained():
            scope = import_scope(owner=job.owner)
            if scope is None:
                raise parsing.ImportFileError(_("You have no area to import learners into."))
            courses = list(job.courses.live().specific())
            if not courses:
                raise parsing.ImportFileError(_("None of the chosen courses is published."))
            with local_copy(job.upload) as path:
                table = parsing.table_open(path=path, filename=job.original_name)
                ImportJob.objects.filter(pk=job.pk).update(notices="\n".join(table.notices))
                if dry_run:
                    ImportJob.objects.filter(pk=job.pk).update(total_rows=table.estimated_rows)
                counts = _run_rows(
                    job=job, table=table, scope=scope, courses=courses, dry_run=dry_run
                )
    except parsing.ImportFileError as error:
        return import_job_fail(job=job, message=str(error))
    except Exception:
        logger.exception("Learner import %s stopped", job.pk)
        return import_job_fail(job=job, message=unexpected_error_message())
    fields = counts.as_fields()
    if dry_run:
        fields.update(status=status.CHECKED, total_rows=counts.processed)
    else:
        fields.update(status=status.DONE, finished_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def unexpected_error_message() -> str:
    return _(
        "The import stopped because of an unexpected error; the administrators have "
        "been told. Rows already imported stay imported: upload the file again to "
        "finish."
    )


@contextlib.contextmanager
def _failure_contained():
    """A savepoint when the caller holds a transaction (an in-process task inside a request or
    a test), so a statement that fails leaves it usable for marking the job failed. In
    autocommit (the worker) nothing: each batch of rows commits on its own."""
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
    else:
        yield


def import_job_fail(*, job: ImportJob, message: str) -> ImportJob:
    """Mark the job FAILED with `message` (control characters dropped: the message may quote
    the file, and PostgreSQL cannot store NUL); returns the job."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        error=control_characters_replace(message),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def import_jobs_expire(*, now: dt.datetime | None = None) -> int:
    """Mark FAILED the jobs still checking or importing ENROLMENT_IMPORT_TIMEOUT seconds after
    their run was asked for (no worker, or a worker that died); returns how many.

    A run that does finish later still records its result.
    """
    now = now or timezone.now()
    limit = dt.timedelta(seconds=settings.ENROLMENT_IMPORT_TIMEOUT)
    return ImportJob.objects.filter(
        status__in=[ImportJob.Status.CHECKING, ImportJob.Status.IMPORTING],
        started_at__lt=now - limit,
    ).update(
        status=ImportJob.Status.FAILED,
        error=_(
            "The import did not finish within %(minutes)d minutes: the import worker is "
            "probably not running. Rows already imported stay imported: upload the file "
            "again to finish."
        )
        % {"minutes": settings.ENROLMENT_IMPORT_TIMEOUT // 60},
        finished_at=now,
    )


def _run_rows(*, job, table, scope, courses, dry_run) -> _Counts:
    places = place_index_load()
    groups = matching._group_lookup()
    duplicates = matching.DuplicateTracker()
    counts = _Counts()
    communes: dict[int, Commune] = {}
    # Written beside its final place in the folder; in the bucket's case, a scratch file.
    folder = None if job.report.storage.bucket() else import_dir() / "reports"
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as report:
            writer = csv.writer(report)
            writer.writerow(report_columns())
            labels = outcome_labels()
            for batch in batched(table.rows(), BATCH_SIZE):
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
        if not counts.processed:
            raise parsing.ImportFileError(
                _("The file has no learner rows under its header: one row per person.")
            )
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
            " ".join(outcome.warnings),
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


def _enrolments_for(accounts, courses) -> dict[tuple[int, int], bool]:
    """{(learner id, course id): active?} for the accounts' enrolments in the chosen courses."""
    return {
        (learner_id, course_id): left_at is None
        for learner_id, course_id, left_at in Enrolment.objects.filter(
            learner_id__in=accounts, course__in=courses
        ).values_list("learner_id", "course_id", "left_at")
    }


@dataclass
class _RowPlan:
    """What one accepted row changes: the account (None: create it), its profile and courses."""

    row: matching.CheckedRow
    cells: dict
    user: object | None
    missing: list
    changes: dict[str, str]
    moves: bool
    reactivates: bool

    @property
    def writes(self) -> bool:
        return self.user is None or bool(self.missing or self.changes or self.moves)

    @property
    def simple(self) -> bool:
        """A new account, or new enrolments only: what `_rows_bulk_apply` may write."""
        return self.user is None or not (self.changes or self.moves or self.reactivates)


def _row_plan(*, row, cells, user, courses, enrolments) -> _RowPlan:
    if user is None:
        return _RowPlan(row, cells, None, list(courses), {}, moves=False, reactivates=False)
    missing = [c for c in courses if not enrolments.get((user.pk, c.pk), False)]
    return _RowPlan(
        row,
        cells,
        user,
        missing,
        _profile_changes(user=user, row=row),
        moves=user.commune_id != row.commune.pk,
        reactivates=any((user.pk, c.pk) in enrolments for c in missing),
    )


def _batch_apply(*, checks, places, scope, courses, duplicates, communes, dry_run):
    """Apply one batch of rows; returns their outcomes (in file order) and the new accounts.

    Rows that create an account or only add enrolments are written together in one
    transaction when every course is open to everyone (`_open_to_everyone`); the others, and
    all rows of a batch whose bulk write failed, go one by one through `_row_apply`. Either
    way a row is saved whole or not at all.
    """
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
    enrolments = _enrolments_for(accounts, courses)
    plans = []
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
        plan = _row_plan(
            row=row, cells=check.cells, user=match.account, courses=courses, enrolments=enrolments
        )
        if plan.writes:
            plans.append(plan)
        else:
            outcomes[row.number] = RowOutcome(row.number, UNCHANGED, check.cells)

    one_by_one = plans
    applied = []
    if plans and courses_open_to_everyone(courses=courses):
        bulk = [plan for plan in plans if plan.simple]
        done = _rows_bulk_apply(plans=bulk, dry_run=dry_run)
        if done is not None:
            applied = done
            one_by_one = [plan for plan in plans if not plan.simple]
    for plan in one_by_one:
        applied.append(_row_apply(plan=plan, communes=communes, dry_run=dry_run))
    invited = []
    for outcome, user in applied:
        outcomes[outcome.number] = outcome
        if outcome.outcome == CREATED and not dry_run:
            invited.append(user)
    return [replace(outcomes[check.number], warnings=check.warnings) for check in checks], invited


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


def _new_account(row: matching.CheckedRow):
    """An unsaved account for the row, belonging to the portal of its province (if any)."""
    User = get_user_model()
    user = User(
        portal_id=portal_ids_by_province().get(row.commune.province_id),
        email=row.email,
        full_name=row.full_name,
        phone=row.phone,
        learner_group=row.learner_group,
        work_unit=row.work_unit,
    )
    user.set_unusable_password()
    return user


def _rows_bulk_apply(*, plans: list[_RowPlan], dry_run: bool):
    """Create the new accounts and the enrolments of `plans` in one transaction, through the
    batch variants of the services the one-by-one path uses (`learners_create`,
    `enrolments_create_many`); returns [(outcome, user)], or None when it was refused.

    Only for plans whose enrolments `enrolment_create` would make without question (every
    course `courses_open_to_everyone`). A dry run rolls the transaction back.
    """
    if not plans:
        return []
    users = {}
    try:
        with transaction.atomic():
            accounts = []
            for plan in plans:
                if plan.user is None:
                    user = _new_account(plan.row)
                    user.commune_id = plan.row.commune.pk
                    accounts.append(user)
                    users[plan.row.number] = user
            learners_create(users=accounts)
            enrolments_create_many(
                pairs=[
                    (users.get(plan.row.number, plan.user), course)
                    for plan in plans
                    for course in plan.missing
                ]
            )
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        logger.info("Bulk write of %d import rows refused; writing them one by one", len(plans))
        return None
    return [
        (
            RowOutcome(
                plan.row.number,
                CREATED if plan.user is None else UNCHANGED,
                plan.cells,
                enrolled=tuple(course.title for course in plan.missing),
            ),
            users.get(plan.row.number, plan.user),
        )
        for plan in plans
    ]


def _row_apply(*, plan: _RowPlan, communes, dry_run):
    """Create or update one account and enrol it, all or nothing; a dry run rolls it back."""
    row, cells, user = plan.row, plan.cells, plan.user
    commune = _commune(communes, row.commune.pk)
    try:
        with transaction.atomic():
            if user is None:
                outcome = CREATED
                user = _new_account(row)
                user.commune = commune
                (user,) = learners_create(users=[user])
            elif plan.changes or plan.moves:
                outcome = UPDATED
                learner_update_profile(user=user, commune=commune, **plan.changes)
            else:
                outcome = UNCHANGED
            enrolled = []
            for course in plan.missing:
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


def invitation_link(*, user, tokens=None) -> str:
    """A link to allauth's set-password page, valid like a password-reset link."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": (tokens or default_token_generator).make_token(user),
        },
    )
    return learner_site(user=user).root_url + path


@functools.cache
def _new_account_tokens():
    """allauth's reset-token generator, minus its two queries per account, for new accounts.

    allauth hashes the account's e-mail addresses into the token, reading them from the
    database. An account the import has just created has one address, `user.email`, so the
    same token is made from the account alone. Any other generator is used as it is.
    """
    if type(default_token_generator) is not EmailAwarePasswordResetTokenGenerator:
        return default_token_generator

    class NewAccountTokenGenerator(EmailAwarePasswordResetTokenGenerator):
        def _make_hash_value(self, user, timestamp):
            return PasswordResetTokenGenerator._make_hash_value(self, user, timestamp) + user.email

    return NewAccountTokenGenerator()


def invitations_send(*, users, courses) -> int:
    """E-mail each account the import created an invitation (in Vietnamese) to set its password."""
    messages = []
    tokens = _new_account_tokens()
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            context = {
                "user": user,
                "courses": courses,
                "link": invitation_link(user=user, tokens=tokens),
                "site_name": learner_site(user=user).name,
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


@dataclass(frozen=True)
class ReportExcerpt:
    """The first `limit` rejected rows and rows with warnings of a job's report, and how many
    there are in all (the page says "showing N of M" and links to the whole report)."""

    rejections: list[dict]
    warnings: list[dict]
    rejected_total: int
    warned_total: int


def report_excerpt(*, job: ImportJob, limit: int = 500) -> ReportExcerpt:
    """The rejected rows and the rows with warnings of the job's latest report, at most `limit`
    of each, with their totals."""
    rejections, warnings = [], []
    rejected_total = warned_total = 0
    if job.report:
        with (
            job.report.open("rb") as stored,
            io.TextIOWrapper(stored, encoding="utf-8-sig", newline="") as text,
        ):
            reader = csv.reader(text)
            next(reader, None)
            for line in reader:
                if len(line) >= 8 and line[7]:
                    rejected_total += 1
                    if len(rejections) < limit:
                        rejections.append({"row": line[0], "name": line[2], "reason": line[7]})
                elif len(line) >= 9 and line[8]:
                    warned_total += 1
                    if len(warnings) < limit:
                        warnings.append({"row": line[0], "name": line[2], "reason": line[8]})
    return ReportExcerpt(rejections, warnings, rejected_total, warned_total)


def report_rejections(*, job: ImportJob, limit: int = 500) -> list[dict]:
    """The rejected rows of the job's latest report (for the job page), at most `limit`."""
    return report_excerpt(job=job, limit=limit).rejections
