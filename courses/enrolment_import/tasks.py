"""Background work for learner imports: the dry run and the import of one job.

Runs on the `imports` task backend (settings.TASKS): in-process in development and tests, a
database queue served by `manage.py db_worker --backend imports` in production. The job's
counts and `processed` are saved after each batch, so the job page shows progress while a large
file is being read.
"""

from django.utils import translation
from django_tasks import task

from courses.enrolment_import.services import import_job_run
from courses.models import ImportJob


@task(backend="imports")
def import_job_run_task(job_id: int, dry_run: bool, language: str = "vi") -> str:
    """Check or import one job; returns its final status."""
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(language):
        return import_job_run(job=job, dry_run=dry_run).status
