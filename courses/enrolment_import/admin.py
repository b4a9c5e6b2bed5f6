"""The learner import in the Wagtail admin: its URLs and an entry in the Statistics area.

Registered by `courses/wagtail_hooks.py`. Shown to every user with a manager scope; each
import is limited to that scope.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from courses.enrolment_import import views
from courses.reports.admin import ScopedMenuItem


def enrolment_import_urls():
    return [
        path("enrolment-import/", views.upload, name="enrolment_import"),
        path("enrolment-import/<int:job_id>/", views.job_detail, name="enrolment_import_job"),
        path(
            "enrolment-import/<int:job_id>/confirm/",
            views.job_confirm,
            name="enrolment_import_confirm",
        ),
        path(
            "enrolment-import/<int:job_id>/report.csv",
            views.job_report,
            name="enrolment_import_report",
        ),
        path(
            "enrolment-import/template.<slug:fmt>",
            views.template_download,
            name="enrolment_import_template",
        ),
    ]


def enrolment_import_menu_item():
    return ScopedMenuItem(
        _("Enrol from a file"), reverse("enrolment_import"), icon_name="upload", order=320
    )
