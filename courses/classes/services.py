"""Write-side operations on classes: creating one, and learners joining or leaving it.

Sessions and attendance are written here too: `attendance_record` replaces a session's
attendance with the ticked learners in one transaction (a whole class at once from a phone).
A learner enters a class only through `class_member_add` (a trainer adding them, or the
learner's own join code through `class_join`): it checks the class's rules, keeps the class's
member counter under a row lock (so the capacity holds when forty phones join at once), and
enrols the learner in each of the class's courses through `courses.services.enrolment_create`,
never by writing enrolments itself. Refusals raise `ClassError` with a message for the person.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from courses.classes.models import Attendance, Class, ClassMember, ClassSession
from courses.services import LearningError, enrolment_create

logger = logging.getLogger(__name__)


class ClassError(Exception):
    """A refused action on a class; `str(error)` is the message shown to the person."""


def _refusal(*, klass: Class, learner, by_code: bool) -> str | None:
    """Why the learner may not enter the class now, or None. Each refusal is logged."""
    if by_code and not klass.is_open:
        logger.info("class %s refused learner %s: closed", klass.pk, learner.pk)
        return _("This class is not accepting new learners any more. Please ask your trainer.")
    if ClassMember.objects.filter(klass=klass, learner=learner).exists():
        return _("You are already in the class “%(name)s”.") % {"name": klass.name}
    if learner.commune_id != klass.commune_id:
        logger.info("class %s refused learner %s: another commune", klass.pk, learner.pk)
        if by_code:
            return _(
                "This class is for learners of %(commune)s. If you live or work there, "
                "update your commune in your profile first."
            ) % {"commune": klass.commune}
        return _("This learner belongs to another commune.")
    if klass.is_full:
        logger.info("class %s refused learner %s: full", klass.pk, learner.pk)
        return _("This class is full. Please ask your trainer.")
    return None


@transaction.atomic
def class_member_add(*, klass: Class, learner, by_code: bool = False) -> ClassMember:
    """Put the learner in the class and enrol them in its courses; returns the membership.

    `by_code` is True when the learners join by themselves with the class's code: a closed
    class then refuses them (a trainer may still add people to a closed class).
    """
    klass = Class.objects.select_for_update().select_related("commune").get(pk=klass.pk)
    refusal = _refusal(klass=klass, learner=learner, by_code=by_code)
    if refusal:
        raise ClassError(refusal)
    try:
        with transaction.atomic():
            member = ClassMember.objects.create(klass=klass, learner=learner)
    except IntegrityError as error:
        raise ClassError(
            _("You are already in the class “%(name)s”.") % {"name": klass.name}
        ) from error
    Class.objects.filter(pk=klass.pk).update(member_count=F("member_count") + 1)
    for course in klass.courses.order_by("pk"):
        try:
            enrolment_create(learner=learner, course=course)
        except LearningError as error:
            raise ClassError(
                _("Could not enrol in “%(course)s”: %(reason)s")
                % {"course": course.title, "reason": error}
            ) from error
    return member


def class_join(*, code: str, learner) -> ClassMember:
    """The learner joins the class whose join code they typed or scanned."""
    klass = class_by_code(code=code)
    if klass is None:
        raise ClassError(_("No class has this code. Please check it with your trainer."))
    return class_member_add(klass=klass, learner=learner, by_code=True)


def class_by_code(*, code: str) -> Class | None:
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if not code:
        return None
    return Class.objects.select_related("commune__province").filter(join_code=code).first()


@transaction.atomic
def class_member_remove(*, member: ClassMember) -> None:
    """Take a learner out of a class. Their enrolments and progress stay."""
    Class.objects.select_for_update().filter(pk=member.klass_id).update(
        member_count=F("member_count") - 1
    )
    member.delete()


@transaction.atomic
def class_save(*, klass: Class, courses, trainers, created_by=None) -> Class:
    """Create or update a class with its courses and trainers (the admin form's one path)."""
    if klass.pk is None:
        klass.created_by = created_by
    klass.save()
    klass.courses.set(courses)
    klass.trainers.set(trainers)
    return klass


def class_session_create(*, klass: Class, held_on, topic: str = "") -> ClassSession:
    return ClassSession.objects.create(klass=klass, held_on=held_on, topic=topic.strip())


@transaction.atomic
def attendance_record(*, session: ClassSession, present_ids) -> int:
    """Mark exactly these learners present (members of the class only); returns how many."""
    members = set(
        ClassMember.objects.filter(
            klass_id=session.klass_id, learner_id__in=present_ids
        ).values_list("learner_id", flat=True)
    )
    Attendance.objects.filter(session=session).exclude(learner_id__in=members).delete()
    Attendance.objects.bulk_create(
        [Attendance(session=session, learner_id=learner_id) for learner_id in sorted(members)],
        ignore_conflicts=True,
    )
    return len(members)
