"""Receivers that keep denormalised copies in step (connected in `CoursesConfig.ready`)."""

from django.db.models import OuterRef, QuerySet, Subquery

from courses.models import CourseCompletion, Enrolment
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
