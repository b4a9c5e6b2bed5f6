"""Who gets a certificate for a completion: one public entry point, small predicates.

`certificate_eligibility(completion=...)` runs the predicates in order and stops at the first
that refuses; each refusal is logged with its reason, so "why has this learner no
certificate?" is answered by the logs. Having a certificate already is not a refusal here:
`services.certificate_issue` returns the existing one.
"""

import logging
from dataclasses import dataclass

from courses.models import Certificate, CourseCompletion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str


def _course_issues_certificate(completion: CourseCompletion) -> str | None:
    if completion.course is None or not completion.course.issues_certificate:
        return "the course does not issue certificates"
    return None


def _learner_is_active(completion: CourseCompletion) -> str | None:
    if not completion.learner.is_active:
        return "the learner's account is inactive"
    return None


def _learner_has_full_name(completion: CourseCompletion) -> str | None:
    if not completion.learner.full_name.strip():
        return "the learner's profile has no full name to print"
    return None


def _not_revoked(completion: CourseCompletion) -> str | None:
    revoked = Certificate.objects.filter(
        learner_id=completion.learner_id,
        course_id=completion.course_id,
        status=Certificate.Status.REVOKED,
    )
    if revoked.exists():
        return "the learner's certificate for this course was revoked"
    return None


PREDICATES = (
    _course_issues_certificate,
    _learner_is_active,
    _learner_has_full_name,
    _not_revoked,
)


def certificate_eligibility(*, completion: CourseCompletion) -> Eligibility:
    """Whether the completion earns a certificate, and if not, why (also logged)."""
    for predicate in PREDICATES:
        refusal = predicate(completion)
        if refusal:
            logger.info(
                "No certificate for learner %s, course %s: %s",
                completion.learner_id,
                completion.course_id,
                refusal,
            )
            return Eligibility(eligible=False, reason=refusal)
    return Eligibility(eligible=True, reason="eligible")
