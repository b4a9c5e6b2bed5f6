"""Background work for learner imports: the dry run and the import of one job.

Runs on the `imports` task backend (settings.TASKS): in-process in development and tests, a
database queue served by `manage.py db_worker --backend imports` in production. The job's
counts and `processed` are saved after each batch, so the job page shows progress while a large
file is being read. Whatever happens, the job ends done, checked or failed with a message.
"""

import logging

from django.utils import translation
from django_tasks import task

from courses.enrolment_import.services import (
    import_job_fail,
    import_job_run,
    unexpected_error_message,
)
from courses.models import ImportJob

logger = logging.getLogger(__name__)


@task(backend="imports")
def import_job_run_task(job_id: int, dry_run: bool, language: str = "vi") -> str:
    """Check or import one job; returns its final status."""
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(language):
        try:
            return import_job_run(job=job, dry_run=dry_run).status
        except Exception:
            # import_job_run fails the job itself; this is for when even that could not.
            logger.exception("Learner import %s could not be marked as failed", job_id)
            return import_job_fail(job=job, message=unexpected_error_message()).status
