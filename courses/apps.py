from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from courses.signals import course_completed


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # These modules import models, which do not exist before the registry is ready.
        from wagtail.signals import workflow_approved

        from courses.certificates import checks  # noqa: F401 (registers the checks)
        from courses.certificates.receivers import issue_certificate_on_completion
        from courses.models import CourseCompletion
        from courses.receivers import communes_moved, completion_deleted, course_workflow_approved
        from home.places import communes_moved as communes_moved_signal

        course_completed.connect(
            issue_certificate_on_completion, dispatch_uid="courses.certificates.issue"
        )
        post_delete.connect(
            completion_deleted, sender=CourseCompletion, dispatch_uid="courses.completion_deleted"
        )
        communes_moved_signal.connect(communes_moved, dispatch_uid="courses.communes_moved")
        workflow_approved.connect(
            course_workflow_approved, dispatch_uid="courses.publish_modules_with_course"
        )
