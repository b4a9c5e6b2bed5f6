"""H5P activities, the libraries they play with, and learners' scores.

Files live under `settings.H5P_ROOT` (`quizzes.h5p.storage`), never under MEDIA_ROOT: a
library's files in `libraries/<Machine-major.minor>/`, an activity's `h5p.json` and `content/`
in `content/<storage_key>/`. Rows are written only by `quizzes.h5p.services`
(docs/decisions/008-h5p.md).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel

from quizzes.h5p.forms import H5PActivityAdminForm


class H5PLibrary(models.Model):
    """An installed H5P library version, shared by every activity that uses it.

    H5P identifies a library by machine name, major and minor version; the patch version of
    the first installed copy is kept (installed files never change under existing activities).
    """

    machine_name = models.CharField(_("machine name"), max_length=127)
    major_version = models.PositiveSmallIntegerField(_("major version"))
    minor_version = models.PositiveSmallIntegerField(_("minor version"))
    patch_version = models.PositiveSmallIntegerField(_("patch version"), default=0)
    title = models.CharField(_("title"), max_length=255, blank=True)
    runnable = models.BooleanField(_("content type"), default=False)
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("installed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["machine_name", "major_version", "minor_version"]
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="unique_h5p_library_version",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}"

    @property
    def folder(self) -> str:
        """The folder name H5P players expect: "H5P.TrueFalse-1.6"."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PActivity(models.Model):
    """An uploaded H5P package; a module shows it through an `h5p` block."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("Taken from the package; you may change it.")
    )
    storage_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    main_library = models.ForeignKey(
        H5PLibrary,
        verbose_name=_("content type"),
        on_delete=models.PROTECT,
        related_name="main_of",
    )
    libraries = models.ManyToManyField(
        H5PLibrary, verbose_name=_("libraries"), related_name="activities", blank=True
    )
    h5p_json = models.JSONField(_("package description (h5p.json)"), default=dict)
    package_bytes = models.PositiveBigIntegerField(_("package size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    base_form_class = H5PActivityAdminForm
    panels = [FieldPanel("package"), FieldPanel("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")
        permissions = [("install_h5plibrary", gettext_noop("Can install new H5P libraries"))]

    def __str__(self):
        return self.title

    @property
    def completion_key(self) -> str:
        """The module part this activity completes (docs/decisions/003)."""
        return f"h5p:{self.pk}"


class H5PAttempt(models.Model):
    """One scored statement ("answered" or "completed") a learner's player reported."""

    activity = models.ForeignKey(
        H5PActivity, verbose_name=_("H5P activity"), on_delete=models.CASCADE, related_name="+"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="h5p_attempts",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="h5p_attempts",
    )
    verb = models.CharField(_("verb"), max_length=20)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=9, decimal_places=2)
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("H5P attempt")
        verbose_name_plural = _("H5P attempts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, max_score__gt=0, score__lte=models.F("max_score")),
                name="h5p_attempt_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="h5p_attempt_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["activity", "learner", "module"])]

    def __str__(self):
        return f"{self.learner} · {self.activity} · {self.percent}%"


class H5PResult(models.Model):
    """A learner's best score at an activity in a module; one row, enforced by the database."""

    activity = models.ForeignKey(
        H5PActivity,
        verbose_name=_("H5P activity"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="h5p_results",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="h5p_results",
    )
    best_percent = models.DecimalField(_("best score (%)"), max_digits=5, decimal_places=2)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("H5P result")
        verbose_name_plural = _("H5P results")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "learner", "module"], name="unique_h5p_result"
            ),
            models.CheckConstraint(
                condition=models.Q(best_percent__gte=0, best_percent__lte=100),
                name="h5p_result_percent_range",
            ),
        ]

    def __str__(self):
        return f"{self.learner} · {self.activity} · {self.best_percent}%"
