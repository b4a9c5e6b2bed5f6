from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from quizzes.forms import QuestionAdminForm

MAX_POINTS = 100


class QuestionCategory(models.Model):
    """A shelf of the question bank, e.g. one per course or topic; quizzes draw from it."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT_TEXT = "short_text", _("Short text answer")
    ORDERING = "ordering", _("Ordering")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.ORDERING})


class Question(ClusterableModel):
    """A question of the bank. Its choices (or ordering items) are `Choice` rows.

    The text is plain text: the site escapes it when rendering, so HTML typed or imported by a
    trainer is shown, never run.
    """

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    text = models.TextField(_("question"), max_length=5000)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)]
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple choice and ordering: give a share of the points for a partly right "
            "answer instead of all or nothing."
        ),
    )
    is_true = models.BooleanField(
        _("the statement is true"),
        null=True,
        blank=True,
        help_text=_("True or false questions only."),
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_("Short text answers only: one accepted answer per line."),
    )
    lenient_match = models.BooleanField(
        _("ignore case and Vietnamese diacritics"),
        default=True,
        help_text=_("Short text answers only: “Cong an” then matches “Công an”."),
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        max_length=5000,
        help_text=_("Shown after grading, when the quiz lets learners see the answers."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    base_form_class = QuestionAdminForm
    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("kind"), FieldPanel("points")]),
        FieldPanel("text"),
        FieldPanel("image"),
        InlinePanel(
            "choices",
            label=_("Choice"),
            heading=_("Choices or items"),
            help_text=_(
                "Single and multiple choice: tick the right choices. Ordering: list the items "
                "in the right order; learners see them shuffled."
            ),
        ),
        FieldPanel("partial_credit"),
        FieldPanel("is_true"),
        MultiFieldPanel(
            [FieldPanel("accepted_answers"), FieldPanel("lenient_match")],
            heading=_("Short text answer"),
        ),
        FieldPanel("explanation"),
    ]

    class Meta:
        ordering = ["category__name", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=1, points__lte=MAX_POINTS),
                name="question_points_range",
            )
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def accepted_answer_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]


class Choice(Orderable):
    """A choice of a single or multiple choice question, or an item of an ordering question
    (its `sort_order` is then the right position)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("right choice"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text
