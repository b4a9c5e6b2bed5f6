"""What makes a question complete, checked the same way in the admin form and in imports.

Plain functions over plain values; they return the problems as sentences for the trainer.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

MIN_CHOICES = 2
MAX_CHOICES = 12
MAX_CHOICE_LENGTH = 500
MAX_ANSWER_LENGTH = 200

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SHORT_TEXT = "short_text"
ORDERING = "ordering"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT_TEXT, ORDERING)


def question_problems(
    *,
    kind: str,
    choices: Sequence[tuple[str, bool]],
    is_true: bool | None,
    accepted: Sequence[str],
) -> list[str]:
    """The reasons a question of `kind` with these choices and answers cannot be graded."""
    if kind not in KINDS:
        return [_("Unknown question type “%(kind)s”.") % {"kind": kind}]
    problems = []
    correct = sum(1 for _text, is_correct in choices if is_correct)
    if kind in (SINGLE, MULTIPLE, ORDERING):
        if len(choices) < MIN_CHOICES:
            problems.append(_("Give at least %(count)d choices or items.") % {"count": MIN_CHOICES})
        if len(choices) > MAX_CHOICES:
            problems.append(_("Give at most %(count)d choices or items.") % {"count": MAX_CHOICES})
        if any(not text.strip() for text, _is_correct in choices):
            problems.append(_("A choice or item has no text."))
        if any(len(text) > MAX_CHOICE_LENGTH for text, _is_correct in choices):
            problems.append(
                _("A choice or item is longer than %(count)d characters.")
                % {"count": MAX_CHOICE_LENGTH}
            )
        texts = [" ".join(text.split()).lower() for text, _is_correct in choices]
        if len(set(texts)) != len(texts):
            problems.append(_("Two choices or items have the same text."))
    elif choices:
        problems.append(_("This question type has no choices; remove them."))
    if kind == SINGLE and correct != 1:
        problems.append(_("A single choice question needs exactly one right choice."))
    if kind == MULTIPLE and correct < 1:
        problems.append(_("A multiple choice question needs at least one right choice."))
    if kind == TRUE_FALSE and is_true is None:
        problems.append(_("Say whether the statement is true or false."))
    if kind == SHORT_TEXT:
        if not [answer for answer in accepted if answer.strip()]:
            problems.append(_("Give at least one accepted answer."))
        if any(len(answer) > MAX_ANSWER_LENGTH for answer in accepted):
            problems.append(
                _("An accepted answer is longer than %(count)d characters.")
                % {"count": MAX_ANSWER_LENGTH}
            )
    return problems
