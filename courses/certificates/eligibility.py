"""Who gets a certificate for a completion: one public entry point, small pure predicates.

`certificate_eligibility(completion=...)` reads the facts the rule looks at
(`CertificateFacts`) and asks `eligibility_decide`, which runs the predicates in order and
stops at the first that refuses. The decision is pure, so it is tested without the database;
each refusal is logged with its reason, so "why has this learner no certificate?" is answered
by the logs. Having a certificate already is not a refusal here: `services.certificate_issue`
returns the existing one.
"""

import logging
from dataclasses import dataclass, replace

from courses.models import Certificate, CourseCompletion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str


@dataclass(frozen=True)
class CertificateFacts:
    """What the rule looks at for one completion."""

    course_issues_certificate: bool
    learner_active: bool
    learner_full_name: str
    revoked: bool = False


def _course_issues_certificate(facts: CertificateFacts) -> str | None:
    if not facts.course_issues_certificate:
        return "the course does not issue certificates"
    return None


def _learner_is_active(facts: CertificateFacts) -> str | None:
    if not facts.learner_active:
        return "the learner's account is inactive"
    return None


def _learner_has_full_name(facts: CertificateFacts) -> str | None:
    if not facts.learner_full_name.strip():
        return "the learner's profile has no full name to print"
    return None


def _not_revoked(facts: CertificateFacts) -> str | None:
    if facts.revoked:
        return "the learner's certificate for this course was revoked"
    return None


PREDICATES = (
    _course_issues_certificate,
    _learner_is_active,
    _learner_has_full_name,
    _not_revoked,
)


def eligibility_decide(facts: CertificateFacts) -> Eligibility:
    """The rule: the first predicate's refusal, or eligible when none refuses."""
    for predicate in PREDICATES:
        refusal = predicate(facts)
        if refusal:
            return Eligibility(eligible=False, reason=refusal)
    return Eligibility(eligible=True, reason="eligible")


def _revoked(completion: CourseCompletion) -> bool:
    return Certificate.objects.filter(
        learner_id=completion.learner_id,
        course_id=completion.course_id,
        status=Certificate.Status.REVOKED,
    ).exists()


def certificate_eligibility(*, completion: CourseCompletion) -> Eligibility:
    """Whether the completion earns a certificate, and if not, why (also logged).

    The revocation lookup is the only query, made only when nothing else refuses."""
    facts = CertificateFacts(
        course_issues_certificate=(
            completion.course is not None and completion.course.issues_certificate
        ),
        learner_active=completion.learner.is_active,
        learner_full_name=completion.learner.full_name,
    )
    decision = eligibility_decide(facts)
    if decision.eligible:
        decision = eligibility_decide(replace(facts, revoked=_revoked(completion)))
    if not decision.eligible:
        logger.info(
            "No certificate for learner %s, course %s: %s",
            completion.learner_id,
            completion.course_id,
            decision.reason,
        )
    return decision
