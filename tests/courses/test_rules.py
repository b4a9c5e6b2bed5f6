"""The pure rules of a course: enrolment, locking, where "continue" leads, completion, windows,
parts."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from wagtail import blocks

from courses import rules
from courses.blocks import completion_parts
from courses.rules import ModuleRef, ModuleState

NOW = datetime(2025, 9, 2, 8, 0)


def states_of(modules, *, completed=(), started=(), sequential=True):
    return rules.module_states(
        modules, started=set(started), completed=set(completed), sequential=sequential
    )


def locked_ids(states):
    return [state.id for state in states if state.locked]


# --- module_states -------------------------------------------------------------------------


def test_sequential_course_unlocks_only_the_first_module_for_a_new_learner():
    modules = [ModuleRef(1, True), ModuleRef(2, True), ModuleRef(3, True)]

    assert locked_ids(states_of(modules)) == [2, 3]


def test_sequential_course_unlocks_the_module_after_each_completed_one():
    modules = [ModuleRef(1, True), ModuleRef(2, True), ModuleRef(3, True)]

    assert locked_ids(states_of(modules, completed={1})) == [3]
    assert locked_ids(states_of(modules, completed={1, 2})) == []


def test_optional_module_never_blocks_the_modules_after_it():
    modules = [ModuleRef(1, True), ModuleRef(2, False), ModuleRef(3, True), ModuleRef(4, True)]

    assert locked_ids(states_of(modules, completed={1})) == [4]


def test_completing_a_later_module_does_not_unlock_past_an_incomplete_required_one():
    modules = [ModuleRef(1, True), ModuleRef(2, True), ModuleRef(3, True)]

    assert locked_ids(states_of(modules, completed={3})) == [2, 3]


def test_free_order_course_locks_nothing():
    modules = [ModuleRef(1, True), ModuleRef(2, True), ModuleRef(3, True)]

    assert locked_ids(states_of(modules, sequential=False)) == []


def test_module_states_report_started_and_completed_in_course_order():
    modules = [ModuleRef(7, True), ModuleRef(3, True)]

    states = states_of(modules, started={7, 3}, completed={7})

    assert states == [
        ModuleState(id=7, started=True, completed=True, locked=False),
        ModuleState(id=3, started=True, completed=False, locked=False),
    ]


# --- next_module ---------------------------------------------------------------------------


def test_continue_leads_to_the_first_unlocked_incomplete_module():
    modules = [ModuleRef(1, True), ModuleRef(2, True), ModuleRef(3, True)]

    assert rules.next_module(states_of(modules, completed={1}), last_opened=1) == 2


def test_continue_skips_completed_modules_in_a_free_order_course():
    modules = [ModuleRef(1, True), ModuleRef(2, True), ModuleRef(3, True)]

    states = states_of(modules, completed={1, 2}, sequential=False)

    assert rules.next_module(states, last_opened=2) == 3


def test_continue_falls_back_to_the_last_opened_module_when_all_are_done():
    modules = [ModuleRef(1, True), ModuleRef(2, True)]

    assert rules.next_module(states_of(modules, completed={1, 2}), last_opened=1) == 1


def test_continue_leads_nowhere_in_a_course_without_modules():
    assert rules.next_module([], last_opened=None) is None


# --- course_completion: the status table ---------------------------------------------------

D = Decimal


@pytest.mark.parametrize(
    ("required", "completed", "min_score", "scores", "complete", "score", "reason"),
    [
        pytest.param([1, 2], {1, 2}, None, [], True, None, "complete", id="all-done-no-min"),
        pytest.param(
            [1, 2], {1}, None, [], False, None, "1 required module(s) not complete", id="one-left"
        ),
        pytest.param(
            [1, 2],
            set(),
            50,
            [D(90)],
            False,
            D("90.00"),
            "2 required module(s) not complete",
            id="modules-missing-before-score",
        ),
        pytest.param(
            [1, 2], {1, 2}, 70, [], False, None, "no assessment score yet", id="min-no-score"
        ),
        pytest.param(
            [1, 2],
            {1, 2},
            70,
            [D(60), D(79)],
            False,
            D("69.50"),
            "score 69.50 below 70",
            id="average-below-min",
        ),
        pytest.param(
            [1, 2],
            {1, 2},
            70,
            [D(60), D(80)],
            True,
            D("70.00"),
            "complete",
            id="average-equals-min",
        ),
        pytest.param([1, 2], {1, 2}, 70, [D(100)], True, D("100.00"), "complete", id="above-min"),
        pytest.param(
            [1], {1}, None, [D(40)], True, D("40.00"), "complete", id="score-ignored-without-min"
        ),
        pytest.param([], set(), None, [], True, None, "complete", id="only-optional-modules"),
        pytest.param(
            [1], {1, 2, 3}, None, [], True, None, "complete", id="optional-extras-do-not-matter"
        ),
    ],
)
def test_course_completion_status_table(
    required, completed, min_score, scores, complete, score, reason
):
    decision = rules.course_completion(
        required_modules=required, completed_modules=completed, min_score=min_score, scores=scores
    )

    assert (decision.complete, decision.score, decision.reason) == (complete, score, reason)


def test_average_rounds_half_up_to_two_decimals():
    assert rules.average([D("66.665"), D("66.665")]) == D("66.67")
    assert rules.average([D(1), D(2), D(2)]) == D("1.67")


def test_average_of_no_scores_is_none():
    assert rules.average([]) is None


# --- enrolment window ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "is_open"),
    [
        pytest.param(None, None, True, id="no-window"),
        pytest.param(NOW - timedelta(days=1), None, True, id="opened-yesterday"),
        pytest.param(NOW + timedelta(days=1), None, False, id="opens-tomorrow"),
        pytest.param(None, NOW + timedelta(days=1), True, id="closes-tomorrow"),
        pytest.param(None, NOW - timedelta(seconds=1), False, id="closed-a-second-ago"),
        pytest.param(NOW, NOW, True, id="bounds-are-inclusive"),
    ],
)
def test_enrolment_window(opens, closes, is_open):
    assert rules.enrolment_window_open(opens_at=opens, closes_at=closes, now=NOW) is is_open


# --- enrolment eligibility -----------------------------------------------------------------

LATER = NOW + timedelta(days=1)
EARLIER = NOW - timedelta(days=1)


@pytest.mark.parametrize(
    ("has_commune", "opens", "closes", "missing", "refusal"),
    [
        pytest.param(True, None, None, [], "", id="allowed"),
        pytest.param(True, EARLIER, LATER, [], "", id="allowed-inside-the-window"),
        pytest.param(False, None, None, [], rules.NO_COMMUNE, id="no-commune"),
        pytest.param(True, LATER, None, [], rules.ENROLMENT_CLOSED, id="not-open-yet"),
        pytest.param(True, None, EARLIER, [], rules.ENROLMENT_CLOSED, id="closed"),
        pytest.param(True, None, None, [7], rules.PREREQUISITES_MISSING, id="prerequisite-left"),
        pytest.param(False, None, EARLIER, [7], rules.NO_COMMUNE, id="commune-named-first"),
        pytest.param(True, None, EARLIER, [7], rules.ENROLMENT_CLOSED, id="closed-before-missing"),
    ],
)
def test_enrolment_eligibility_status_table(has_commune, opens, closes, missing, refusal):
    decision = rules.enrolment_eligibility(
        has_commune=has_commune,
        opens_at=opens,
        closes_at=closes,
        now=NOW,
        missing_prerequisites=missing,
    )

    assert decision.refusal == refusal
    assert decision.allowed is (refusal == "")


moments = st.one_of(st.none(), st.sampled_from([EARLIER, NOW, LATER]))
course_ids = st.lists(st.integers(min_value=1, max_value=50), max_size=4)


@given(
    has_commune=st.booleans(),
    opens=moments,
    closes=moments,
    missing=course_ids,
)
def test_a_learner_may_enrol_exactly_when_every_condition_holds(
    has_commune, opens, closes, missing
):
    decision = rules.enrolment_eligibility(
        has_commune=has_commune,
        opens_at=opens,
        closes_at=closes,
        now=NOW,
        missing_prerequisites=missing,
    )
    window_open = rules.enrolment_window_open(opens_at=opens, closes_at=closes, now=NOW)

    assert decision.allowed is (has_commune and window_open and not missing)
    assert decision.refusal in (
        "",
        rules.NO_COMMUNE,
        rules.ENROLMENT_CLOSED,
        rules.PREREQUISITES_MISSING,
    )


@given(
    has_commune=st.booleans(),
    opens=moments,
    closes=moments,
    missing=course_ids,
    more=st.lists(st.integers(min_value=51, max_value=99), min_size=1, max_size=3),
)
def test_another_missing_prerequisite_never_lets_a_refused_learner_in(
    has_commune, opens, closes, missing, more
):
    def decide(prerequisites):
        return rules.enrolment_eligibility(
            has_commune=has_commune,
            opens_at=opens,
            closes_at=closes,
            now=NOW,
            missing_prerequisites=prerequisites,
        )

    assert not decide([*missing, *more]).allowed
    if not decide(missing).allowed:
        assert decide([*missing, *more]).refusal == decide(missing).refusal


# --- progress_percent ----------------------------------------------------------------------


def test_progress_percent_of_a_course_without_required_modules_is_zero():
    assert rules.progress_percent(completed=0, total=0) == 0


def test_progress_percent_counts_completed_required_modules():
    assert rules.progress_percent(completed=1, total=4) == 25
    assert rules.progress_percent(completed=4, total=4) == 100


def test_progress_percent_shows_less_than_100_while_a_required_module_is_left():
    assert rules.progress_percent(completed=199, total=200) == 99


@given(
    st.integers(min_value=0, max_value=500).flatmap(
        lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))
    )
)
@example((199, 200))
def test_progress_percent_stays_between_0_and_100_and_reaches_100_only_when_all_done(pair):
    completed, total = pair

    percent = rules.progress_percent(completed=completed, total=total)

    assert 0 <= percent <= 100
    assert (percent == 100) == (total > 0 and completed == total)


# --- locking properties --------------------------------------------------------------------

module_lists = st.lists(st.booleans(), max_size=12).map(
    lambda flags: [ModuleRef(index + 1, required) for index, required in enumerate(flags)]
)


@given(modules=module_lists, data=st.data())
def test_no_module_up_to_the_first_incomplete_required_one_is_ever_locked(modules, data):
    ids = [m.id for m in modules]
    completed = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()))

    states = states_of(modules, completed=completed)

    first_blocking = next(
        (i for i, m in enumerate(modules) if m.required and m.id not in completed), len(modules)
    )
    assert not any(state.locked for state in states[: first_blocking + 1])
    assert all(state.locked for state in states[first_blocking + 1 :])


@given(modules=module_lists, data=st.data())
def test_continue_never_leads_to_a_locked_or_completed_module_while_one_is_open(modules, data):
    ids = [m.id for m in modules]
    completed = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()))
    states = states_of(modules, completed=completed)

    target = rules.next_module(states, last_opened=None)

    open_incomplete = [s.id for s in states if not s.locked and not s.completed]
    assert target == (open_incomplete[0] if open_incomplete else None)


# --- module_completion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "passed", "marked_done", "complete"),
    [
        pytest.param([], [], True, True, id="no-parts-marked-done"),
        pytest.param([], [], False, False, id="no-parts-not-marked"),
        pytest.param([], ["quiz:1"], False, False, id="no-parts-practice-passed"),
        pytest.param(["quiz:1"], [], True, False, id="parts-marked-done-does-not-count"),
        pytest.param(["quiz:1", "h5p:2"], ["quiz:1"], False, False, id="one-part-left"),
        pytest.param(["quiz:1", "h5p:2"], ["h5p:2", "quiz:1"], False, True, id="all-passed"),
        pytest.param(["quiz:1"], ["quiz:1", "h5p:9"], False, True, id="extra-practice-passed"),
    ],
)
def test_module_completion_status_table(parts, passed, marked_done, complete):
    decision = rules.module_completion(parts=parts, passed=passed, marked_done=marked_done)

    assert decision.complete is complete
    assert decision.score is None


part_keys = st.sampled_from([f"{kind}:{n}" for kind in ("quiz", "h5p") for n in range(1, 6)])


@given(parts=st.lists(part_keys, min_size=1, unique=True), passed=st.sets(part_keys))
def test_a_module_with_parts_is_complete_exactly_when_every_part_is_passed(parts, passed):
    for marked_done in (True, False):
        decision = rules.module_completion(parts=parts, passed=passed, marked_done=marked_done)

        assert decision.complete == set(parts).issubset(passed)


@given(parts=st.lists(part_keys, unique=True), passed=st.sets(part_keys), more=st.sets(part_keys))
def test_passing_more_activities_never_makes_a_module_incomplete(parts, passed, more):
    before = rules.module_completion(parts=parts, passed=passed, marked_done=False)
    after = rules.module_completion(parts=parts, passed=passed | more, marked_done=False)

    assert after.complete or not before.complete


@given(passed=st.sets(part_keys), marked_done=st.booleans())
def test_a_module_without_parts_is_complete_only_when_marked_done(passed, marked_done):
    decision = rules.module_completion(parts=[], passed=passed, marked_done=marked_done)

    assert decision.complete is marked_done


@given(parts=st.lists(part_keys, min_size=1, unique=True), data=st.data())
def test_the_order_of_parts_and_results_does_not_matter(parts, data):
    passed = data.draw(st.lists(st.sampled_from(parts), unique=True))
    shuffled = data.draw(st.permutations(parts))

    first = rules.module_completion(parts=parts, passed=passed, marked_done=False)
    second = rules.module_completion(parts=shuffled, passed=passed[::-1], marked_done=False)

    assert first.complete == second.complete


# --- completion parts of a module body -----------------------------------------------------


class GradedBlock(blocks.CharBlock):
    """Stands for a quiz or H5P block: required when it has a value."""

    def completion_part(self, value):
        return f"quiz:{value}" if value else None


class BodyBlock(blocks.StreamBlock):
    graded = GradedBlock(required=False)
    paragraph = blocks.CharBlock()


def test_completion_parts_lists_required_activities_once_in_page_order():
    body = BodyBlock().to_python(
        [
            {"type": "paragraph", "value": "Giới thiệu"},
            {"type": "graded", "value": "7"},
            {"type": "graded", "value": ""},
            {"type": "graded", "value": "3"},
            {"type": "graded", "value": "7"},
        ]
    )

    assert completion_parts(body) == ["quiz:7", "quiz:3"]


def test_module_without_graded_blocks_has_no_completion_parts():
    body = BodyBlock().to_python([{"type": "paragraph", "value": "Chỉ có văn bản"}])

    assert completion_parts(body) == []
