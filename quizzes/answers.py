"""Reading a learner's answers from a submitted quiz form and checking them against the attempt.

Pure functions: no database, no request. The form has, for each question on the page, a
`shown` field with the question's id and the answer in `q-<question id>` (choice ids for single
and multiple choice, "true" or "false", or the typed text); ordering questions post one
`q-<question id>-<item id>` field per item holding its position (1 = first).

A stored answer is a JSON value: a choice id (single), a sorted list of choice ids (multiple),
a boolean (true/false), a string (short text) or the item ids in the learner's order
(ordering); `None` means not answered.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from quizzes.validation import (
    MAX_ANSWER_LENGTH,
    MULTIPLE,
    ORDERING,
    SHORT_TEXT,
    SINGLE,
    TRUE_FALSE,
)

FIELD = re.compile(r"^q-(\d{1,18})(?:-(\d{1,18}))?$")
MAX_QUESTIONS_PER_POST = 200


class AnswerError(ValueError):
    """An answer the attempt cannot take; `str(error)` is the message for the learner."""


@dataclass(frozen=True)
class AnswerShape:
    """What an answer to one question may contain: its type and the ids of its choices."""

    kind: str
    choice_ids: tuple[int, ...] = ()


@dataclass
class RawAnswer:
    values: list[str] = field(default_factory=list)
    positions: dict[int, str] = field(default_factory=dict)


def answers_from_post(data: Mapping[str, Sequence[str]]) -> dict[int, RawAnswer]:
    """Group the posted fields by question id; questions listed in `shown` with nothing
    posted (no box ticked) get an empty answer, which clears a saved one."""
    answers: dict[int, RawAnswer] = {}
    for value in data.get("shown", []):
        if not str(value).isdigit():
            raise AnswerError(_("The form was changed; reload the page and try again."))
        answers.setdefault(int(value), RawAnswer())
    for name, values in data.items():
        if not name.startswith("q-"):
            continue
        match = FIELD.match(name)
        if match is None:
            raise AnswerError(_("The form was changed; reload the page and try again."))
        raw = answers.setdefault(int(match[1]), RawAnswer())
        if match[2] is None:
            raw.values.extend(str(v) for v in values)
        else:
            raw.positions[int(match[2])] = str(values[-1]) if values else ""
    if len(answers) > MAX_QUESTIONS_PER_POST:
        raise AnswerError(_("The form was changed; reload the page and try again."))
    return answers


def _choice_id(value: str, shape: AnswerShape) -> int:
    if not value.isdigit() or int(value) not in shape.choice_ids:
        raise AnswerError(_("That choice is not one of this question's choices."))
    return int(value)


def clean_answer(shape: AnswerShape, raw: RawAnswer):
    """The answer to store for `raw`, or AnswerError when it is not a possible answer."""
    values = [v for v in raw.values if v != ""]
    if shape.kind != ORDERING and raw.positions:
        raise AnswerError(_("The form was changed; reload the page and try again."))
    if shape.kind == SINGLE:
        if len(values) > 1:
            raise AnswerError(_("Choose only one answer."))
        return _choice_id(values[0], shape) if values else None
    if shape.kind == MULTIPLE:
        return sorted({_choice_id(v, shape) for v in values}) or None
    if shape.kind == TRUE_FALSE:
        if len(values) > 1 or (values and values[0] not in ("true", "false")):
            raise AnswerError(_("Answer true or false."))
        return values[0] == "true" if values else None
    if shape.kind == SHORT_TEXT:
        if len(raw.values) > 1:
            raise AnswerError(_("The form was changed; reload the page and try again."))
        text = unicodedata.normalize("NFC", " ".join("".join(raw.values).split()))
        if len(text) > MAX_ANSWER_LENGTH:
            raise AnswerError(
                _("Keep your answer under %(count)d characters.") % {"count": MAX_ANSWER_LENGTH}
            )
        return text or None
    if shape.kind == ORDERING:
        return _clean_order(shape, raw)
    raise AnswerError(_("This question cannot be answered."))


def _clean_order(shape: AnswerShape, raw: RawAnswer):
    if raw.values:
        raise AnswerError(_("The form was changed; reload the page and try again."))
    if not raw.positions:
        return None
    count = len(shape.choice_ids)
    if set(raw.positions) - set(shape.choice_ids):
        raise AnswerError(_("That item is not one of this question's items."))
    positions = {}
    for item, value in raw.positions.items():
        if not value.isdigit() or not 1 <= int(value) <= count:
            raise AnswerError(
                _("Give each item a position from 1 to %(count)d.") % {"count": count}
            )
        positions[item] = int(value)
    if set(positions) != set(shape.choice_ids) or len(set(positions.values())) != count:
        raise AnswerError(
            _("Give each item a different position from 1 to %(count)d.") % {"count": count}
        )
    return sorted(positions, key=positions.__getitem__)
