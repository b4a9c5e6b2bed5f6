"""Statistics models, in the `courses` app (re-exported by `courses.models`): completion targets
per commune, and the area each manager may see (docs/decisions/013-layout.md on why
ManagerScope's table is still called `home_managerscope`)."""

from django.conf import settings
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


class ManagerScope(models.Model):
    """The area whose statistics a manager may see: the whole country, a province or a commune.

    Read from the database on every request (`scopes.scope_resolve`), so a
    manager moved to another area loses the old one at once. Superusers are national without a
    row. The check constraint keeps the place fields in line with the level.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.CASCADE,
        related_name="manager_scope",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "home.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "home.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("manager scope")
        verbose_name_plural = _("manager scopes")
        # Created by the home app before statistics had their own package; the table kept
        # its name when the model moved here (docs/decisions/013-layout.md).
        db_table = "home_managerscope"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="national", province__isnull=True, commune__isnull=True)
                    | Q(level="province", province__isnull=False, commune__isnull=True)
                    | Q(level="commune", province__isnull=True, commune__isnull=False)
                ),
                name="manager_scope_place_matches_level",
                violation_error_message=_(
                    "Choose a province for a province manager, a commune for a commune "
                    "manager, and neither for a national administrator."
                ),
            )
        ]

    def __str__(self):
        if self.level == self.Level.PROVINCE and self.province_id:
            return f"{self.user} · {self.province}"
        if self.level == self.Level.COMMUNE and self.commune_id:
            return f"{self.user} · {self.commune}"
        return f"{self.user} · {self.get_level_display()}"


class DailyCount(models.Model):
    """Enrolments, completions and valid certificates per commune, course, learner group and
    day: the pre-aggregated table the dashboard's figures are summed from.

    An enrolment counts on the day it was made, a completion and its certificate on the day of
    the completion (local dates), in the commune and group the enrolment keeps. Kept current by
    `courses.reports.aggregates` (every write of an enrolment, completion or certificate goes
    through it) and rebuilt exactly by `manage.py rebuild_statistics`
    (docs/decisions/029-statistics-tables.md). A cell that falls back to zero stays, at zero.
    """

    commune = models.ForeignKey("home.Commune", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    learner_group = models.CharField(max_length=20, blank=True)
    day = models.DateField()
    enrolments = models.IntegerField(default=0)
    completions = models.IntegerField(default=0)
    certificates = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "course", "learner_group", "day"], name="unique_daily_count"
            )
        ]
        indexes = [models.Index(fields=["day"], name="daily_count_day")]

    def __str__(self):
        return f"{self.commune_id} · {self.course_id} · {self.learner_group} · {self.day}"


class DailyLearnerCount(models.Model):
    """Distinct learners per area (the nation, a province or a commune), learner group and day:
    each learner counts once in an area, on the local day of their first enrolment there.

    A learner enrolled in two courses, or in two communes, counts once in each area that holds
    them, so the dashboard reads distinct learners without scanning the enrolments. Rows with
    an empty group count every group; the others count the learners' first enrolment in the
    area with that group (`NO_GROUP` for enrolments without one). Kept by the same write path
    as `DailyCount` and rebuilt by `manage.py rebuild_statistics`
    (docs/decisions/032-distinct-learners.md).
    """

    class Level(models.TextChoices):
        NATION = "nation", _("Nation")
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    ALL_GROUPS = ""
    NO_GROUP = "-"

    level = models.CharField(max_length=10, choices=Level.choices)
    place = models.CharField(max_length=10, blank=True)
    learner_group = models.CharField(max_length=20, blank=True)
    day = models.DateField()
    learners = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily learner count")
        verbose_name_plural = _("daily learner counts")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "place", "learner_group", "day"],
                name="unique_daily_learner_count",
            )
        ]

    def __str__(self):
        return f"{self.level} · {self.place} · {self.learner_group} · {self.day}"
