"""The courses app in the Wagtail admin: every screen of courses and its sub-packages is
registered here, from viewsets, URLs and menu items that each sub-package's `admin` module
defines (docs/decisions/013-layout.md).
"""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from courses import admin_views
from courses.api.admin import api_token_menu_item, api_token_viewset
from courses.certificates.admin import certificate_viewset
from courses.classes.admin import class_urls, class_viewset, classes_menu_item
from courses.enrolment_import.admin import enrolment_import_menu_item, enrolment_import_urls
from courses.models import CourseIndexPage
from courses.portals.admin import portal_viewset
from courses.reports.admin import (
    scope_viewset,
    statistics_menu_item,
    statistics_urls,
    target_viewset,
)
from courses.selectors import courses_with_history
from courses.services import catalog_grant_trainers


@hooks.register("after_create_page")
def grant_trainers_on_new_catalog(request, page):
    if isinstance(page.specific, CourseIndexPage):
        catalog_grant_trainers(catalog=page)


def refuse_deleting_history(request, pages) -> bool:
    """Tell the user, and answer True, when `pages` hold courses that learners enrolled in.

    Deleting them would erase their enrolments and completions from the statistics (the
    database refuses it too: the foreign keys PROTECT). Unpublishing keeps the history.
    """
    courses = courses_with_history(pages=pages)
    if not courses:
        return False
    message = ngettext(
        "%(courses)s cannot be deleted: learners have enrolled in it, and its enrolments and "
        "completions must stay in the statistics. Unpublish it instead: it leaves the catalog "
        "and its history is kept.",
        "%(courses)s cannot be deleted: learners have enrolled in them, and their enrolments "
        "and completions must stay in the statistics. Unpublish them instead: they leave the "
        "catalog and their history is kept.",
        len(courses),
    ) % {"courses": ", ".join(f"“{course.title}”" for course in courses)}
    buttons = [
        messages.button(
            reverse("wagtailadmin_pages:unpublish", args=(course.pk,)),
            gettext("Unpublish “%(course)s”") % {"course": course.title},
        )
        for course in courses
        if course.live
    ]
    messages.error(request, message, buttons=buttons)
    return True


@hooks.register("before_delete_page")
def keep_course_history_on_delete(request, page):
    if refuse_deleting_history(request, [page]):
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def keep_course_history_on_bulk_delete(request, action_type, objects, action_class_instance):
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if action_type == "delete" and pages and refuse_deleting_history(request, pages):
        return redirect(action_class_instance.next_url)
    return None


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        target_viewset,
        scope_viewset,
        certificate_viewset,
        api_token_viewset,
        class_viewset,
        portal_viewset,
    ]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("course-progress/", admin_views.progress_index, name="course_progress_index"),
        path(
            "course-progress/<int:course_id>/",
            admin_views.progress_detail,
            name="course_progress_detail",
        ),
        *statistics_urls(),
        *enrolment_import_urls(),
        *class_urls(),
    ]


@hooks.register("register_admin_menu_item")
def register_progress_menu_item():
    return MenuItem(
        _("Learner progress"), reverse("course_progress_index"), icon_name="user", order=300
    )


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return statistics_menu_item(extra=[api_token_menu_item()])


@hooks.register("register_admin_menu_item")
def register_enrolment_import_menu_item():
    return enrolment_import_menu_item()


@hooks.register("register_admin_menu_item")
def register_classes_menu_item():
    return classes_menu_item()
