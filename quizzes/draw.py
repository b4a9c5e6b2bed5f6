"""Which questions an attempt gets, in which order, and in which order their choices appear.

Pure functions over ids and a random generator (pass a seeded `random.Random` in tests).
A random draw prefers questions the learner did not get in their previous attempt, so a retake
is a new draw whenever the category is large enough; it tops up from the rest otherwise.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from quizzes.validation import MULTIPLE, ORDERING, SINGLE


@dataclass(frozen=True)
class DrawRule:
    pool: tuple[int, ...]
    count: int


def select_questions(
    *,
    fixed: Sequence[int],
    draws: Sequence[DrawRule],
    previous: frozenset[int] = frozenset(),
    shuffle: bool,
    rng: random.Random,
) -> list[int]:
    """Question ids for a new attempt: the fixed ones, then each rule's draw, no repeats."""
    chosen = list(dict.fromkeys(fixed))
    taken = set(chosen)
    for rule in draws:
        pool = [q for q in dict.fromkeys(rule.pool) if q not in taken]
        fresh = [q for q in pool if q not in previous]
        seen = [q for q in pool if q in previous]
        wanted = max(0, rule.count)
        picked = rng.sample(fresh, min(wanted, len(fresh)))
        if len(picked) < wanted:
            picked += rng.sample(seen, min(wanted - len(picked), len(seen)))
        chosen.extend(picked)
        taken.update(picked)
    if shuffle:
        rng.shuffle(chosen)
    return chosen


def choice_order(
    *, kind: str, choice_ids: Sequence[int], shuffle: bool, rng: random.Random
) -> list[int]:
    """The order in which a question's choices appear. Ordering items are always shuffled and
    never shown in their right order, which would give the answer away."""
    ids = list(choice_ids)
    if kind == ORDERING:
        if len(ids) < 2:
            return ids
        shuffled = ids[:]
        while shuffled == ids:
            rng.shuffle(shuffled)
        return shuffled
    if kind in (SINGLE, MULTIPLE) and shuffle:
        rng.shuffle(ids)
    return ids
