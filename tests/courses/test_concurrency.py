"""Parallel requests on PostgreSQL: double clicks and two tabs change the state once.

Each thread has its own database connection and the threads are released together by a
barrier, so their transactions overlap. SQLite serialises writers on one file, so these races
cannot happen there and the tests are skipped.
"""

import contextlib
import threading

import pytest
from django.db import connection

from courses import services
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import CourseCompletion, Enrolment, ModuleProgress
from courses.signals import course_completed
from home.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL: SQLite serialises writers, so there is no race "
        "to test (set DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

THREADS = 6


def in_parallel(*calls):
    """Run the calls in threads released at the same moment; return results and errors."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


@pytest.fixture
def setting():
    catalog = CourseIndexPageFactory()
    course = CoursePageFactory(parent=catalog)
    modules = ModulePageFactory.create_batch(3, parent=course)
    return course, modules, UserFactory()


@pytest.fixture
def announced():
    received = []
    lock = threading.Lock()

    def receiver(sender, completion, **kwargs):
        with lock:
            received.append(completion.pk)

    course_completed.connect(receiver, dispatch_uid="tests.courses.concurrency")
    yield received
    course_completed.disconnect(dispatch_uid="tests.courses.concurrency")


def test_parallel_enrolments_create_one_row(setting):
    course, _modules, learner = setting

    results, errors = in_parallel(
        *[lambda: services.enrolment_create(learner=learner, course=course)] * THREADS
    )

    assert errors == []
    assert Enrolment.objects.filter(learner=learner, course=course).count() == 1
    assert {enrolment.pk for enrolment in results} == {Enrolment.objects.get().pk}


def test_parallel_mark_as_done_creates_one_progress_row(setting):
    course, modules, learner = setting
    services.enrolment_create(learner=learner, course=course)

    results, errors = in_parallel(
        *[lambda: services.module_mark_done(learner=learner, course=course, module=modules[0])]
        * THREADS
    )

    assert errors == []
    progress = ModuleProgress.objects.get(learner=learner, module=modules[0])
    assert progress.completed_at is not None
    assert {result.completed_at for result in results} == {progress.completed_at}


def test_parallel_mark_as_done_of_the_last_module_completes_the_course_once(setting, announced):
    course, modules, learner = setting
    services.enrolment_create(learner=learner, course=course)
    for module in modules[:-1]:
        services.module_mark_done(learner=learner, course=course, module=module)

    _results, errors = in_parallel(
        *[lambda: services.module_mark_done(learner=learner, course=course, module=modules[-1])]
        * THREADS
    )

    assert errors == []
    completion = CourseCompletion.objects.get(learner=learner, course=course)
    assert announced == [completion.pk]


def test_finishing_the_last_two_modules_in_two_tabs_completes_the_course(
    setting, announced, monkeypatch
):
    """Each tab marks its module, then checks completion. The test holds each check until the
    other tab has reached its own (or a second has passed): unless the two are serialised, each
    check misses the other tab's uncommitted module and the course is never completed."""
    course, modules, learner = setting
    services.enrolment_create(learner=learner, course=course)
    services.module_mark_done(learner=learner, course=course, module=modules[0])
    both_written = threading.Barrier(2)
    read_completed = services.learner_completed_module_ids

    def read_after_the_other_tab(**kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_written.wait(timeout=1)
        return read_completed(**kwargs)

    monkeypatch.setattr(services, "learner_completed_module_ids", read_after_the_other_tab)

    _results, errors = in_parallel(
        lambda: services.module_mark_done(learner=learner, course=course, module=modules[1]),
        lambda: services.module_mark_done(learner=learner, course=course, module=modules[2]),
    )

    assert errors == []
    assert CourseCompletion.objects.filter(learner=learner, course=course).count() == 1
    assert len(announced) == 1


def test_parallel_enrolments_of_different_learners_each_count(setting):
    course, _modules, _learner = setting
    learners = UserFactory.create_batch(THREADS)

    _results, errors = in_parallel(
        *[
            (lambda learner=learner: services.enrolment_create(learner=learner, course=course))
            for learner in learners
        ]
    )

    assert errors == []
    assert Enrolment.objects.filter(course=course).count() == THREADS
