from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from home.models import LearnerGroup


class Target(models.Model):
    """How many people a commune is expected to bring to completion.

    A target without a course counts completions of every course, and one without a learner
    group counts every group; provinces add up their communes' targets. At most one target per
    commune, course (or none) and group (or none).
    """

    commune = models.ForeignKey(
        "home.Commune", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for a target over all courses."),
    )
    learner_group = models.CharField(
        _("learner group"),
        max_length=20,
        choices=LearnerGroup.choices,
        blank=True,
        help_text=_("Leave empty for a target over all learner groups."),
    )
    expected_completions = models.PositiveIntegerField(_("expected completions"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("completion target")
        verbose_name_plural = _("completion targets")
        ordering = ["commune__province__code", "commune__code", "course_id", "learner_group"]
        constraints = [
            # Two partial constraints, because NULL courses are never equal in a unique index.
            models.UniqueConstraint(
                fields=["commune", "course", "learner_group"],
                condition=Q(course__isnull=False),
                name="unique_target_per_course",
                violation_error_message=_(
                    "This commune already has a target for this course and group."
                ),
            ),
            models.UniqueConstraint(
                fields=["commune", "learner_group"],
                condition=Q(course__isnull=True),
                name="unique_target_all_courses",
                violation_error_message=_(
                    "This commune already has a target over all courses for this group."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.commune}: {self.expected_completions}"
