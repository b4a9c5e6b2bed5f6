"""The `quiz` block of a module body: shows a quiz, the learner's attempts and a start button.

It implements the courses app's `completion_part(value)` protocol: a required quiz block
reports "quiz:<id>", and the module is complete once the learner passes that quiz
(docs/decisions/003-module-completion-parts.md).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("Quiz"))
    required = blocks.BooleanBlock(
        label=_("Required to complete the module"),
        required=False,
        default=True,
        help_text=_("Learners must pass this quiz before the module counts as complete."),
    )

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "quizzes/blocks/quiz_block.html"
        description = _("A graded quiz from the question bank")

    def completion_part(self, value) -> str | None:
        quiz = value.get("quiz") if value else None
        if quiz is None or not value.get("required"):
            return None
        return f"quiz:{quiz.pk}"

    def get_context(self, value, parent_context=None):
        from quizzes.selectors import quiz_block_state

        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        page = parent_context.get("page")
        user = getattr(request, "user", None)
        quiz = value.get("quiz")
        context["state"] = (
            quiz_block_state(quiz=quiz, learner=user, module=page)
            if quiz is not None and page is not None
            else None
        )
        return context
