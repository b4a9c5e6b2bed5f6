"""Reading the xAPI statements an H5P player reports, as plain functions.

The module page forwards a statement as `{"statement": {...}}`. `parse_statement` returns the
score to record, None for a statement that does not count (another verb, a child question of
the activity, no score), or raises `StatementError` for anything malformed or impossible: not
JSON, NaN or Infinity, a score below zero or above the maximum, a maximum of zero or less,
or a statement about another activity. Only `answered` and `completed` statements whose
object is the activity itself count; child questions carry `?subContentId=` in their id.
"""

import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

COUNTED_VERBS = {
    "http://adlnet.gov/expapi/verbs/answered": "answered",
    "http://adlnet.gov/expapi/verbs/completed": "completed",
}
MAX_BODY_BYTES = 64 * 1024
MAX_SCORE = Decimal("1000000")
CENT = Decimal("0.01")


class StatementError(ValueError):
    """A refused statement; `str(error)` says why."""


@dataclass(frozen=True)
class Score:
    verb: str
    raw: Decimal
    max: Decimal

    @property
    def percent(self) -> Decimal:
        return (self.raw * 100 / self.max).quantize(CENT, rounding=ROUND_HALF_UP)


def _reject_constant(value):
    raise ValueError(f"{value} is not a number")


def _number(value, *, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StatementError(_("The %(name)s score is not a number.") % {"name": name})
    if isinstance(value, float) and not math.isfinite(value):
        raise StatementError(_("The %(name)s score is not a finite number.") % {"name": name})
    number = Decimal(str(value))
    if abs(number) > MAX_SCORE:
        raise StatementError(_("The %(name)s score is too large.") % {"name": name})
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def load_body(body: bytes) -> dict:
    if len(body) > MAX_BODY_BYTES:
        raise StatementError(_("The statement is too large."))
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise StatementError(_("The statement is not valid JSON.")) from None
    statement = data.get("statement") if isinstance(data, dict) else None
    if not isinstance(statement, dict):
        raise StatementError(_("The request has no xAPI statement."))
    return statement


def parse_statement(body: bytes, *, activity_iri: str) -> Score | None:
    """The score a statement reports for the activity, None when it does not count."""
    statement = load_body(body)
    verb = statement.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    obj = statement.get("object")
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(verb_id, str) or not isinstance(object_id, str):
        raise StatementError(_("The statement has no verb or object."))
    if object_id != activity_iri:
        if object_id.startswith(f"{activity_iri}?subContentId="):
            return None  # a child question: the activity's own statement carries the total
        raise StatementError(_("The statement is about another activity."))
    if verb_id not in COUNTED_VERBS:
        return None
    result = statement.get("result")
    score = result.get("score") if isinstance(result, dict) else None
    if score is None:
        return None
    if not isinstance(score, dict) or "raw" not in score or "max" not in score:
        raise StatementError(_("The statement's score has no raw and max values."))
    raw = _number(score["raw"], name="raw")
    maximum = _number(score["max"], name="max")
    if "min" in score and _number(score["min"], name="min") != 0:
        raise StatementError(_("The statement's minimum score is not zero."))
    if maximum <= 0:
        raise StatementError(_("The maximum score must be above zero."))
    if raw < 0:
        raise StatementError(_("The score may not be negative."))
    if raw > maximum:
        raise StatementError(_("The score is above the maximum score."))
    return Score(verb=COUNTED_VERBS[verb_id], raw=raw, max=maximum)
