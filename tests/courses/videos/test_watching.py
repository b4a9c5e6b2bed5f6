"""The pure rules of a watch report: clamp, merge, plausible growth, share."""

import pytest

from courses.videos import watching


def test_ranges_are_clamped_to_the_video_and_empty_ones_dropped():
    assert watching.intervals_clamp([[-3, 4], [8, 15], [12, 11], [20, 30]], duration=10) == [
        (0.0, 4.0),
        (8.0, 10.0),
    ]


def test_overlapping_and_touching_intervals_are_merged_in_order():
    merged = watching.intervals_merge([(50, 60), (0, 10), (5, 20), (20, 30), (31, 32)])

    assert merged == [(0, 30), (31, 32), (50, 60)]
    assert watching.intervals_total(merged) == 41


def test_a_report_adds_only_what_was_not_watched_yet():
    decision = watching.watch_report(
        watched=[(0, 30)], reported=[[20, 50]], duration=100, elapsed_seconds=20, required_share=90
    )

    assert decision.plausible
    assert decision.intervals == [(0, 50)]
    assert decision.new_seconds == 20
    assert not decision.reached


def test_the_same_report_twice_adds_nothing():
    first = watching.watch_report(
        watched=[], reported=[[0, 5]], duration=100, elapsed_seconds=0, required_share=90
    )
    second = watching.watch_report(
        watched=first.intervals,
        reported=[[0, 5]],
        duration=100,
        elapsed_seconds=0,
        required_share=90,
    )

    assert second.new_seconds == 0
    assert second.intervals == first.intervals


def test_seeking_past_a_part_leaves_it_unwatched():
    # Watched the first 10 s, then jumped to the last 10 s: 20 s of 100, not 100.
    decision = watching.watch_report(
        watched=[],
        reported=[[0, 10], [90, 100]],
        duration=100,
        elapsed_seconds=60,
        required_share=90,
    )

    assert decision.watched_seconds == 20
    assert not decision.reached


@pytest.mark.parametrize(
    ("new_seconds", "elapsed", "plausible"),
    [
        (35, 15, True),  # double speed for 15 s, plus the slack
        (36, 15, False),
        (5, 0, True),  # the first report: the slack only
        (6, 0, False),
    ],
)
def test_growth_is_limited_by_the_time_since_the_previous_report(new_seconds, elapsed, plausible):
    decision = watching.watch_report(
        watched=[(0, 10)],
        reported=[[10, 10 + new_seconds]],
        duration=600,
        elapsed_seconds=elapsed,
        required_share=90,
    )

    assert decision.plausible is plausible
    assert decision.intervals == ([(0, 10 + new_seconds)] if plausible else [(0, 10)])


@pytest.mark.parametrize(
    ("watched", "share", "reached"),
    [(89, 90, False), (89.6, 90, True), (90, 90, True), (100, 0, False), (99.6, 100, True)],
)
def test_the_required_share_of_the_length_must_be_watched(watched, share, reached):
    assert (
        watching.share_reached(watched_seconds=watched, duration=100, required_share=share)
        is reached
    )


def test_watched_percent_is_rounded_down_and_never_over_100():
    assert watching.watched_percent(watched_seconds=89.99, duration=100) == 89
    assert watching.watched_percent(watched_seconds=120, duration=100) == 100


@pytest.mark.parametrize(
    ("ranges", "duration", "position"),
    [
        ("0-10", 100, 0),
        ([[0]], 100, 0),
        ([[5, 1]], 100, 0),
        ([["0", "5"]], 100, 0),
        ([[0, float("inf")]], 100, 0),
        ([[True, 5]], 100, 0),
        ([[0, 5]], "nan", 0),
        ([[0, 5]], 0, 0),
        ([[0, 5]], 90_000, 0),
        ([[0, 5]], 100, "x"),
        ([[0, 1]] * 201, 100, 0),
    ],
)
def test_reports_that_cannot_be_read_are_refused(ranges, duration, position):
    with pytest.raises(watching.WatchReportError):
        watching.parse_report(ranges=ranges, duration=duration, position=position)


def test_the_position_is_kept_within_the_video():
    assert watching.parse_report(ranges=[], duration="60.5", position="75") == ([], 60.5, 60.5)


def test_a_report_scattering_the_watched_time_into_too_many_pieces_is_refused():
    scattered = [[i, i + 0.2] for i in range(0, 2 * watching.MAX_STORED_INTERVALS + 20, 2)]

    decision = watching.watch_report(
        watched=[tuple(pair) for pair in scattered[: watching.MAX_STORED_INTERVALS - 1]],
        reported=scattered[watching.MAX_STORED_INTERVALS - 1 :][:10],
        duration=3 * watching.MAX_STORED_INTERVALS,
        elapsed_seconds=60,
        required_share=90,
    )

    assert not decision.plausible
    assert len(decision.intervals) == watching.MAX_STORED_INTERVALS - 1
