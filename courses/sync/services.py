"""Performing an action sent by a learner's device once, however often it is sent.

`action_once` inserts the learner's receipt for the action id and performs the action in one
transaction. The database's unique constraint on (learner, action id) decides between two
copies arriving together: the second insert waits for the first transaction and then fails,
and the copy answers with the recorded outcome instead of performing the action again. An
action that raises leaves no receipt, so the device may send it again.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.sync.models import ActionReceipt


class ActionIdError(Exception):
    """The action id cannot be used; `str(error)` is the message, `status` the HTTP status."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ActionRecord:
    """What an action answered: an HTTP status and what is needed to answer it again."""

    status: int
    summary: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ActionOutcome:
    status: int
    summary: dict
    replayed: bool


def action_id_parse(value: str) -> uuid.UUID:
    """The UUID a device sent in `X-Action-Id`; `ActionIdError` when it is not one."""
    try:
        return uuid.UUID(value.strip())
    except (AttributeError, ValueError):
        raise ActionIdError(_("This action cannot be recorded: its id is not valid.")) from None


def action_once(
    *, learner, action_id: uuid.UUID, kind: str, perform: Callable[[], ActionRecord]
) -> ActionOutcome:
    """Run `perform` unless the learner's device already sent action `action_id`.

    Returns the outcome of the first run, with `replayed` set when this call performed
    nothing. The same id sent for another kind of action is refused (`ActionIdError`, 409).
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                receipt = ActionReceipt.objects.create(
                    learner=learner, action_id=action_id, kind=kind
                )
        except IntegrityError:
            return _recorded(learner=learner, action_id=action_id, kind=kind)
        record = perform()
        receipt.status = record.status
        receipt.summary = record.summary
        receipt.save(update_fields=["status", "summary"])
    return ActionOutcome(status=record.status, summary=record.summary, replayed=False)


def _recorded(*, learner, action_id: uuid.UUID, kind: str) -> ActionOutcome:
    receipt = ActionReceipt.objects.get(learner=learner, action_id=action_id)
    if receipt.kind != kind:
        raise ActionIdError(_("This action id was already used for another action."), status=409)
    if not receipt.status:  # only where a database lets a reader see an unfinished transaction
        raise ActionIdError(_("This action is still being recorded."), status=503)
    return ActionOutcome(status=receipt.status, summary=receipt.summary, replayed=True)


# Receipts are deleted this many at a time, each batch its own short transaction.
PRUNE_BATCH = 5000


def action_receipts_prune(*, before: datetime, batch: int = PRUNE_BATCH) -> int:
    """Delete the receipts received before `before`; returns how many.

    A device sends an action again only when it did not get the answer, which it retries on
    its next connection: a copy of an action months old is not expected. Should one come after
    its receipt is gone, the action runs again, and each action tolerates that (a module marked
    done stays done, a submitted attempt answers with its result, an H5P score keeps the best
    and counts one attempt more).
    Deleted in batches by id, so the table is never locked long on a national install."""
    deleted = 0
    while True:
        ids = list(
            ActionReceipt.objects.filter(created__lt=before)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return deleted
        deleted += ActionReceipt.objects.filter(pk__in=ids).delete()[0]
