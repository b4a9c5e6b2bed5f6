"""Admin views of the quizzes app beyond Wagtail's generic ones: the question import (with its
dry run and example files) and the trainer's results report of a quiz."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from quizzes.imports import (
    COLUMN_HELP,
    MAX_BYTES,
    MAX_ROWS,
    example_csv,
    example_xlsx,
    read_question_file,
)
from quizzes.models import Question, QuestionCategory, Quiz
from quizzes.selectors import quiz_report
from quizzes.services import QuizError, questions_import


def _require(request, model, action: str) -> None:
    if not policy_registry.get_by_type(model).user_has_permission(request.user, action):
        raise PermissionDenied


class ImportForm(forms.Form):
    CHECK = "check"
    IMPORT = "import"
    IMPORT_VALID = "import_valid"

    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("At most 5 MB and 2,000 questions."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category for rows without one"),
        queryset=QuestionCategory.objects.all(),
        required=False,
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            (CHECK, gettext_lazy("Check the file only (nothing is saved)")),
            (IMPORT, gettext_lazy("Import, if no row has a problem")),
            (IMPORT_VALID, gettext_lazy("Import the valid rows and skip rows with problems")),
        ],
        initial=CHECK,
        widget=forms.RadioSelect,
    )


class QuestionImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "quizzes/admin/import.html"
    form_class = ImportForm
    header_icon = "upload"
    page_title = gettext_lazy("Import questions")
    index_url_name = None
    breadcrumbs_items = []

    def dispatch(self, request, *args, **kwargs):
        _require(request, Question, "add")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Questions")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=COLUMN_HELP,
            max_rows=MAX_ROWS,
            example_csv_url=reverse("quizzes_import_example", args=["csv"]),
            example_xlsx_url=reverse("quizzes_import_example", args=["xlsx"]),
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        category = form.cleaned_data["category"]
        report = read_question_file(
            name=upload.name,
            data=upload.read(MAX_BYTES + 1),
            default_category=category.name if category else "",
        )
        mode = form.cleaned_data["mode"]
        if mode != ImportForm.CHECK:
            try:
                saved = questions_import(report=report, only_valid=mode == ImportForm.IMPORT_VALID)
            except QuizError as error:
                messages.error(self.request, str(error))
            else:
                messages.success(
                    self.request,
                    _("%(count)d questions imported.") % {"count": len(saved)},
                )
                known = len(report.questions) - len(saved)
                if known:
                    messages.info(
                        self.request,
                        _(
                            "%(count)d questions of the file were already in the bank and "
                            "were left as they are."
                        )
                        % {"count": known},
                    )
                return redirect(self.index_url_name)
        return self.render_to_response(self.get_context_data(form=form, report=report))


def import_example(request, file_format: str):
    """The example import file, in CSV or XLSX, with one question of each type."""
    _require(request, Question, "add")
    if file_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(example_xlsx(), content_type=content_type)
    else:
        response = HttpResponse(example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questions-example.{file_format}"'
    return response


class QuizReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "quizzes/admin/report.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Quiz results")
    index_url_name = None
    breadcrumbs_items = []

    def dispatch(self, request, *args, **kwargs):
        _require(request, Quiz, "change")
        self.quiz = get_object_or_404(Quiz, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Quizzes")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = quiz_report(quiz=self.quiz)
        return context
