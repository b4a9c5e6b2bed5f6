from django import forms
from django.contrib import messages
from django.db.models import Count, ProtectedError
from django.shortcuts import redirect
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    DeleteView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from quizzes import admin_views
from quizzes.h5p import admin_views as h5p_admin_views
from quizzes.models import H5PActivity, Question, QuestionCategory, Quiz


class KeepUsedDeleteView(DeleteView):
    """Refuse, with a message, to delete what learners' attempts still point to."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(object)s” is used by quizzes or learners' attempts and is kept.")
                % {"object": self.object},
            )
            return redirect(self.index_url_name)


QUIZ_REPORT_URL = "wagtailsnippets_quizzes_quiz:report"
QUESTION_IMPORT_URL = "wagtailsnippets_quizzes_question:import"


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Question categories")
    list_display = ["name", Column("question_count", label=gettext_lazy("Questions"))]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    delete_view_class = KeepUsedDeleteView

    def get_queryset(self, request):
        return QuestionCategory.objects.annotate(question_count=Count("questions"))


class QuestionIndexView(IndexView):
    """The question bank, with "Import questions from a file" next to "Add" (not in a menu)."""

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("Import questions from a file"),
                    url=reverse(QUESTION_IMPORT_URL),
                    icon_name="upload",
                )
            )
        return buttons


class QuestionChooserFilterForm(BaseFilterForm):
    """The question chooser's search (words of the question) and category filter."""

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search questions")}),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        empty_label=gettext_lazy("All categories"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        if query := self.cleaned_data.get("q"):
            objects = objects.filter(text__icontains=query)
            self.is_searching, self.search_query = True, query
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category=category)
        return objects


class QuestionChooseView(ChooseView):
    filter_form_class = QuestionChooserFilterForm


class QuestionChooseResultsView(ChooseResultsView):
    filter_form_class = QuestionChooserFilterForm


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Question bank")
    list_display = ["__str__", "kind", "category", "points"]
    list_filter = ["category", "kind"]
    search_fields = ["text"]
    search_backend_name = None
    copy_view_enabled = False
    index_view_class = QuestionIndexView
    chooser_viewset_class = QuestionChooserViewSet
    delete_view_class = KeepUsedDeleteView

    def get_queryset(self, request):
        return Question.objects.select_related("category")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "import/",
                self.construct_view(
                    admin_views.QuestionImportView, index_url_name=self.get_url_name("list")
                ),
                name="import",
            ),
        ]


class IndexViewWithExtraButton(IndexView):
    """A snippet listing whose "more" menu of each row adds one link to a view of the row."""

    extra_button_label = ""
    extra_button_url_name = ""
    extra_button_icon = ""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                self.extra_button_label,
                reverse(self.extra_button_url_name, args=[instance.pk]),
                icon_name=self.extra_button_icon,
                priority=15,
            )
        )
        return buttons


class QuizIndexView(IndexViewWithExtraButton):
    extra_button_label = gettext_lazy("Results")
    extra_button_url_name = QUIZ_REPORT_URL
    extra_button_icon = "list-ul"


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = gettext_lazy("Quizzes")
    list_display = ["title", "pass_mark", "max_attempts", "grading_method", "updated_at"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False
    index_view_class = QuizIndexView
    delete_view_class = KeepUsedDeleteView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "results/<int:pk>/",
                self.construct_view(
                    admin_views.QuizReportView, index_url_name=self.get_url_name("list")
                ),
                name="report",
            ),
        ]


H5P_PREVIEW_URL = "wagtailsnippets_quizzes_h5pactivity:preview"


class H5PActivityIndexView(IndexViewWithExtraButton):
    extra_button_label = gettext_lazy("Preview")
    extra_button_url_name = H5P_PREVIEW_URL
    extra_button_icon = "view"


class H5PActivityViewSet(SnippetViewSet):
    """Upload (`H5PUploadView`), list, rename, preview and delete H5P activities."""

    model = H5PActivity
    icon = "media"
    menu_label = gettext_lazy("H5P activities")
    list_display = ["title", "main_library", "uploaded_by", "created_at"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = H5PActivityIndexView
    add_view_class = h5p_admin_views.H5PUploadView
    delete_view_class = h5p_admin_views.H5PDeleteView

    def get_queryset(self, request):
        return H5PActivity.objects.select_related("main_library", "uploaded_by")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "preview/<int:pk>/",
                self.construct_view(
                    h5p_admin_views.H5PPreviewView, index_url_name=self.get_url_name("list")
                ),
                name="preview",
            ),
        ]


class QuizzesViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Quizzes")
    menu_icon = "tasks"
    menu_order = 250
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet, H5PActivityViewSet)


register_snippet(QuizzesViewSetGroup)


@hooks.register("register_admin_urls")
def register_import_example_urls():
    return [
        re_path(
            r"^quizzes/import/example\.(?P<file_format>csv|xlsx)$",
            admin_views.import_example,
            name="quizzes_import_example",
        ),
    ]
