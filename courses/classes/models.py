"""Class models, in the `courses` app (re-exported by `courses.models`): a class of one commune
with its courses and trainers, and the learners who are its members."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from home.models import LearnerGroup

# No 0/O or 1/I/L: a code read aloud in a meeting room or copied from a projector.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


def join_code_new() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Class(models.Model):
    """A class: learners of one commune who follow the same courses with the same trainers.

    Its province is the commune's. Learners join through `services.class_member_add` (which
    enrols them in the class's courses); `join_code` lets a learner join by themselves while
    the class is open and not full.
    """

    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(
        "home.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    courses = models.ManyToManyField(
        "courses.CoursePage", verbose_name=_("courses"), related_name="classes"
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="classes_led",
        blank=True,
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    learner_group = models.CharField(
        _("learner group"), max_length=20, choices=LearnerGroup.choices, blank=True
    )
    is_open = models.BooleanField(
        _("open for joining"),
        default=True,
        help_text=_("Learners may join with the code only while the class is open."),
    )
    join_code = models.CharField(
        _("join code"), max_length=12, unique=True, default=join_code_new, editable=False
    )
    # Kept by `services.class_member_add` and `class_member_remove` under a row lock, so that
    # the capacity holds when many learners join at the same moment.
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="class_ends_after_it_starts",
                violation_error_message=_("The class cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(member_count__lte=F("capacity")),
                name="class_within_capacity",
                violation_error_message=_("The class is full."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.member_count >= self.capacity


class ClassMember(models.Model):
    """A learner in a class. A learner may be in several classes, once in each."""

    klass = models.ForeignKey(
        Class, verbose_name=_("class"), on_delete=models.CASCADE, related_name="members"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="class_memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("class member")
        verbose_name_plural = _("class members")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["klass", "learner"], name="unique_class_member")
        ]

    def __str__(self):
        return f"{self.learner} · {self.klass}"


class ClassSession(models.Model):
    """A face-to-face meeting of a class on a given day."""

    klass = models.ForeignKey(
        Class, verbose_name=_("class"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.klass} · {self.held_on}"


class Attendance(models.Model):
    """A learner present at a session (absent learners have no row)."""

    session = models.ForeignKey(
        ClassSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.learner} @ {self.session}"


class Reminder(models.Model):
    """A reminder e-mailed to a learner: at most one per learner per day, whichever class."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    klass = models.ForeignKey(
        Class, verbose_name=_("class"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["learner", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.learner} · {self.sent_on}"


class ReminderOptOut(models.Model):
    """A learner who turned class reminders off (from the link in every reminder)."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self):
        return str(self.learner)
