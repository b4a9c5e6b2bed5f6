"""Receivers that keep denormalised copies in step, and publish a course's modules with the
course (connected in `CoursesConfig.ready`)."""

from django.db.models import OuterRef, QuerySet, Subquery
from wagtail.models import Page

from courses.models import CourseCompletion, CoursePage, Enrolment
from courses.services import course_modules_publish_with_course
from home.models import Commune


def completion_deleted(*, sender, instance: CourseCompletion, origin=None, **kwargs) -> None:
    """A deleted completion no longer counts: its enrolment forgets the completion date.

    Only when completions themselves are deleted: every cascade that reaches a completion
    (from its learner, course or enrolment) deletes the enrolment as well."""
    deleting_completions = isinstance(origin, CourseCompletion) or (
        isinstance(origin, QuerySet) and origin.model is CourseCompletion
    )
    if deleting_completions and instance.enrolment_id is not None:
        Enrolment.objects.filter(pk=instance.enrolment_id).update(completed_at=None)


def communes_moved(*, sender, commune_ids, **kwargs) -> None:
    """Enrolments in communes that now belong to another province follow them there."""
    Enrolment.objects.filter(commune_id__in=commune_ids).update(
        province_id=Subquery(
            Commune.objects.filter(pk=OuterRef("commune_id")).values("province_id")[:1]
        )
    )


def course_workflow_approved(*, sender, instance, user=None, **kwargs) -> None:
    """A course approved in moderation brings its modules' submitted changes live with it."""
    page = instance.content_object  # a plain Page: the workflow is the page tree's
    course = page.specific if isinstance(page, Page) else page
    if isinstance(course, CoursePage):
        course_modules_publish_with_course(
            course=course, submitted_at=instance.created_at, user=user
        )
