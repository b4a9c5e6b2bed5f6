"""Admin forms of the question bank and quizzes: cross-checks between a model and its inlines."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.validation import question_problems


def _kept_forms(formset):
    """The inline forms that will be saved (filled in and not marked for deletion)."""
    formset.is_valid()
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None)
        and not form.cleaned_data.get("DELETE")
        and form not in deleted
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if "choices" not in self.formsets:
            return cleaned
        choices = [
            (form.cleaned_data.get("text", ""), bool(form.cleaned_data.get("is_correct")))
            for form in _kept_forms(self.formsets["choices"])
        ]
        problems = question_problems(
            kind=cleaned.get("kind", ""),
            choices=choices,
            is_true=cleaned.get("is_true"),
            accepted=(cleaned.get("accepted_answers") or "").splitlines(),
        )
        if problems:
            raise ValidationError(problems)
        return cleaned


class QuizAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if not {"fixed_questions", "draws"} <= set(self.formsets):
            return cleaned
        fixed = _kept_forms(self.formsets["fixed_questions"])
        draws = _kept_forms(self.formsets["draws"])
        if not fixed and not draws:
            raise ValidationError(_("Add questions, or a rule that draws them from a category."))
        chosen_ids = [
            form.cleaned_data["question"].pk for form in fixed if form.cleaned_data.get("question")
        ]
        if len(set(chosen_ids)) != len(chosen_ids):
            raise ValidationError(_("A question is listed twice."))
        wanted: dict = {}
        for form in draws:
            category = form.cleaned_data.get("category")
            if category is not None:
                wanted[category] = wanted.get(category, 0) + (form.cleaned_data.get("count") or 0)
        problems = []
        for category, count in wanted.items():
            available = category.questions.exclude(pk__in=chosen_ids).count()
            if count > available:
                problems.append(
                    _(
                        "The category “%(category)s” has %(available)d questions that are not "
                        "already in the quiz; it cannot give %(count)d."
                    )
                    % {"category": category, "available": available, "count": count}
                )
        if problems:
            raise ValidationError(problems)
        return cleaned
