from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
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
        from courses.learner_state import saved_or_deleted
        from courses.models import Certificate, CourseCompletion, Enrolment, ModuleProgress
        from courses.receivers import (
            certificate_changed,
            certificate_changing,
            communes_moved,
            completion_deleted,
            completion_deleting,
            course_workflow_approved,
            enrolment_deleted,
            enrolment_deleting,
        )
        from home.places import communes_moved as communes_moved_signal

        course_completed.connect(
            issue_certificate_on_completion, dispatch_uid="courses.certificates.issue"
        )
        post_delete.connect(
            completion_deleted, sender=CourseCompletion, dispatch_uid="courses.completion_deleted"
        )
        pre_delete.connect(
            completion_deleting, sender=CourseCompletion, dispatch_uid="courses.completion_deleting"
        )
        pre_delete.connect(
            enrolment_deleting, sender=Enrolment, dispatch_uid="courses.enrolment_deleting"
        )
        post_delete.connect(
            enrolment_deleted, sender=Enrolment, dispatch_uid="courses.enrolment_deleted"
        )
        for signal, receiver in (
            (pre_save, certificate_changing),
            (post_save, certificate_changed),
            (pre_delete, certificate_changing),
            (post_delete, certificate_changed),
        ):
            receiver_id = f"courses.{receiver.__name__}.{signal is pre_save or signal is post_save}"
            signal.connect(receiver, sender=Certificate, dispatch_uid=receiver_id)
        for model in (Enrolment, CourseCompletion, ModuleProgress, Certificate):
            for signal in (post_save, post_delete):
                signal.connect(
                    saved_or_deleted,
                    sender=model,
                    dispatch_uid=f"courses.learner_state.{model.__name__}.{signal is post_save}",
                )
        communes_moved_signal.connect(communes_moved, dispatch_uid="courses.communes_moved")
        workflow_approved.connect(
            course_workflow_approved, dispatch_uid="courses.publish_modules_with_course"
        )
