"""Certificates as the reports count them: a certificate counts when it hangs off the
enrolment's completion and is valid; replaced and revoked certificates do not count."""

from django.db.models import Exists, F, OuterRef

from courses.certificates.codes import code_display
from courses.models import Certificate
from courses.reports.lookups import AnyOf


def certificate_exists_for_enrolment(*, model=Certificate) -> Exists:
    """True for an Enrolment row whose completion has a valid certificate.

    A certificate is issued from the completion of one learner and course, and both are unique
    per learner and course like the enrolment, so it is looked up by learner and course: one
    index lookup on the certificates, without going through the completions. `model` is the
    Certificate model to read (a migration passes its historical one)."""
    return Exists(
        model.objects.filter(
            status=Certificate.Status.VALID,
            learner_id=OuterRef("learner_id"),
            course_id=OuterRef("course_id"),
            completion__isnull=False,
        )
    )


def certificate_codes_for_enrolments(enrolment_ids) -> dict[int, str]:
    """The valid certificate's code, as printed, per enrolment id (the newest if several)."""
    if not enrolment_ids:
        return {}
    rows = (
        Certificate.objects.filter(
            AnyOf(F("completion__enrolment_id"), enrolment_ids), status=Certificate.Status.VALID
        )
        .order_by("pk")
        .values_list("completion__enrolment_id", "code")
    )
    return {enrolment_id: code_display(code) for enrolment_id, code in rows}
