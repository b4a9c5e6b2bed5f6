"""Read-side queries on classes: the roster, the learners a trainer may add, sessions and
attendance rates.

Each function answers in a fixed number of queries, whatever the size of the class.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from courses.classes.models import Attendance, Class, ClassMember, ClassSession

CANDIDATE_LIMIT = 20
TRAINER_RESULTS = 20


def class_roster(*, klass: Class) -> QuerySet[ClassMember]:
    """The class's members with their accounts, in the order they joined."""
    return ClassMember.objects.filter(klass=klass).select_related("learner")


def class_candidates(*, klass: Class, query: str) -> list:
    """Up to 20 active learners of the class's commune, not yet in it, whose name, e-mail or
    phone contains `query` (at least two characters)."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    return list(
        get_user_model()
        .objects.filter(is_active=True, commune_id=klass.commune_id)
        .exclude(Exists(ClassMember.objects.filter(klass=klass, learner=OuterRef("pk"))))
        .filter(
            Q(full_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        )
        .order_by("full_name", "pk")[:CANDIDATE_LIMIT]
    )


def trainers_search(*, trainers: QuerySet, query: str) -> list:
    """Up to 20 of `trainers` (`access.trainers_assignable`) whose name, e-mail or phone
    contains `query`; the first 20 by name when it is empty."""
    query = (query or "").strip()
    if query:
        trainers = trainers.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        )
    return list(
        trainers.select_related("commune__province").order_by("full_name", "email", "pk")[
            :TRAINER_RESULTS
        ]
    )


@dataclass(frozen=True)
class SessionRow:
    session: ClassSession
    present: int


@dataclass(frozen=True)
class AttendanceSummary:
    sessions: list[SessionRow]
    rate: int | None  # percent of member-sessions attended; None before the first session


def class_attendance(*, klass: Class) -> AttendanceSummary:
    """The class's sessions, newest first, with how many attended, and the overall rate
    (attendances over sessions x current members)."""
    sessions = list(
        ClassSession.objects.filter(klass=klass)
        .annotate(present=Count("attendances"))
        .order_by("-held_on", "-pk")
    )
    rows = [SessionRow(session=s, present=s.present) for s in sessions]
    possible = len(sessions) * klass.member_count
    if not possible:
        return AttendanceSummary(sessions=rows, rate=None)
    attended = sum(r.present for r in rows)
    return AttendanceSummary(sessions=rows, rate=round(100 * attended / possible))


def session_sheet(*, session: ClassSession) -> list[tuple[ClassMember, bool]]:
    """The roster of the session's class with whether each learner was present."""
    present = set(Attendance.objects.filter(session=session).values_list("learner_id", flat=True))
    return [
        (member, member.learner_id in present)
        for member in class_roster(klass=session.klass).order_by("learner__full_name", "pk")
    ]
