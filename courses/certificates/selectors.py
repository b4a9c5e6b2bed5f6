"""Read-side queries of certificates: public verification, the dashboard and downloads.

The public answer (`certificate_public_answer`) is deliberately small: status, the learner's
name, the course, the completion date, the province and the issuer, plus the date of a revocation or
replacement. Nothing else about the learner leaves the database through it. It is kept in
the shared cache per code (`certificate_answer_for_code`) for CERTIFICATE_CHECK_CACHE_SECONDS:
a certificate is a snapshot that changes only when it is revoked or replaced, and those services
forget the kept answer when they commit. Unknown codes are never kept. Visitors who are not
signed in get the whole check page from the anonymous page cache (`home.middleware`).
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from courses.certificates.codes import code_display, code_normalise
from courses.models import Certificate, CertificateSettings, CourseCompletion
from home.caching import content_changed


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this code as typed or scanned; None for unknown or malformed."""
    canonical = code_normalise(code)
    if canonical is None:
        return None
    return Certificate.objects.select_related("replaced_by").filter(code=canonical).first()


@dataclass(frozen=True)
class PublicAnswer:
    code: str
    status: str
    learner_name: str
    course_title: str
    completed_on: date
    province: str
    issuer: str
    revoked_on: date | None
    replaced_on: date | None
    replaced_by: str | None

    @property
    def is_valid(self) -> bool:
        return self.status == Certificate.Status.VALID

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("completed_on", "revoked_on", "replaced_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _national_issuer_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return CertificateSettings.for_site(site).issuing_organisation if site else ""


def certificate_public_answer(*, certificate: Certificate) -> PublicAnswer:
    replacement = certificate.replaced_by
    return PublicAnswer(
        code=certificate.display_code,
        status=certificate.status,
        learner_name=certificate.learner_name,
        course_title=certificate.course_title,
        completed_on=certificate.completed_on,
        province=certificate.province_name,
        issuer=certificate.issuer_name or _national_issuer_name(),
        revoked_on=timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
        replaced_on=(
            timezone.localdate(certificate.replaced_at) if certificate.replaced_at else None
        ),
        replaced_by=code_display(replacement.code) if replacement else None,
    )


def _answer_key(canonical: str) -> str:
    return f"elearn:certificate-answer:{canonical}"


def certificate_answer_for_code(*, code: str) -> PublicAnswer | None:
    """The public answer for a code as typed or scanned, from the shared cache when it was
    looked up recently; None for unknown or malformed codes."""
    canonical = code_normalise(code)
    if canonical is None:
        return None
    key = _answer_key(canonical)
    answer = cache.get(key)
    if answer is None:
        certificate = certificate_by_code(code=canonical)
        if certificate is None:
            return None
        answer = certificate_public_answer(certificate=certificate)
        cache.set(key, answer, settings.CERTIFICATE_CHECK_CACHE_SECONDS)
    return answer


def certificate_answer_forget(*, code: str) -> None:
    """Drop the kept public answer of a certificate whose status has just changed, and the
    check pages cached for anonymous visitors (`home.middleware`), which showed it."""
    cache.delete(_answer_key(code))
    content_changed()


def learner_certificates(*, learner) -> list[Certificate]:
    """The learner's current certificates (valid or revoked), newest first."""
    if not learner.is_authenticated:
        return []
    return list(
        Certificate.objects.filter(learner=learner)
        .exclude(status=Certificate.Status.REPLACED)
        .order_by("-issued_at")
    )


def user_may_download(*, user, certificate: Certificate) -> bool:
    """The owner may download their valid certificate; administrators allowed to view
    certificates may download any, revoked and replaced ones included."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("courses.view_certificate"):
        return True
    return certificate.learner_id == user.pk and certificate.is_valid


def certificate_for_download(*, user, code: str) -> Certificate | None:
    """The certificate if the user may download it; None otherwise (shown as not found)."""
    certificate = certificate_by_code(code=code)
    if certificate is None or not user_may_download(user=user, certificate=certificate):
        return None
    return certificate


@dataclass(frozen=True)
class CompletionNotice:
    """What a learner who has completed a course is told: the course, and their certificate
    (to download, or still being prepared, or none when the course issues none)."""

    course_title: str
    course_url: str
    issues_certificate: bool
    certificate: Certificate | None

    @property
    def certificate_ready(self) -> bool:
        return (
            self.certificate is not None and self.certificate.is_valid and self.certificate.has_pdf
        )

    @property
    def certificate_pending(self) -> bool:
        return self.issues_certificate and (
            self.certificate is None or (self.certificate.is_valid and not self.certificate.has_pdf)
        )


def completion_notice(*, learner, course, completed: bool = False) -> CompletionNotice | None:
    """The notice for a learner who has completed `course` (a course page); None otherwise.
    `completed=True` when the caller has already read the learner's completion."""
    if not learner.is_authenticated:
        return None
    completions = CourseCompletion.objects.filter(learner=learner, course_id=course.pk)
    if not completed and not completions.exists():
        return None
    certificate = (
        Certificate.objects.filter(learner=learner, course_id=course.pk)
        .exclude(status=Certificate.Status.REPLACED)
        .order_by("-issued_at")
        .first()
    )
    return CompletionNotice(
        course_title=course.title,
        course_url=course.portable_url,
        issues_certificate=course.issues_certificate,
        certificate=certificate,
    )
