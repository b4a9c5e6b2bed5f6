"""Write-side operations on certificates: issue, render, revoke, re-issue.

Issuing is idempotent and safe under concurrency: the database allows one current (valid or
revoked) certificate per learner and course, and a second, concurrent issue for the same
completion gets the first one back. Rendering happens after the issuing transaction commits,
through a task (`tasks.certificate_render_task`), and stores the signed PDF once; a failed
rendering leaves the certificate without a file, and running the task again completes it.
Refusals raise `CertificateError` with a message for the administrator.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.certificates.codes import code_generate
from courses.certificates.eligibility import certificate_eligibility
from courses.certificates.middleware import request_address, request_site_id
from courses.certificates.selectors import certificate_answer_forget
from courses.certificates.text import clean_name, nfc
from courses.models import Certificate, CertificateSettings, CourseCompletion
from home.models import SiteBranding
from home.selectors import portal_for_site

logger = logging.getLogger(__name__)

CODE_ATTEMPTS = 3


class CertificateError(Exception):
    """A refused action on a certificate; `str(error)` says why."""


def _current(*, learner_id, course_id) -> Certificate | None:
    return (
        Certificate.objects.filter(learner_id=learner_id, course_id=course_id)
        .exclude(status=Certificate.Status.REPLACED)
        .first()
    )


def _issuer() -> dict:
    """Who issues a certificate made now: the portal the request came to, with the name and
    logo of its certificate settings (its header logo when those have none), stored on the
    certificate; nothing for the national platform, whose settings are read when rendering."""
    portal = portal_for_site(site_id=request_site_id.get())
    if portal is None:
        return {}
    issuer = CertificateSettings.for_site(portal.site)
    logo = issuer.logo or SiteBranding.for_site(portal.site).logo
    return {
        "issuer_site": portal.site,
        "issuer_name": nfc(issuer.issuing_organisation),
        "issuer_logo": logo,
    }


def _snapshot(*, completion: CourseCompletion) -> dict:
    """What the certificate prints about the learner and its issuer, as they are right now."""
    learner = completion.learner
    commune = learner.commune
    if commune is None and completion.enrolment_id:
        commune = completion.enrolment.commune
    return {
        "learner": learner,
        "course_id": completion.course_id,
        "completion": completion,
        "learner_name": clean_name(learner.full_name),
        "course_title": clean_name(completion.course.title),
        "completed_on": timezone.localdate(completion.completed_at),
        "commune": commune,
        "commune_name": nfc(commune.name) if commune else "",
        "province_name": nfc(commune.province.full_name) if commune else "",
        **_issuer(),
    }


def _create(**fields) -> Certificate:
    """Insert a certificate with a fresh code (a clash of 140-bit codes is retried)."""
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(code=code_generate(), **fields)
        except IntegrityError:
            current = _current(learner_id=fields["learner"].pk, course_id=fields["course_id"])
            if current is not None:
                raise
    raise IntegrityError("Could not find a free verification code")


def certificate_render_enqueue(*, certificate: Certificate) -> None:
    """Ask for the PDF once the surrounding transaction has committed."""
    # Imported here, not at the top: the tasks module imports this one.
    from courses.certificates.tasks import certificate_render_task

    certificate_id = certificate.pk
    # In development, the address the learner reached the site at (see certificates.middleware).
    address = request_address.get()
    args = (certificate_id, address) if address else (certificate_id,)
    transaction.on_commit(lambda: certificate_render_task.enqueue(*args), robust=True)


def certificate_issue(*, completion: CourseCompletion) -> Certificate | None:
    """The certificate for this completion: the current one if it exists, a new one if the
    completion is eligible, otherwise None (the reason is logged by the eligibility check)."""
    completion = CourseCompletion.objects.select_related(
        "learner__commune__province", "course", "enrolment__commune__province"
    ).get(pk=completion.pk)
    current = _current(learner_id=completion.learner_id, course_id=completion.course_id)
    if current is not None:
        return current
    if not certificate_eligibility(completion=completion).eligible:
        return None
    with transaction.atomic():
        try:
            certificate = _create(**_snapshot(completion=completion))
        except IntegrityError:
            # Issued meanwhile by a concurrent request or worker: that one counts.
            return _current(learner_id=completion.learner_id, course_id=completion.course_id)
        logger.info(
            "Issued certificate %s to learner %s for course %s",
            certificate.pk,
            completion.learner_id,
            completion.course_id,
        )
        certificate_render_enqueue(certificate=certificate)
    return certificate


def _signature_reason(certificate: Certificate) -> str:
    return f"{certificate.course_title} · {certificate.learner_name}"


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render, sign and store the certificate's PDF unless it already has one.

    Rendering and signing happen in memory; the file is written whole (see `storage`) and
    recorded in the same step, so a failure at any point leaves no PDF and no half file, and
    calling this again finishes the job. Replaced and revoked certificates are not rendered.
    """
    # WeasyPrint and pyHanko take a second to import: only processes that render pay it.
    from courses.certificates.rendering import certificate_pdf, issuer_settings
    from courses.certificates.signing import pdf_sign

    certificate = Certificate.objects.get(pk=certificate_id)
    if certificate.pdf or certificate.status != Certificate.Status.VALID:
        return certificate
    issuer = issuer_settings(site=certificate.issuer_site)
    signed = pdf_sign(
        pdf=certificate_pdf(certificate=certificate),
        reason=_signature_reason(certificate),
        location=nfc(issuer.place),
        contact=nfc(certificate.issuer_name or issuer.issuing_organisation),
    )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf:
            return locked
        locked.pdf.save(f"{locked.code}.pdf", ContentFile(signed), save=False)
        locked.pdf_sha256 = hashlib.sha256(signed).hexdigest()
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_sha256", "rendered_at"])
    logger.info("Rendered certificate %s (%d bytes)", certificate_id, len(signed))
    return locked


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by) -> Certificate:
    """Revoke a valid certificate: its verification page says so, with the date, from now on."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status != Certificate.Status.VALID:
        raise CertificateError(_("Only a valid certificate can be revoked."))
    locked.status = Certificate.Status.REVOKED
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.changed_by = by
    locked.save(update_fields=["status", "revoked_at", "revocation_reason", "changed_by"])
    transaction.on_commit(lambda: certificate_answer_forget(code=locked.code))
    logger.info("Certificate %s revoked by user %s", locked.pk, getattr(by, "pk", None))
    return locked


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by) -> Certificate:
    """Replace a valid certificate by a new one made from the learner's profile as it is now
    (after a correction of the name, for example). The old code then reports that it was
    replaced; the new certificate has a new code and a new PDF."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status != Certificate.Status.VALID:
        raise CertificateError(_("Only a valid certificate can be re-issued."))
    if locked.learner_id is None or locked.completion_id is None:
        raise CertificateError(_("The learner's account or completion no longer exists."))
    completion = CourseCompletion.objects.select_related(
        "learner__commune__province", "course", "enrolment__commune__province"
    ).get(pk=locked.completion_id)
    if completion.course is None:
        raise CertificateError(_("The course no longer exists."))
    if not completion.learner.full_name.strip():
        raise CertificateError(_("The learner's profile has no full name."))
    now = timezone.now()
    locked.status = Certificate.Status.REPLACED
    locked.replaced_at = now
    locked.changed_by = by
    locked.save(update_fields=["status", "replaced_at", "changed_by"])
    # The replacement keeps the issuer of the certificate it replaces (the portal the learner
    # completed on), wherever the administrator re-issues it from.
    issuer = {
        "issuer_site": locked.issuer_site,
        "issuer_name": locked.issuer_name,
        "issuer_logo": locked.issuer_logo,
    }
    replacement = _create(**{**_snapshot(completion=completion), **issuer})
    locked.replaced_by = replacement
    locked.save(update_fields=["replaced_by"])
    transaction.on_commit(lambda: certificate_answer_forget(code=locked.code))
    logger.info(
        "Certificate %s replaced by %s (user %s)",
        locked.pk,
        replacement.pk,
        getattr(by, "pk", None),
    )
    certificate_render_enqueue(certificate=replacement)
    return replacement


def certificates_catch_up(*, render: bool = True) -> dict[str, int]:
    """Issue certificates missing for eligible completions and re-enqueue missing PDFs.

    For operations: after a worker outage, a failed rendering or a learner adding their
    name to their profile. Returns how many certificates were issued and enqueued.
    """
    issued = 0
    completions = CourseCompletion.objects.filter(course__issues_certificate=True).exclude(
        certificates__status__in=[Certificate.Status.VALID, Certificate.Status.REVOKED]
    )
    for completion in completions.iterator():
        if certificate_issue(completion=completion) is not None:
            issued += 1
    enqueued = 0
    if render:
        for certificate in Certificate.objects.filter(status=Certificate.Status.VALID, pdf=""):
            certificate_render_enqueue(certificate=certificate)
            enqueued += 1
    return {"issued": issued, "enqueued": enqueued}
