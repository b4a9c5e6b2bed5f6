"""What a learner may see of a graded attempt: the one rule that decides when answers show.

A quiz names the most a learner may see (`review`: the score, which answers were right, or the
right answers with explanations) and when (`timing`). The safe default, `correctness_first`,
shows after each attempt which questions were right or wrong and keeps the right answers and
explanations back until the learner has passed or used their last attempt: shown earlier, they
let anyone submit a blank attempt, read the key and pass on the next one. `each_attempt` shows
everything at once (for practice quizzes); `finished` shows only the score until then. Unknown
values fall back to the score only. Pure functions, no database.
"""

SCORE = "score"
CORRECTNESS = "correctness"
ANSWERS = "answers"
LEVELS = (SCORE, CORRECTNESS, ANSWERS)

EACH_ATTEMPT = "each_attempt"
CORRECTNESS_FIRST = "correctness_first"
WHEN_FINISHED = "finished"


def learner_finished(*, passed: bool, attempts_left: int | None, attempt_open: bool) -> bool:
    """Whether the learner is done with the quiz: passed, or used the last attempt (none left
    and none still open). Unlimited attempts (`attempts_left` None) end only with a pass."""
    return passed or (attempts_left == 0 and not attempt_open)


def review_level(*, review: str, timing: str, finished: bool) -> str:
    """The level (`SCORE`, `CORRECTNESS` or `ANSWERS`) a learner sees now of a graded attempt,
    given the quiz's `review` and `timing` and whether the learner has finished the quiz."""
    level = review if review in LEVELS else SCORE
    if finished or timing == EACH_ATTEMPT:
        return level
    if timing == CORRECTNESS_FIRST:
        return min(level, CORRECTNESS, key=LEVELS.index)
    return SCORE
