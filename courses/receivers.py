"""Receivers that keep denormalised copies in step (connected in `CoursesConfig.ready`)."""

from courses.models import CourseCompletion, Enrolment


def completion_deleted(*, sender, instance: CourseCompletion, **kwargs) -> None:
    """A deleted completion no longer counts: its enrolment forgets the completion date."""
    if instance.enrolment_id is not None:
        Enrolment.objects.filter(pk=instance.enrolment_id).update(completed_at=None)
