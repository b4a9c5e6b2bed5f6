"""With a database queue for imports, a web request only queues the work; `db_worker` does it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
def test_a_queued_dry_run_waits_for_the_import_worker(course, thuc_phan, worker_run):
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

    worker_run("imports")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert job.processed == 1
    assert job.created == 1  # would be created on confirmation
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_unknown_import_backend_choice_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="IMPORT_TASK_BACKEND"):
        certificate_tasks("immediate", imports="celery")
