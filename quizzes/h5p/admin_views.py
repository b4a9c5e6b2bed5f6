"""Admin views of H5P activities: upload (the snippet's create view), deletion, preview.

The create view hands the uploaded file to `h5p_activity_create`; a refused package comes
back as an error on the upload field with the service's message, and nothing is saved.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import CreateView, DeleteView

from quizzes.h5p.selectors import player_url
from quizzes.h5p.services import h5p_activity_create, h5p_content_discard
from quizzes.h5p.validation import PackageError
from quizzes.models import H5PActivity


class H5PUploadView(CreateView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = h5p_activity_create(
                upload=form.cleaned_data["package"],
                title=form.cleaned_data.get("title", ""),
                user=self.request.user,
            )
        except PackageError as error:
            form.add_error("package", str(error))
            self.produced_error_message = _("The package was refused: %(reason)s") % {
                "reason": error
            }
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class H5PDeleteView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            super().delete_action()
            h5p_content_discard(activity=self.object)


class H5PPreviewView(WagtailAdminTemplateMixin, TemplateView):
    """The activity in the sandboxed player, as learners see it (no score is recorded)."""

    template_name = "quizzes/h5p/admin/preview.html"
    header_icon = "media"
    page_title = gettext_lazy("Preview H5P activity")
    index_url_name = None
    breadcrumbs_items = []

    def dispatch(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(H5PActivity).user_has_permission(request.user, "view"):
            raise PermissionDenied
        self.activity = get_object_or_404(H5PActivity, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.activity.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("H5P activities")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        context["player_url"] = player_url(
            request=self.request, activity_id=self.activity.pk, module_id=None
        )
        context["libraries"] = self.activity.libraries.order_by("machine_name")
        return context
