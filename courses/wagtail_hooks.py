from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses import admin_views
from courses.models import CourseIndexPage
from courses.services import catalog_grant_trainers


@hooks.register("after_create_page")
def grant_trainers_on_new_catalog(request, page):
    if isinstance(page.specific, CourseIndexPage):
        catalog_grant_trainers(catalog=page)


@hooks.register("register_admin_urls")
def register_progress_urls():
    return [
        path("course-progress/", admin_views.progress_index, name="course_progress_index"),
        path(
            "course-progress/<int:course_id>/",
            admin_views.progress_detail,
            name="course_progress_detail",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_progress_menu_item():
    return MenuItem(
        _("Learner progress"), reverse("course_progress_index"), icon_name="user", order=300
    )


from courses.reports import admin_hooks as statistics_hooks  # noqa: F401,E402


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    from courses.certificates.viewsets import certificate_viewset

    return certificate_viewset


from courses.enrolment_import import admin_hooks  # noqa: E402,F401
