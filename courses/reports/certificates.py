"""Where the certificates are, when `courses.models.Certificate` exists.

The reports do not depend on the certificates feature: without the model the certificate
columns stay empty and the counts are not shown. With it, a certificate counts when it hangs off
the enrolment's completion and is current (status "valid" when the model has a status, else
not revoked); replaced and revoked certificates do not count.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db.models import Exists, OuterRef, Q

CODE_FIELDS = ("code", "serial", "number")


@dataclass(frozen=True)
class CertificateLookup:
    model: type
    completion_field: str
    code_field: str | None
    valid: Q
    display: Callable[[str], str] = str

    def exists_for_enrolment(self) -> Exists:
        """True for an Enrolment row whose completion has a current certificate.

        Correlated on the completion the query has already joined, so the subquery is one index
        lookup on the certificate table rather than a second join through the completions."""
        return Exists(
            self.model.objects.filter(
                self.valid, **{f"{self.completion_field}_id": OuterRef("completion__id")}
            )
        )

    def codes_for_completions(self, completion_ids) -> dict[int, str]:
        """Current certificate code per completion id (the newest if several)."""
        if not self.code_field or not completion_ids:
            return {}
        rows = (
            self.model.objects.filter(
                self.valid, **{f"{self.completion_field}_id__in": completion_ids}
            )
            .order_by("pk")
            .values_list(f"{self.completion_field}_id", self.code_field)
        )
        return {completion_id: self.display(code) for completion_id, code in rows}


@cache
def certificate_lookup() -> CertificateLookup | None:
    try:
        from courses.models import Certificate
    except ImportError:
        return None
    from courses.models import CourseCompletion

    completion_field = next(
        (
            field.name
            for field in Certificate._meta.get_fields()
            if field.concrete
            and field.is_relation
            and (field.many_to_one or field.one_to_one)
            and field.related_model is CourseCompletion
        ),
        None,
    )
    if completion_field is None:
        return None
    names = {field.name for field in Certificate._meta.get_fields()}
    if "status" in names:
        valid = Q(status="valid")
    elif "revoked_at" in names:
        valid = Q(revoked_at__isnull=True)
    else:
        valid = Q()
    code_field = next((name for name in CODE_FIELDS if name in names), None)
    try:
        from courses.certificates.codes import code_display as display
    except ImportError:
        display = str
    return CertificateLookup(Certificate, completion_field, code_field, valid, display)
