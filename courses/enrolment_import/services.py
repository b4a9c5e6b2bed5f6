"""Running a learner import: check the whole file (dry run), then import it once confirmed.

`import_job_create` stores the upload privately and records the job; `import_job_run` streams
the rows in batches of BATCH_SIZE, matches each to an account, and creates or updates the
account, records its commune and enrols it — a row is imported whole or not at all. Updates go
one row at a time through `home.services` and `courses.services.enrolment_create`; new accounts
and plain new enrolments are written together per batch when no course can refuse them (see
docs/decisions/007-bulk-enrolment.md). A dry run does the same writes and rolls them back, so
its counts are the ones the import will give. The report (one line per row) is written as the
rows go, and the counts and progress are saved on the job after each batch.

A row naming a class (or a job with a class for the whole file) joins it in the row's
transaction, after its account and enrolments, through `class_members_add_many`; `_ClassSeats`
decides beforehand, in file order, who may enter (the rules of joining by code), so that the
dry run says the same. A class refused is a warning on the row, never a rejection (027).
"""

import contextlib
import csv
import datetime as dt
import functools
import io
import logging
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace

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

from courses.classes import services as class_services
from courses.classes.models import Class, ClassMember
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
    # The class the learner was (or, in a dry run, would be) added to, as "name (commune)".
    klass: str = ""
    klass_id: int | None = None


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
        _("Added to class"),
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


def class_index_load(*, places: matching.PlaceIndex) -> matching.ClassIndex:
    """Every class with its commune, read once per job (only when the job can fill classes)."""
    classes = matching.ClassIndex()
    for pk, name, commune_id in Class.objects.values_list("pk", "name", "commune_id"):
        classes.add(pk=pk, name=name, commune=places.commune(commune_id))
    return classes


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
def import_job_create(*, owner, upload, courses, klass=None) -> ImportJob:
    """Store the uploaded file privately and record a job waiting for its dry run.

    `klass`: the class every learner of the file joins (unless a row's "Lớp" cell names
    another); the view offers only the classes the owner manages, and each row is checked
    again when the file is read. With a class (or a "Lớp" column, seen when the file is read),
    the courses may be left out: a class's own courses are enrolled as the learner joins it."""
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
    name = os.path.basename(upload.name or "upload")[:200]
    suffix = os.path.splitext(name)[1].lower()
    job = ImportJob(owner=owner, original_name=name, klass=klass)
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
        self.enrolled = self.rejected = self.warned = self.joined = 0

    def add(self, outcome: RowOutcome) -> None:
        self.processed += 1
        setattr(self, outcome.outcome, getattr(self, outcome.outcome) + 1)
        self.enrolled += len(outcome.enrolled)
        self.warned += bool(outcome.warnings and outcome.outcome != REJECTED)
        self.joined += bool(outcome.klass)

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
                "joined",
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
            if not courses and job.courses.exists():
                raise parsing.ImportFileError(_("None of the chosen courses is published."))
            with local_copy(job.upload) as path:
                table = parsing.table_open(path=path, filename=job.original_name)
                if not (courses or job.klass_id or parsing.CLASS in table.columns):
                    raise parsing.ImportFileError(
                        _(
                            "Choose at least one course or a class, or name each row's class "
                            "in a column “Lớp”."
                        )
                    )
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
    classes = default_class = None
    if job.klass_id or parsing.CLASS in table.columns:
        classes = class_index_load(places=places)
        default_class = classes.by_pk.get(job.klass_id)
    seats = _ClassSeats(dry_run=dry_run)
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
                    matching.row_check(
                        raw=raw,
                        places=places,
                        scope=scope,
                        groups=groups,
                        classes=classes,
                        default_class=default_class,
                    )
                    for raw in batch
                ]
                outcomes, invited = _batch_apply(
                    checks=checks,
                    places=places,
                    scope=scope,
                    courses=courses,
                    duplicates=duplicates,
                    communes=communes,
                    seats=seats,
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
            outcome.klass,
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
    # The class the row enters, once `_ClassSeats.place` found it may (None: no class).
    klass: Class | None = None

    @property
    def writes(self) -> bool:
        return self.user is None or bool(
            self.missing or self.changes or self.moves or self.klass is not None
        )

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


def class_refusal_message(
    *, refusal: class_services.Refusal, klass: Class, ref: matching.ClassRef, commune_name: str
) -> str:
    """The report's warning for a row left out of its class (`class_members_add_many`'s
    reasons, said to the importer rather than to the learner); "" for a learner already in it."""
    names = {"class": ref.name}
    if refusal.code == class_services.CLOSED:
        return (
            _(
                "The class “%(class)s” is closed to new learners: the learner was not added "
                "to it. Open the class to fill it from a file."
            )
            % names
        )
    if refusal.code == class_services.FULL:
        return _(
            "The class “%(class)s” is full (%(capacity)d learners): the learner was not "
            "added to it."
        ) % {**names, "capacity": klass.capacity}
    if refusal.code == class_services.OTHER_COMMUNE:
        return _(
            "The class “%(class)s” is for learners of %(class_commune)s, and this row's "
            "commune is %(commune)s: the learner was not added to it."
        ) % {**names, "class_commune": ref.commune.name, "commune": commune_name}
    if refusal.code == class_services.ALREADY_MEMBER:
        return ""
    return _("The learner was not added to the class “%(class)s”: %(reason)s") % {
        **names,
        "reason": refusal.message
        or _("the class changed during the import; add the learner from the class's page."),
    }


@dataclass
class _ClassSeats:
    """Which rows of a batch enter their class, in file order, with the rules of joining by
    code (`class_services.entry_refusal`: closed, already a member, another commune, full).

    A dry run rolls each batch back, so the places its earlier batches would have taken are
    counted here (`promised`); an import commits each batch, and the class's own counter has
    them. `class_members_add_many` checks every rule again when it writes.
    """

    dry_run: bool
    promised: Counter = field(default_factory=Counter)

    def place(self, plans: list["_RowPlan"]) -> dict[int, str]:
        """Set each plan's `klass` when its row may enter its class; returns {row number:
        warning} for the rows that may not. Two queries for the batch."""
        wanted = [plan for plan in plans if plan.row.klass is not None]
        if not wanted:
            return {}
        ids = {plan.row.klass.pk for plan in wanted}
        state = Class.objects.in_bulk(ids)
        learners = [plan.user.pk for plan in wanted if plan.user is not None]
        members = set(
            ClassMember.objects.filter(klass_id__in=ids, learner_id__in=learners).values_list(
                "klass_id", "learner_id"
            )
        )
        taken = Counter(self.promised)
        warnings = {}
        for plan in wanted:
            ref = plan.row.klass
            klass = state.get(ref.pk)
            if klass is None:
                warnings[plan.row.number] = _(
                    "The class “%(class)s” was deleted during the import: the learner was not "
                    "added to it."
                ) % {"class": ref.name}
                continue
            code = class_services.entry_refusal(
                klass=klass,
                learner_commune_id=plan.row.commune.pk,
                is_member=plan.user is not None and (klass.pk, plan.user.pk) in members,
                closed_refuses=True,
                taken=taken[klass.pk],
            )
            if code:
                message = class_refusal_message(
                    refusal=class_services.Refusal(code),
                    klass=klass,
                    ref=ref,
                    commune_name=plan.row.commune.name,
                )
                if message:
                    warnings[plan.row.number] = message
                continue
            plan.klass = klass
            taken[klass.pk] += 1
        return warnings

    def taken(self, outcomes) -> None:
        """After a dry run's batch: the places its rows would have taken."""
        if self.dry_run:
            self.promised.update(outcome.klass_id for outcome in outcomes if outcome.klass_id)


def _batch_apply(*, checks, places, scope, courses, duplicates, communes, seats, dry_run):
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
    accepted = []
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
        accepted.append(
            _row_plan(
                row=row,
                cells=check.cells,
                user=match.account,
                courses=courses,
                enrolments=enrolments,
            )
        )
    class_warnings = seats.place(accepted)
    plans = []
    for plan in accepted:
        if plan.writes:
            plans.append(plan)
        else:
            outcomes[plan.row.number] = RowOutcome(plan.row.number, UNCHANGED, plan.cells)

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
    ordered = []
    for check in checks:
        outcome = outcomes[check.number]
        extra = (class_warnings[check.number],) if check.number in class_warnings else ()
        ordered.append(replace(outcome, warnings=check.warnings + extra + outcome.warnings))
    seats.taken(ordered)
    return ordered, invited


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


def _classes_join(pairs) -> tuple[set[int], dict[int, str]]:
    """Put the learners of [(plan, account)] in their plans' classes, one
    `class_members_add_many` per class; returns the row numbers that joined and {row number:
    warning} for those refused (the class changed since `_ClassSeats.place`)."""
    by_class = {}
    for plan, user in pairs:
        if plan.klass is not None:
            by_class.setdefault(plan.klass.pk, []).append((plan, user))
    joined, warnings = set(), {}
    for group in by_class.values():
        klass = group[0][0].klass
        try:
            refusals = class_services.class_members_add_many(
                klass=klass, learners=[user for _plan, user in group]
            )
        except IntegrityError:
            refusals = {user.pk: class_services.Refusal("") for _plan, user in group}
        for plan, user in group:
            refusal = refusals.get(user.pk)
            if refusal is None:
                joined.add(plan.row.number)
                continue
            message = class_refusal_message(
                refusal=refusal, klass=klass, ref=plan.row.klass, commune_name=plan.row.commune.name
            )
            if message:
                warnings[plan.row.number] = message
    return joined, warnings


def _class_outcome(plan: _RowPlan, joined: set[int], warnings: dict[int, str]) -> dict:
    """The class fields of a row's outcome."""
    if plan.row.number in joined:
        return {"klass": plan.row.klass.label, "klass_id": plan.row.klass.pk}
    if plan.row.number in warnings:
        return {"warnings": (warnings[plan.row.number],)}
    return {}


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
            joined, warnings = _classes_join(
                [(plan, users.get(plan.row.number, plan.user)) for plan in plans]
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
                **_class_outcome(plan, joined, warnings),
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
            joined, warnings = _classes_join([(plan, user)])
            if dry_run:
                transaction.set_rollback(True)
    except LearningError as error:
        return RowOutcome(row.number, REJECTED, cells, reason=str(error)), None
    except IntegrityError:
        reason = _("Another account took this e-mail or phone number during the import.")
        return RowOutcome(row.number, REJECTED, cells, reason=reason), None
    return (
        RowOutcome(
            row.number,
            outcome,
            cells,
            enrolled=tuple(enrolled),
            **_class_outcome(plan, joined, warnings),
        ),
        user,
    )


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
    # [(class, learners added)] — in a dry run, the learners each class would get.
    classes: list[tuple[str, int]] = field(default_factory=list)


def report_excerpt(*, job: ImportJob, limit: int = 500) -> ReportExcerpt:
    """The rejected rows and the rows with warnings of the job's latest report, at most `limit`
    of each, with their totals."""
    rejections, warnings = [], []
    rejected_total = warned_total = 0
    classes = Counter()
    if job.report:
        with (
            job.report.open("rb") as stored,
            io.TextIOWrapper(stored, encoding="utf-8-sig", newline="") as text,
        ):
            reader = csv.reader(text)
            next(reader, None)
            for line in reader:
                if len(line) >= 10 and line[9]:
                    classes[line[9]] += 1
                if len(line) >= 8 and line[7]:
                    rejected_total += 1
                    if len(rejections) < limit:
                        rejections.append({"row": line[0], "name": line[2], "reason": line[7]})
                elif len(line) >= 9 and line[8]:
                    warned_total += 1
                    if len(warnings) < limit:
                        warnings.append({"row": line[0], "name": line[2], "reason": line[8]})
    return ReportExcerpt(
        rejections, warnings, rejected_total, warned_total, sorted(classes.items())
    )


def report_rejections(*, job: ImportJob, limit: int = 500) -> list[dict]:
    """The rejected rows of the job's latest report (for the job page), at most `limit`."""
    return report_excerpt(job=job, limit=limit).rejections
