"""Receivers that keep denormalised copies and the statistics table in step, and publish a
course's modules with the course (connected in `CoursesConfig.ready`)."""

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from wagtail.models import Page

from courses.learner_state import learner_state_changed
from courses.models import Certificate, CourseCompletion, CoursePage, Enrolment
from courses.reports.aggregates import (
    CountedChange,
    counts_removed,
    learners_kept,
    learners_leaving,
    learners_left,
)
from courses.services import course_modules_publish_with_course
from home.models import Commune


def _deleting_completions(origin) -> bool:
    return isinstance(origin, CourseCompletion) or (
        isinstance(origin, QuerySet) and origin.model is CourseCompletion
    )


def completion_deleting(*, sender, instance: CourseCompletion, origin=None, **kwargs) -> None:
    """Before a completion itself is deleted: note what its enrolment counts for now."""
    if _deleting_completions(origin) and instance.enrolment_id is not None:
        instance._counted_change = CountedChange(where=Q(pk=instance.enrolment_id), learners=False)


def completion_deleted(*, sender, instance: CourseCompletion, origin=None, **kwargs) -> None:
    """A deleted completion no longer counts: its enrolment forgets the completion date, and
    the statistics table takes out the completion (and its certificate).

    Only when completions themselves are deleted: every cascade that reaches a completion
    (from its learner, course or enrolment) deletes the enrolment as well."""
    if _deleting_completions(origin) and instance.enrolment_id is not None:
        Enrolment.objects.filter(pk=instance.enrolment_id).update(completed_at=None)
        learner_state_changed(pairs=[(instance.learner_id, instance.course_id)])
        change = instance.__dict__.pop("_counted_change", None)
        if change is not None:
            change.finish()


def enrolment_deleting(*, sender, instance: Enrolment, origin=None, **kwargs) -> None:
    """An enrolment about to be deleted leaves the statistics table (before its completion
    and certificate links go); its learner's contributions are noted for `enrolment_deleted`."""
    counts_removed(enrolment_ids=[instance.pk])
    learners_leaving(learner_id=instance.learner_id, origin=origin or instance)


def enrolment_deleted(*, sender, instance: Enrolment, origin=None, **kwargs) -> None:
    """Once the deletion's enrolments are gone, its learners count where they still are."""
    learners_left(learner_id=instance.learner_id, origin=origin or instance)


CERTIFICATE_COUNTED_FIELDS = {
    "status",
    "completion",
    "completion_id",
    "learner",
    "learner_id",
    "course",
    "course_id",
}


def _certificate_enrolments(certificate: Certificate) -> Q | None:
    if certificate.learner_id is None or certificate.course_id is None:
        return None
    return Q(learner_id=certificate.learner_id, course_id=certificate.course_id)


def certificate_changing(*, sender, instance: Certificate, update_fields=None, **kwargs) -> None:
    """Before a certificate is saved or deleted: note what the enrolment it certifies counts
    for (a PDF or a note saved alone counts nothing)."""
    if update_fields is not None and not CERTIFICATE_COUNTED_FIELDS & set(update_fields):
        return
    wheres = [_certificate_enrolments(instance)]
    if instance.pk is not None:
        saved = Certificate.objects.filter(pk=instance.pk).values("learner_id", "course_id")
        for old in saved:  # the certificate may move to another learner or course
            if (old["learner_id"], old["course_id"]) != (instance.learner_id, instance.course_id):
                wheres.append(_certificate_enrolments(Certificate(**old)))
    where = None
    for q in filter(None, wheres):
        where = q if where is None else where | q
    if where is not None:
        instance._counted_change = CountedChange(where=where, learners=False)


def certificate_changed(*, sender, instance: Certificate, **kwargs) -> None:
    """After a certificate is saved or deleted: the statistics table follows."""
    change = instance.__dict__.pop("_counted_change", None)
    if change is not None:
        change.finish()


def communes_moved(*, sender, commune_ids, **kwargs) -> None:
    """Enrolments in communes that now belong to another province follow them there, and
    so do their learners in the distinct-learner table (the province is the enrolment's)."""
    enrolments = Enrolment.objects.filter(commune_id__in=commune_ids)
    with transaction.atomic(savepoint=False):
        learner_ids = set(enrolments.values_list("learner_id", flat=True).distinct())
        with learners_kept(learner_ids=learner_ids):
            enrolments.update(
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
