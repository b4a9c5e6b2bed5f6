"""The `quiz` and `h5p` blocks of a module body.

`QuizBlock` shows a quiz, the learner's attempts and a start button; `H5PActivityBlock` plays
an H5P activity in a sandboxed frame (docs/decisions/008-h5p.md). Both implement the courses
app's `completion_part(value)` protocol: a required block reports "quiz:<id>" or "h5p:<id>",
and the module is complete once the learner passes it
(docs/decisions/003-module-completion-parts.md).
"""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from quizzes.h5p.selectors import (
    activity_ahead_urls,
    activity_offline_files,
    h5p_block_state,
    player_shell_offline,
)
from quizzes.selectors import quiz_block_state


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
        preview_template = "quizzes/blocks/previews/quiz_block.html"
        preview_value = {"required": True}

    def completion_part(self, value) -> str | None:
        quiz = value.get("quiz") if value else None
        if quiz is None or not value.get("required"):
            return None
        return f"quiz:{quiz.pk}"

    def get_context(self, value, parent_context=None):
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


class H5PActivityBlock(blocks.StructBlock):
    """An uploaded H5P activity, played in a sandboxed frame; scored ones have a pass mark.

    A required block reports "h5p:<id>" as a completion part. Its scores come from the
    learner's browser, so the course decides whether they count (`scored_in_browser`).
    """

    activity = SnippetChooserBlock("quizzes.H5PActivity", label=_("H5P activity"))
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        min_value=0,
        max_value=100,
        default=70,
        help_text=_("The score the learner's best attempt must reach."),
    )
    required = blocks.BooleanBlock(
        label=_("Required to complete the module"),
        required=False,
        default=True,
        help_text=_(
            "Learners must reach the pass mark before the module counts as complete. Use it "
            "only with activities that give a score."
        ),
    )

    scored_in_browser = True

    class Meta:
        icon = "media"
        label = _("H5P activity")
        template = "quizzes/blocks/h5p_block.html"
        description = _("An interactive H5P activity uploaded in Quizzes → H5P activities")
        preview_template = "quizzes/blocks/previews/h5p_block.html"
        preview_value = {"pass_mark": 70, "required": True}

    def completion_part(self, value) -> str | None:
        activity = value.get("activity") if value else None
        if activity is None or not value.get("required"):
            return None
        return f"h5p:{activity.pk}"

    def offline_activity(self, value) -> dict | None:
        """The files a downloaded course keeps to play this activity offline."""
        activity = value.get("activity") if value else None
        return activity_offline_files(activity=activity) if activity is not None else None

    def ahead_files(self, value, request) -> list[tuple[str, bool]]:
        """What the page before this block's module fetches ahead, as (address, fetched
        with CORS): the block's own styles and script as its template loads them, and the
        player's files and library code as its module page asks for them."""
        activity = value.get("activity") if value else None
        if activity is None:
            return []
        own = [(static("quizzes/h5p.css"), False), (static("quizzes/h5p.js"), False)]
        return own + [
            (url, True) for url in activity_ahead_urls(request=request, activity=activity)
        ]

    @classmethod
    def offline_frame(cls, request) -> dict | None:
        """The page the activity's frame shows, kept with a downloaded course."""
        return player_shell_offline(request=request)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        page = parent_context.get("page")
        activity = value.get("activity")
        context["state"] = (
            h5p_block_state(
                activity=activity, request=request, module=page, pass_mark=value["pass_mark"]
            )
            if activity is not None and page is not None and request is not None
            else None
        )
        return context
