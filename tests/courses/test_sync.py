"""Offline progress: an action a device queued is performed once, however often it is sent.

`action_once` is tested with a counting action; the "mark as done" endpoint with the header a
device's queue sends (`X-Action-Id`). The quiz and H5P endpoints are tested in
tests/quizzes/test_offline_replay.py and tests/quizzes/h5p/test_offline_replay.py.
"""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.factories import ModulePageFactory
from courses.models import ActionReceipt, ModuleProgress
from courses.sync.factories import ActionReceiptFactory
from courses.sync.services import (
    ActionIdError,
    ActionRecord,
    action_id_parse,
    action_once,
    action_receipts_prune,
)
from home.factories import UserFactory
from tests.courses.test_concurrency import in_parallel

pytestmark = pytest.mark.django_db

KIND = ActionReceipt.Kind.MODULE_DONE


class Counter:
    """An action that counts its runs and answers 201 with the run's number."""

    def __init__(self):
        self.runs = 0

    def __call__(self) -> ActionRecord:
        self.runs += 1
        return ActionRecord(status=201, summary={"json": {"run": self.runs}})


# --- action_once -----------------------------------------------------------------------------


def test_an_action_runs_the_first_time_and_is_recorded(learner):
    action, action_id = Counter(), uuid.uuid4()

    outcome = action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)

    assert action.runs == 1
    assert (outcome.status, outcome.summary, outcome.replayed) == (201, {"json": {"run": 1}}, False)
    receipt = ActionReceipt.objects.get()
    assert (receipt.learner, receipt.action_id, receipt.kind) == (learner, action_id, KIND)
    assert (receipt.status, receipt.summary) == (201, {"json": {"run": 1}})


def test_a_replayed_action_does_not_run_and_returns_the_first_outcome(learner):
    action, action_id = Counter(), uuid.uuid4()
    action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)

    again = action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)
    thrice = action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)

    assert action.runs == 1
    assert (again.status, again.summary, again.replayed) == (201, {"json": {"run": 1}}, True)
    assert thrice == again
    assert ActionReceipt.objects.count() == 1


def test_another_learners_action_with_the_same_id_is_independent(learner, other_learner):
    action, action_id = Counter(), uuid.uuid4()
    action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)

    theirs = action_once(learner=other_learner, action_id=action_id, kind=KIND, perform=action)

    assert action.runs == 2
    assert theirs.replayed is False
    assert theirs.summary == {"json": {"run": 2}}
    assert ActionReceipt.objects.filter(action_id=action_id).count() == 2


def test_an_action_that_fails_leaves_no_receipt_and_may_be_sent_again(learner):
    action_id = uuid.uuid4()

    def failing():
        ModuleProgress.objects.create(learner=learner, module=ModulePageFactory())
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        action_once(learner=learner, action_id=action_id, kind=KIND, perform=failing)

    assert not ActionReceipt.objects.exists()
    assert not ModuleProgress.objects.exists()
    action = Counter()
    assert action_once(learner=learner, action_id=action_id, kind=KIND, perform=action).status
    assert action.runs == 1


def test_an_id_sent_again_for_another_kind_of_action_is_refused(learner):
    action, action_id = Counter(), uuid.uuid4()
    action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)

    with pytest.raises(ActionIdError) as refused:
        action_once(
            learner=learner,
            action_id=action_id,
            kind=ActionReceipt.Kind.QUIZ_SUBMIT,
            perform=action,
        )

    assert refused.value.status == 409
    assert action.runs == 1


def test_a_receipt_made_elsewhere_is_replayed_without_running_the_action(learner):
    receipt = ActionReceiptFactory(learner=learner, summary={"location": "/khoa-hoc/an-toan/"})
    action = Counter()

    outcome = action_once(
        learner=learner, action_id=receipt.action_id, kind=receipt.kind, perform=action
    )

    assert action.runs == 0
    assert (outcome.status, outcome.summary) == (302, {"location": "/khoa-hoc/an-toan/"})
    assert outcome.replayed


@pytest.mark.parametrize("value", ["", "123", "not-a-uuid", "g" * 32])
def test_an_action_id_must_be_a_uuid(value):
    with pytest.raises(ActionIdError):
        action_id_parse(value)


def test_an_action_id_is_read_with_or_without_dashes():
    action_id = uuid.uuid4()
    assert action_id_parse(f" {action_id} ") == action_id
    assert action_id_parse(action_id.hex) == action_id


def test_the_database_refuses_a_second_receipt_for_the_same_learner_and_id(learner):
    action_id = ActionReceiptFactory(learner=learner).action_id

    with pytest.raises(IntegrityError):
        ActionReceipt.objects.create(
            learner=learner, action_id=action_id, kind=ActionReceipt.Kind.QUIZ_SAVE
        )


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency needs PostgreSQL: SQLite serialises writers (set DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_copies_sent_at_the_same_moment_run_the_action_once():
    learner, action_id = UserFactory(), uuid.uuid4()
    action = Counter()

    def send():
        return action_once(learner=learner, action_id=action_id, kind=KIND, perform=action)

    results, errors = in_parallel(*[send] * 6)

    assert errors == []
    assert action.runs == 1
    assert sorted(outcome.replayed for outcome in results) == [False] + [True] * 5
    assert {outcome.status for outcome in results} == {201}
    assert ActionReceipt.objects.count() == 1


# --- the "mark as done" endpoint ---------------------------------------------------------------


def done_url(course, module):
    return reverse("module_done", args=[course.pk, module.pk])


def send(client, url, action_id, **headers):
    return client.post(url, {}, headers={"X-Action-Id": str(action_id), **headers})


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def enrolled(learner, course, modules):
    return services.enrolment_create(learner=learner, course=course)


def test_marking_done_twice_with_one_action_id_completes_once(
    learner_client, learner, course, modules, enrolled
):
    action_id = uuid.uuid4()

    first = send(learner_client, done_url(course, modules[0]), action_id)
    completed_at = ModuleProgress.objects.get(learner=learner, module=modules[0]).completed_at
    second = send(learner_client, done_url(course, modules[0]), action_id)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert second["X-Action-Replayed"] == "true"
    assert not first.has_header("X-Action-Replayed")
    assert len(list(get_messages(second.wsgi_request))) == 1  # the first answer's message only
    assert ModuleProgress.objects.get(learner=learner, module=modules[0]).completed_at == (
        completed_at
    )
    receipt = ActionReceipt.objects.get()
    assert (receipt.kind, receipt.status) == (KIND, 302)


def test_each_queued_action_is_performed_once(learner_client, learner, course, modules, enrolled):
    ids = [uuid.uuid4() for _module in modules]
    for _round in range(2):
        for module, action_id in zip(modules, ids, strict=True):
            send(learner_client, done_url(course, module), action_id)

    assert ActionReceipt.objects.filter(learner=learner).count() == 3
    assert ModuleProgress.objects.filter(learner=learner, completed_at__isnull=False).count() == 3
    assert enrolled.learner.course_completions.count() == 1


def test_a_refusal_is_recorded_and_given_again(learner_client, learner, course, modules):
    action_id = uuid.uuid4()  # not enrolled: the server refuses

    first = send(learner_client, done_url(course, modules[0]), action_id)
    services.enrolment_create(learner=learner, course=course)
    second = send(learner_client, done_url(course, modules[0]), action_id)

    assert first["Location"] == second["Location"] == course.url
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def test_marking_done_without_an_action_id_works_as_before(
    learner_client, learner, course, modules, enrolled
):
    response = learner_client.post(done_url(course, modules[0]))

    assert response.status_code == 302
    assert ModuleProgress.objects.get(learner=learner, module=modules[0]).completed_at
    assert not ActionReceipt.objects.exists()


def test_a_queued_action_of_a_signed_out_device_is_kept_for_later(client, course, modules):
    response = send(client, done_url(course, modules[0]), uuid.uuid4())

    assert response.status_code == 401
    assert not ActionReceipt.objects.exists()


def test_an_action_queued_by_another_learner_is_not_performed_for_this_one(
    learner_client, other_learner, course, modules, enrolled
):
    response = send(
        learner_client,
        done_url(course, modules[0]),
        uuid.uuid4(),
        **{"X-Action-Learner": str(other_learner.pk)},
    )

    assert response.status_code == 401
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()
    assert not ActionReceipt.objects.exists()


def test_an_action_queued_by_the_signed_in_learner_is_performed(
    learner_client, learner, course, modules, enrolled
):
    response = send(
        learner_client,
        done_url(course, modules[0]),
        uuid.uuid4(),
        **{"X-Action-Learner": str(learner.pk)},
    )

    assert response.status_code == 302
    assert ModuleProgress.objects.get(module=modules[0]).completed_at


def test_a_broken_action_id_is_refused_without_performing(
    learner_client, course, modules, enrolled
):
    response = send(learner_client, done_url(course, modules[0]), "12345")

    assert response.status_code == 400
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


# --- what the pages give the device's queue ---------------------------------------------------


def test_a_learners_page_carries_the_queue_its_banner_and_the_offline_form(
    learner_client, learner, course, modules, enrolled
):
    html = learner_client.get(modules[0].url).content.decode()

    assert "elearn/js/offline-queue.js" in html
    assert f'data-offline-queue data-learner="{learner.pk}"' in html
    assert 'data-waiting-text="Đang chờ gửi: %(count)s"' in html
    assert 'data-offline-action="module_done" data-offline-replace' in html


def test_an_anonymous_visitor_gets_no_queue(client, course, modules):
    response = client.get(course.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "offline-queue.js" not in html
    assert "data-offline-queue" not in html


# --- pruning old receipts --------------------------------------------------------------------


def received_days_ago(receipt, days):
    ActionReceipt.objects.filter(pk=receipt.pk).update(
        created=timezone.now() - timedelta(days=days)
    )


def test_receipts_older_than_the_setting_are_deleted_and_newer_ones_kept(
    learner, other_learner, settings
):
    settings.ACTION_RECEIPT_DAYS = 90
    old = [ActionReceiptFactory(learner=who) for who in (learner, other_learner, learner)]
    for receipt in old:
        received_days_ago(receipt, 91)
    recent = ActionReceiptFactory(learner=learner)
    received_days_ago(recent, 89)
    today = ActionReceiptFactory(learner=other_learner)
    out = StringIO()

    call_command("prune_action_receipts", stdout=out)

    assert set(ActionReceipt.objects.values_list("pk", flat=True)) == {recent.pk, today.pk}
    assert "3" in out.getvalue()


def test_pruning_deletes_in_batches_until_none_is_left(learner):
    receipts = ActionReceiptFactory.create_batch(7, learner=learner)
    for receipt in receipts:
        received_days_ago(receipt, 10)

    deleted = action_receipts_prune(before=timezone.now() - timedelta(days=5), batch=3)

    assert deleted == 7
    assert not ActionReceipt.objects.exists()


def test_pruning_asks_for_at_least_one_day():
    with pytest.raises(CommandError):
        call_command("prune_action_receipts", days=0)


def test_an_action_sent_again_after_its_receipt_was_pruned_stays_done_once(
    learner_client, learner, course, modules, enrolled
):
    """The rare copy that comes after its receipt is gone: the module is marked done again,
    which changes nothing the learner or the statistics see."""
    action = str(uuid.uuid4())
    url = reverse("module_done", args=[course.pk, modules[0].pk])
    learner_client.post(url, HTTP_X_ACTION_ID=action)
    first = ModuleProgress.objects.get(learner=learner, module=modules[0])
    received_days_ago(ActionReceipt.objects.get(learner=learner), 100)
    call_command("prune_action_receipts", stdout=StringIO())

    response = learner_client.post(url, HTTP_X_ACTION_ID=action)

    assert response.status_code == 302
    again = ModuleProgress.objects.get(learner=learner, module=modules[0])
    assert again.completed_at == first.completed_at
    assert ActionReceipt.objects.filter(learner=learner).count() == 1
