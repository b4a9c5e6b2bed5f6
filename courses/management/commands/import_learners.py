"""Enrol learners from a CSV or XLSX file, as the admin's "Enrol from a file" does.

    python manage.py import_learners FILE --course SLUG [--course SLUG] [--class ID] [--dry-run]

Runs with national scope. Prints the counts and the rejected rows; the report CSV is kept
with the job in the private import folder.
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from courses.enrolment_import.services import (
    ImportRefused,
    import_job_confirm,
    import_job_create,
    import_job_run,
    report_rejections,
)
from courses.models import Class, CoursePage, ImportJob


class Command(BaseCommand):
    help = "Enrol learners from a CSV or XLSX file into one or more courses."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--course", action="append", default=[], dest="courses")
        parser.add_argument(
            "--class", type=int, dest="klass", help="id of the class every learner joins"
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, courses, klass, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        found = list(CoursePage.objects.live().filter(slug__in=courses))
        unknown = set(courses) - {course.slug for course in found}
        if unknown:
            raise CommandError(f"No live course with slug: {', '.join(sorted(unknown))}")
        if klass is not None:
            klass = Class.objects.filter(pk=klass).first()
            if klass is None:
                raise CommandError("No class with this id.")
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                job = import_job_create(owner=None, upload=upload, courses=found, klass=klass)
            except ImportRefused as error:
                raise CommandError(str(error)) from error
        job = import_job_run(job=job, dry_run=True)
        if job.status == ImportJob.Status.CHECKED and not dry_run:
            job = import_job_run(job=import_job_confirm(job=job), dry_run=False)
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.error)
        for notice in filter(None, job.notices.splitlines()):
            self.stdout.write(notice)
        for rejection in report_rejections(job=job, limit=1000):
            self.stderr.write(f"row {rejection['row']}: {rejection['reason']}")
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{job.created} created, {job.updated} updated, {job.unchanged} unchanged, "
            f"{job.enrolled} enrolments, {job.joined} added to classes, {job.rejected} rejected "
            f"(job {job.pk}, report {job.report.path if job.report else '-'})"
        )
