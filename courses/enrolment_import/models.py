"""The learner import job, in the `courses` app (re-exported by `courses.models`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.enrolment_import.storage import ImportStorage


class ImportJob(models.Model):
    """One uploaded learner file: checked first (dry run), then imported once confirmed.

    The counts and `processed` describe the latest run (the check, then the import); the
    report of that run is a CSV file kept next to the upload, outside MEDIA_ROOT.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the latest run (the check, then the import) was asked for: a run still going
    # ENROLMENT_IMPORT_TIMEOUT seconds later has failed (`import_jobs_expire`).
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    original_name = models.CharField(_("file name"), max_length=255)
    upload = models.FileField(_("file"), storage=ImportStorage(), upload_to="uploads/%Y/%m/")
    report = models.FileField(
        _("report"), storage=ImportStorage(), upload_to="reports/%Y/%m/", blank=True
    )
    courses = models.ManyToManyField(
        "courses.CoursePage", verbose_name=_("courses"), related_name="+"
    )
    # The class every learner of the file joins (a row's "Lớp" cell names another one).
    klass = models.ForeignKey(
        "courses.Class",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)
    total_rows = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("accounts created"), default=0)
    updated = models.PositiveIntegerField(_("accounts updated"), default=0)
    unchanged = models.PositiveIntegerField(_("accounts unchanged"), default=0)
    enrolled = models.PositiveIntegerField(_("enrolments made"), default=0)
    rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    joined = models.PositiveIntegerField(_("learners added to classes"), default=0)
    warned = models.PositiveIntegerField(_("rows imported with a warning"), default=0)
    # How the file was read ("read as Windows-1258", the sheet used), one sentence a line.
    notices = models.TextField(_("notes on reading the file"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("learner import")
        verbose_name_plural = _("learner imports")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def progress_percent(self) -> int | None:
        if not self.total_rows:
            return None
        return min(100, self.processed * 100 // self.total_rows)
