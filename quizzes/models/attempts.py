from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.models.bank import Question
from quizzes.models.quizzes import Quiz


class Attempt(models.Model):
    """One try of a learner at a quiz placed in a module.

    Numbers count the learner's attempts at that quiz in that module from 1; a unique number
    per attempt and at most one attempt in progress are database constraints, so parallel
    starts cannot exceed the quiz's attempt limit.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "learner", "module", "number"], name="unique_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "learner", "module"],
                condition=models.Q(status="in_progress"),
                name="one_attempt_in_progress",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="attempt_number_gte_1"),
        ]

    def __str__(self):
        return f"{self.learner} · {self.quiz} · {self.number}"

    @property
    def in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A question as an attempt froze it: its position, its points, the order of its choices,
    and the learner's saved answer (a JSON value; see `quizzes.answers`)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    points = models.PositiveSmallIntegerField()
    choice_order = models.JSONField(default=list, blank=True)
    answer = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="unique_attempt_question"),
            models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position"),
        ]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"


class AttemptResult(models.Model):
    """The grade of a submitted attempt; one per attempt, enforced by the database."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="result")
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    timed_out = models.BooleanField(_("time ran out"), default=False)
    graded_at = models.DateTimeField(_("graded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attempt result")
        verbose_name_plural = _("attempt results")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=models.F("max_score")),
                name="attempt_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="attempt_percent_range",
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.percent}%"


class QuestionResult(models.Model):
    class Outcome(models.TextChoices):
        CORRECT = "correct", _("Right")
        PARTIAL = "partial", _("Partly right")
        INCORRECT = "incorrect", _("Wrong")
        UNANSWERED = "unanswered", _("Not answered")

    result = models.ForeignKey(
        AttemptResult, on_delete=models.CASCADE, related_name="question_results"
    )
    attempt_question = models.OneToOneField(
        AttemptQuestion, on_delete=models.CASCADE, related_name="result"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="results")
    awarded = models.DecimalField(_("points awarded"), max_digits=6, decimal_places=2)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)

    class Meta:
        verbose_name = _("question result")
        verbose_name_plural = _("question results")
        constraints = [
            models.CheckConstraint(condition=models.Q(awarded__gte=0), name="awarded_gte_0")
        ]

    def __str__(self):
        return f"{self.attempt_question} · {self.outcome}"
