"""Pure rules of a course: who may enrol, which modules are locked and whether a module and
the course are complete.

Plain functions over plain values, tested without the database; services and selectors feed
them what they read.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ModuleRef:
    id: int
    required: bool


@dataclass(frozen=True)
class ModuleState:
    id: int
    started: bool
    completed: bool
    locked: bool


def module_states(
    modules: Sequence[ModuleRef],
    *,
    started: set[int],
    completed: set[int],
    sequential: bool,
) -> list[ModuleState]:
    """The state of each module in course order.

    In a sequential course a module is locked while any required module before it is not
    complete; optional modules never block the ones after them.
    """
    states = []
    blocked = False
    for module in modules:
        states.append(
            ModuleState(
                id=module.id,
                started=module.id in started,
                completed=module.id in completed,
                locked=sequential and blocked,
            )
        )
        if module.required and module.id not in completed:
            blocked = True
    return states


def next_module(states: Sequence[ModuleState], *, last_opened: int | None = None) -> int | None:
    """Where "continue" leads: the first unlocked, incomplete module (or the last one opened)."""
    for state in states:
        if not state.completed and not state.locked:
            return state.id
    return last_opened


@dataclass(frozen=True)
class CompletionDecision:
    complete: bool
    score: Decimal | None
    reason: str


def module_completion(
    *, parts: Sequence[str], passed: Iterable[str], marked_done: bool
) -> CompletionDecision:
    """Whether a module is complete (docs/decisions/003-module-completion-parts.md).

    A module without required graded activities (`parts`, keys such as "quiz:3") is complete
    once the learner marks it done. A module with parts is complete once every part is
    passed; marking it done does not count, and passed parts that are not among `parts`
    (practice, or activities no longer required) change nothing.
    """
    if not parts:
        if marked_done:
            return CompletionDecision(True, None, "marked as done")
        return CompletionDecision(False, None, "not marked as done")
    passed = set(passed)
    missing = [part for part in parts if part not in passed]
    if missing:
        return CompletionDecision(False, None, f"activities not passed yet: {', '.join(missing)}")
    return CompletionDecision(True, None, "every required activity passed")


def course_completion(
    *,
    required_modules: Iterable[int],
    completed_modules: set[int],
    min_score: int | None,
    scores: Sequence[Decimal],
) -> CompletionDecision:
    """Whether a course is complete: every required module done and, if the course sets a
    minimum score, the average of the required assessments' scores reaching it."""
    missing = required_modules_missing(
        required_modules=required_modules, completed_modules=completed_modules
    )
    score = average(scores)
    if missing:
        return CompletionDecision(False, score, f"{len(missing)} required module(s) not complete")
    if min_score is not None:
        if score is None:
            return CompletionDecision(False, None, "no assessment score yet")
        if score < min_score:
            return CompletionDecision(False, score, f"score {score} below {min_score}")
    return CompletionDecision(True, score, "complete")


def required_modules_missing(
    *, required_modules: Iterable[int], completed_modules: set[int]
) -> list[int]:
    """The required modules not completed yet: while there are any, the course is not
    complete whatever the scores (so a caller may skip reading them)."""
    return [m for m in required_modules if m not in completed_modules]


def average(scores: Sequence[Decimal]) -> Decimal | None:
    if not scores:
        return None
    total = sum((Decimal(s) for s in scores), Decimal(0))
    return (total / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def enrolment_window_open(
    *, opens_at: datetime | None, closes_at: datetime | None, now: datetime
) -> bool:
    return (opens_at is None or now >= opens_at) and (closes_at is None or now <= closes_at)


NO_COMMUNE = "no_commune"
ENROLMENT_CLOSED = "enrolment_closed"
PREREQUISITES_MISSING = "prerequisites_missing"


@dataclass(frozen=True)
class EnrolmentDecision:
    """`refusal` is "" when the learner may enrol, else the first reason they may not
    (`NO_COMMUNE`, `ENROLMENT_CLOSED`, `PREREQUISITES_MISSING`)."""

    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal


def enrolment_eligibility(
    *,
    has_commune: bool,
    opens_at: datetime | None,
    closes_at: datetime | None,
    now: datetime,
    missing_prerequisites: Sequence[int],
) -> EnrolmentDecision:
    """Whether a learner who is not enrolled may enrol in a course.

    They need a commune (the statistics count every enrolment in one), the course's
    enrolment window must be open, and every prerequisite course (`missing_prerequisites`,
    those not completed yet) done. The refusal names the first unmet condition in that order.
    A learner who is already enrolled stays enrolled whatever these say.
    """
    if not has_commune:
        return EnrolmentDecision(NO_COMMUNE)
    if not enrolment_window_open(opens_at=opens_at, closes_at=closes_at, now=now):
        return EnrolmentDecision(ENROLMENT_CLOSED)
    if missing_prerequisites:
        return EnrolmentDecision(PREREQUISITES_MISSING)
    return EnrolmentDecision()


def progress_percent(*, completed: int, total: int) -> int:
    """Whole percent of required modules done, rounded down: 100 only once all are done."""
    return min(100, 100 * completed // total) if total > 0 else 0
