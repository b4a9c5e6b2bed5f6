"""Background work for certificates: rendering and signing the PDF outside the request.

The task runs on the `certificates` task backend (settings.TASKS): a database queue served
by `manage.py db_worker --backend certificates` in production, or in-process right away in
development and tests. It takes the certificate's id and is idempotent: running it again
for a certificate that already has its PDF does nothing, so a failed run can simply be
enqueued again (`manage.py issue_certificates`).
"""

from django_tasks import task

from courses.certificates.middleware import request_address_used
from courses.certificates.services import certificate_render

BACKEND = "certificates"


@task(backend=BACKEND)
def certificate_render_task(certificate_id: int, site_address: str | None = None) -> str:
    """Render, sign and store one certificate; returns the stored file's name.

    `site_address`: the address of the request that asked for it, printed when
    CERTIFICATE_BASE_URL is not set (development)."""
    with request_address_used(site_address):
        return certificate_render(certificate_id=certificate_id).pdf.name
