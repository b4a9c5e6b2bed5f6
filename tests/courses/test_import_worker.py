"""With a database queue for imports, a web request only queues the work; `db_worker` does it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from courses.enrolment_import.services import import_job_create
from courses.enrolment_import.tasks import import_job_run_task
from courses.models import ImportJob
from elearn.settings.base import certificate_tasks
from home.factories import UserFactory

HEADER = "Họ và tên,Email,Số điện thoại,Tỉnh/Thành phố,Xã/Phường,Nhóm,Đơn vị công tác\n"


@pytest.fixture(autouse=True)
def _database_queue_for_imports(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"
    settings.TASKS = certificate_tasks("immediate", imports="database")


@pytest.mark.django_db
def test_a_queued_dry_run_waits_for_the_import_worker(course, thuc_phan):
    owner = UserFactory(email="admin@example.vn", superuser=True, commune=None)
    upload = SimpleUploadedFile(
        "hoc-vien.csv",
        (HEADER + "Lò Thị Bích,bich@example.vn,,Cao Bằng,Phường Thục Phán,Cán bộ,UBND\n").encode(),
    )
    job = import_job_create(owner=owner, upload=upload, courses=[course])

    import_job_run_task.enqueue(job.pk, True, "vi")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING  # queued, nothing read yet
    assert job.processed == 0
    assert DBTaskResult.objects.get().backend_name == "imports"

    call_command("db_worker", "--backend", "imports", "--batch", "--no-startup-delay")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert job.processed == 1
    assert job.created == 1  # would be created on confirmation
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_unknown_import_backend_choice_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="IMPORT_TASK_BACKEND"):
        certificate_tasks("immediate", imports="celery")


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker calls close_old_connections() between tasks; on PostgreSQL that closes the
    connection holding the test's transaction (a test outside one would flush the page tree
    that later tests need)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
