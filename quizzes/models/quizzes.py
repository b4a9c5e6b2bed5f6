from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from quizzes.forms import QuizAdminForm
from quizzes.models.bank import Question, QuestionCategory


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of all attempts")


class ReviewLevel(models.TextChoices):
    SCORE = "score", _("Score only")
    CORRECTNESS = "correctness", _("Score and which answers were right")
    ANSWERS = "answers", _("Score, right answers and explanations")


class ReviewTiming(models.TextChoices):
    """When learners see it; the rule is `quizzes.review.review_level`."""

    CORRECTNESS_FIRST = (
        "correctness_first",
        _(
            "Which answers were right after each attempt; the right answers once the learner "
            "has passed or used all attempts"
        ),
    )
    EACH_ATTEMPT = "each_attempt", _("Everything after each attempt (practice quizzes)")
    FINISHED = "finished", _("Only the score until the learner has passed or used all attempts")


class Quiz(ClusterableModel):
    """A reusable quiz; a module shows it through a `quiz` block.

    Questions are the fixed ones (`QuizQuestion`) followed by those drawn at random from
    categories (`QuizDraw`); each attempt freezes its own selection and order.
    """

    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True, max_length=5000)
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=True)
    shuffle_choices = models.BooleanField(
        _("shuffle the choices"),
        default=True,
        help_text=_("Items of ordering questions are always shuffled."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempt limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit. The server grades what was saved in time."),
    )
    grading_method = models.CharField(
        _("grade across attempts"),
        max_length=20,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    review = models.CharField(
        _("after submitting, learners see"),
        max_length=20,
        choices=ReviewLevel.choices,
        default=ReviewLevel.ANSWERS,
        help_text=_("The most learners see of a graded attempt; “show it” says when."),
    )
    review_timing = models.CharField(
        _("show it"),
        max_length=20,
        choices=ReviewTiming.choices,
        default=ReviewTiming.CORRECTNESS_FIRST,
        help_text=_(
            "Keep the right answers back until the learner has passed or used all attempts "
            "when the quiz counts toward completion or a certificate: shown after each attempt, "
            "they let anyone submit a blank attempt, read the answers and pass the next one."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    base_form_class = QuizAdminForm
    panels = [
        FieldPanel("title"),
        FieldPanel("instructions"),
        InlinePanel("fixed_questions", label=_("Question"), heading=_("Fixed questions")),
        InlinePanel(
            "draws",
            label=_("Random draw"),
            heading=_("Questions drawn at random"),
            help_text=_("Each attempt draws this many questions from the category."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading_method")]),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldRowPanel([FieldPanel("review"), FieldPanel("review_timing")]),
            ],
            heading=_("Rules"),
        ),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="quiz_pass_mark")
        ]

    def __str__(self):
        return self.title

    @property
    def completion_key(self) -> str:
        """The module part this quiz completes (docs/decisions/003-module-completion-parts.md)."""
        return f"quiz:{self.pk}"


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="unique_quiz_question")
        ]


class QuizDraw(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"), default=5, validators=[MinValueValidator(1)]
    )

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")
