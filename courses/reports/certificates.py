"""Certificates as the reports count them: a certificate counts when it hangs off the
enrolment's completion and is valid; replaced and revoked certificates do not count."""

from django.db.models import Exists, OuterRef

from courses.certificates.codes import code_display
from courses.models import Certificate


def certificate_exists_for_enrolment() -> Exists:
    """True for an Enrolment row whose completion has a valid certificate.

    Correlated on the completion the query has already joined, so the subquery is one index
    lookup on the certificate table rather than a second join through the completions."""
    return Exists(
        Certificate.objects.filter(
            status=Certificate.Status.VALID, completion_id=OuterRef("completion__id")
        )
    )


def certificate_codes_for_completions(completion_ids) -> dict[int, str]:
    """The valid certificate's code, as printed, per completion id (the newest if several)."""
    if not completion_ids:
        return {}
    rows = (
        Certificate.objects.filter(
            status=Certificate.Status.VALID, completion_id__in=completion_ids
        )
        .order_by("pk")
        .values_list("completion_id", "code")
    )
    return {completion_id: code_display(code) for completion_id, code in rows}
