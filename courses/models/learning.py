from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from home.models import Commune, LearnerGroup

# The columns the statistics table counts an enrolment by (courses.reports.aggregates).
COUNTED_FIELDS = {
    "commune",
    "commune_id",
    "course",
    "course_id",
    "learner_group",
    "enrolled_at",
    "completed_at",
}
# Those that can move a learner's first enrolment in an area (the distinct-learner table).
LEARNER_COUNTED_FIELDS = {"commune", "commune_id", "learner_group", "enrolled_at"}


class Enrolment(models.Model):
    """A learner's enrolment in a course, with the commune and group they had at that moment."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    # PROTECT: statistics never lose history. The admin refuses to delete a course that has
    # enrolments (`courses.wagtail_hooks`) and offers to unpublish it instead.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    commune = models.ForeignKey(
        "home.Commune",
        verbose_name=_("commune at enrolment"),
        null=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    # The commune's province, kept beside it so that a province's reports read only its own
    # rows through an index instead of joining every enrolment to the communes. `save()` keeps
    # it in step, bulk writes set it themselves, and when the official list moves a commune to
    # another province (`home.places.communes_moved`) its enrolments follow.
    province = models.ForeignKey(
        "home.Province",
        verbose_name=_("province"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    learner_group = models.CharField(
        _("learner group at enrolment"), max_length=20, choices=LearnerGroup.choices, blank=True
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # A copy of the completion's date, so reports count completions without joining them in;
    # `CourseCompletion.save()` sets it, `courses.receivers` clears it when one is deleted.
    completed_at = models.DateTimeField(_("completed at"), null=True, editable=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="unique_enrolment")
        ]
        indexes = [models.Index(fields=["course", "left_at"])]

    def __str__(self):
        return f"{self.learner} → {self.course}"

    def save(self, *args, **kwargs):
        # The statistics table counts what this row says (courses.reports.aggregates).
        from courses.reports.aggregates import counts_added, counts_kept

        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"commune", "commune_id"} & set(update_fields):
            self.province_id = self._commune_province_id()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "province"}
        if self._state.adding:
            with transaction.atomic(savepoint=False):
                super().save(*args, **kwargs)
                counts_added(enrolments=[self])
        elif update_fields is not None and not COUNTED_FIELDS & set(update_fields):
            super().save(*args, **kwargs)
        else:
            learners = update_fields is None or bool(LEARNER_COUNTED_FIELDS & set(update_fields))
            with counts_kept(enrolment_ids=[self.pk], learners=learners):
                super().save(*args, **kwargs)

    def _commune_province_id(self) -> int | None:
        if self.commune_id is None:
            return None
        if self._meta.get_field("commune").is_cached(self) and self.commune.pk == self.commune_id:
            return self.commune.province_id
        return self.province_ids(commune_ids={self.commune_id}).get(self.commune_id)

    @staticmethod
    def province_ids(*, commune_ids) -> dict[int, int]:
        """The province column of enrolments in these communes, by commune id (one query)."""
        return dict(Commune.objects.filter(pk__in=commune_ids).values_list("pk", "province_id"))

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class ModuleProgress(models.Model):
    """When a learner first opened a module and when they completed it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="progress"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["learner", "module"], name="unique_module_progress")
        ]

    def __str__(self):
        return f"{self.learner} · {self.module}"


class ModulePartResult(models.Model):
    """A graded activity of a module (a quiz, an H5P activity) that the learner has passed.

    Reported by the quizzes app through `courses.services.module_part_passed`; `score` is the
    percentage that counts for the course's completion rule.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_part_results"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="part_results"
    )
    part = models.CharField(_("activity"), max_length=50)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed_at = models.DateTimeField(_("passed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity result")
        verbose_name_plural = _("activity results")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "module", "part"], name="unique_module_part_result"
            )
        ]

    def __str__(self):
        return f"{self.learner} · {self.module} · {self.part}"


class CourseCompletion(models.Model):
    """A learner's completion of a course, stored once (the certificate hangs off this)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="completions",
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="completion", null=True
    )
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="unique_course_completion")
        ]

    def __str__(self):
        return f"{self.learner} ✓ {self.course}"

    def save(self, *args, **kwargs):
        from courses.learner_state import learner_state_changed
        from courses.reports.aggregates import counts_kept

        update_fields = kwargs.get("update_fields")
        counted = update_fields is None or {"completed_at", "enrolment", "enrolment_id"} & set(
            update_fields
        )
        enrolment_ids = [self.enrolment_id] if counted else ()
        with counts_kept(enrolment_ids=enrolment_ids, learners=False):
            super().save(*args, **kwargs)
            if self.enrolment_id is not None:
                Enrolment.objects.filter(pk=self.enrolment_id).update(
                    completed_at=self.completed_at
                )
                learner_state_changed(pairs=[(self.learner_id, self.course_id)])
