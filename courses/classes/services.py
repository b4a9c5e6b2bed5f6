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
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from courses.classes.models import Attendance, Class, ClassMember, ClassSession
from courses.models import Enrolment
from courses.services import (
    LearningError,
    courses_open_to_everyone,
    enrolment_create,
    enrolments_create_many,
)

logger = logging.getLogger(__name__)


class ClassError(Exception):
    """A refused action on a class; `str(error)` is the message shown to the person."""


# Why a learner may not enter a class (`entry_refusal`), in the order they are checked.
CLOSED = "closed"
ALREADY_MEMBER = "member"
OTHER_COMMUNE = "other_commune"
FULL = "full"


def entry_refusal(
    *, klass: Class, learner_commune_id, is_member: bool, closed_refuses: bool, taken: int = 0
) -> str | None:
    """The one statement of the rules for entering a class: None, or why not (CLOSED,
    ALREADY_MEMBER, OTHER_COMMUNE, FULL). `closed_refuses` for the join code and the import
    (a trainer adding someone by hand may fill a closed class); `taken` counts places already
    given in the same batch, on top of `klass.member_count`."""
    if closed_refuses and not klass.is_open:
        return CLOSED
    if is_member:
        return ALREADY_MEMBER
    if learner_commune_id != klass.commune_id:
        return OTHER_COMMUNE
    if klass.capacity is not None and klass.member_count + taken >= klass.capacity:
        return FULL
    return None


def _refusal(*, klass: Class, learner, by_code: bool) -> str | None:
    """Why the learner may not enter the class now, or None. Each refusal is logged."""
    refusal = entry_refusal(
        klass=klass,
        learner_commune_id=learner.commune_id,
        is_member=ClassMember.objects.filter(klass=klass, learner=learner).exists(),
        closed_refuses=by_code,
    )
    if refusal and refusal != ALREADY_MEMBER:
        logger.info("class %s refused learner %s: %s", klass.pk, learner.pk, refusal)
    if refusal == CLOSED:
        return _("This class is not accepting new learners any more. Please ask your trainer.")
    if refusal == ALREADY_MEMBER:
        return _("You are already in the class “%(name)s”.") % {"name": klass.name}
    if refusal == OTHER_COMMUNE:
        if by_code:
            return _(
                "This class is for learners of %(commune)s. If you live or work there, "
                "update your commune in your profile first."
            ) % {"commune": klass.commune}
        return _("This learner belongs to another commune.")
    if refusal == FULL:
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


@dataclass(frozen=True)
class Refusal:
    """Why `class_members_add_many` left a learner out: an `entry_refusal` code, or
    ENROLMENT_REFUSED with the enrolment's own message."""

    code: str
    message: str = ""


ENROLMENT_REFUSED = "enrolment_refused"


@transaction.atomic
def class_members_add_many(*, klass: Class, learners, closed_refuses: bool = True):
    """`class_member_add` for many learners at once (the spreadsheet import): the same rules
    (`entry_refusal`, in the file's order until the class is full), the counter kept under the
    same row lock, and the class's courses enrolled through the same services — in two
    statements (`enrolments_create_many`) when no course can refuse anyone, else one learner at
    a time through `enrolment_create`, a refused enrolment undoing that learner's membership.

    Returns {learner pk: Refusal} for the learners left out; the others are members. Each
    learner's `commune_id` must be the saved one. A fixed number of queries for the batch when
    the courses are open to everyone.
    """
    learners = list(learners)
    klass = Class.objects.select_for_update().get(pk=klass.pk)
    members = set(
        ClassMember.objects.filter(
            klass=klass, learner_id__in=[learner.pk for learner in learners]
        ).values_list("learner_id", flat=True)
    )
    refusals: dict[int, Refusal] = {}
    accepted = []
    for learner in learners:
        code = entry_refusal(
            klass=klass,
            learner_commune_id=learner.commune_id,
            is_member=learner.pk in members,
            closed_refuses=closed_refuses,
            taken=len(accepted),
        )
        if code:
            refusals[learner.pk] = Refusal(code)
        else:
            accepted.append(learner)
            members.add(learner.pk)
    if not accepted:
        return refusals
    if refusals:
        logger.info("class %s refused %d imported learners", klass.pk, len(refusals))
    courses = list(klass.courses.order_by("pk"))
    if courses_open_to_everyone(courses=courses):
        ClassMember.objects.bulk_create(
            [ClassMember(klass=klass, learner=learner) for learner in accepted]
        )
        _enrol_many(learners=accepted, courses=courses)
        added = len(accepted)
    else:
        added = 0
        for learner in accepted:
            try:
                with transaction.atomic():
                    ClassMember.objects.create(klass=klass, learner=learner)
                    for course in courses:
                        enrolment_create(learner=learner, course=course)
            except LearningError as error:
                refusals[learner.pk] = Refusal(
                    ENROLMENT_REFUSED,
                    _("Could not enrol in “%(course)s”: %(reason)s")
                    % {"course": course.title, "reason": error},
                )
            else:
                added += 1
    Class.objects.filter(pk=klass.pk).update(member_count=F("member_count") + added)
    return refusals


def _enrol_many(*, learners, courses) -> None:
    """Enrol the learners in the courses (open to everyone) they are not active in: new
    enrolments in one go, a left one re-activated by `enrolment_create`."""
    existing = {
        (learner_id, course_id): left_at is None
        for learner_id, course_id, left_at in Enrolment.objects.filter(
            learner_id__in=[learner.pk for learner in learners], course__in=courses
        ).values_list("learner_id", "course_id", "left_at")
    }
    pairs = []
    for learner in learners:
        for course in courses:
            active = existing.get((learner.pk, course.pk))
            if active is None:
                pairs.append((learner, course))
            elif not active:
                enrolment_create(learner=learner, course=course)
    enrolments_create_many(pairs=pairs)


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
