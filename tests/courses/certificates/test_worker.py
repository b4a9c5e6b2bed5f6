import signal

import pytest
from django_tasks_db.models import DBTaskResult

from courses.certificates.factories import course_complete, course_with_modules
from courses.models import Certificate
from elearn.settings.base import certificate_tasks
from home.factories import UserFactory
from tests.conftest import WORKER_SIGNALS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_queue(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    settings.TASKS = certificate_tasks("database")


def test_with_a_worker_configured_the_pdf_is_made_by_the_worker(
    django_capture_on_commit_callbacks, worker_run
):
    learner = UserFactory(full_name="Lò Thị Bích")
    with django_capture_on_commit_callbacks(execute=True):
        course_complete(learner=learner, course=course_with_modules(title="Dịch vụ công"))

    certificate = Certificate.objects.get()
    assert not certificate.pdf  # issued at once, PDF queued
    queued = DBTaskResult.objects.get()
    assert queued.backend_name == "certificates"
    assert queued.args_kwargs["args"] == [certificate.pk]

    worker_run("certificates")

    certificate.refresh_from_db()
    assert certificate.pdf
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_wagtail_tasks_still_run_in_process():
    from django_tasks import task_backends

    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
    assert type(task_backends["certificates"]).__name__ == "DatabaseBackend"


def test_an_unknown_task_backend_choice_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        certificate_tasks("celery")


def test_the_worker_gives_back_the_signal_handlers_so_the_test_run_can_be_stopped(worker_run):
    def stop_the_run(signum, frame):
        raise KeyboardInterrupt

    before = {number: signal.signal(number, stop_the_run) for number in WORKER_SIGNALS}
    try:
        worker_run("certificates")

        assert {number: signal.getsignal(number) for number in WORKER_SIGNALS} == dict.fromkeys(
            WORKER_SIGNALS, stop_the_run
        )
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
