"""Parallel requests on PostgreSQL: double clicks and two tabs change the state once.

Each thread has its own database connection and the threads are released together by a
barrier, so their transactions overlap. SQLite serialises writers on one file, so these races
cannot happen there and the tests are skipped.
"""

import contextlib
import json
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
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
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 6


@pytest.fixture(scope="module", autouse=True)
def _restorable_database(django_db_setup, django_db_blocker):
    """Make the migration snapshot restorable before this module's first test.

    A transactional test without `serialized_rollback` that ran earlier flushed the database
    and let `post_migrate` create content types again under new ids, on which restoring the
    snapshot (home page, groups, workflow) fails. So: empty the tables without `post_migrate`,
    put the snapshot's content types back first (pages and tasks look theirs up while being
    restored) and forget the cached ones.
    """
    with django_db_blocker.unblock():
        call_command(
            "flush",
            database="default",
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,  # the snapshot's ids must stay below the sequences
            verbosity=0,
        )
        snapshot = json.loads(getattr(connection, "_test_serialized_contents", "") or "[]")
        content_types = [row for row in snapshot if row["model"] == "contenttypes.contenttype"]
        for item in serializers.deserialize("python", content_types):
            item.save()
        ContentType.objects.clear_cache()


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
