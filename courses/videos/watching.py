"""The rules of a watch report, as pure functions on intervals of seconds.

A learner's browser reports what it played (`video.played`: seeking past a part leaves it
unplayed); the stored watched intervals are the union of every accepted report, clamped to the
video's length. A report may add at most `PLAYBACK_RATE_ALLOWED` times the wall-clock time
since the previous report, plus `SLACK_SECONDS`: a learner may watch at double speed, not claim
a whole video in one instant (docs/decisions/030-videos-that-count.md).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

Interval = tuple[float, float]

MAX_DURATION_SECONDS = 24 * 3600
MAX_RANGES = 200
# A learner's stored intervals: more than this means tiny scattered ranges, not watching.
MAX_STORED_INTERVALS = 500
PLAYBACK_RATE_ALLOWED = 2
SLACK_SECONDS = 5.0
# Two stored lengths closer than this are the same file (the light version may differ by a
# frame or two); further apart, the trainer replaced the video and watching starts over.
DURATION_TOLERANCE_SECONDS = 2.0
DURATION_TOLERANCE_SHARE = 0.05
# Browsers stop `played` a few hundredths before the end.
SHARE_TOLERANCE_SECONDS = 0.5


class WatchReportError(ValueError):
    """A report that cannot be read; `str(error)` says what is wrong."""


def intervals_clamp(ranges: Iterable[Sequence[float]], *, duration: float) -> list[Interval]:
    """The ranges cut to [0, duration], empty ones dropped, rounded to hundredths."""
    clamped = []
    for start, end in ranges:
        start, end = max(0.0, float(start)), min(float(duration), float(end))
        if end > start:
            clamped.append((round(start, 2), round(end, 2)))
    return clamped


def intervals_merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of the intervals, sorted, overlapping or touching ones joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 0.01:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intervals_total(intervals: Iterable[Interval]) -> float:
    """Seconds covered by merged (non-overlapping) intervals."""
    return round(sum(end - start for start, end in intervals), 2)


def same_duration(stored: float, reported: float) -> bool:
    tolerance = max(DURATION_TOLERANCE_SECONDS, stored * DURATION_TOLERANCE_SHARE)
    return abs(stored - reported) <= tolerance


def share_reached(*, watched_seconds: float, duration: float, required_share: int) -> bool:
    """Whether `required_share` percent of the video is watched; a share of 0 never counts."""
    if required_share <= 0 or duration <= 0:
        return False
    return watched_seconds + SHARE_TOLERANCE_SECONDS >= duration * required_share / 100


def watched_percent(*, watched_seconds: float, duration: float) -> int:
    if duration <= 0:
        return 0
    return min(100, math.floor(watched_seconds * 100 / duration))


@dataclass(frozen=True)
class WatchDecision:
    """The outcome of one report: the new watched intervals (unchanged when not `plausible`)."""

    intervals: list[Interval]
    watched_seconds: float
    new_seconds: float
    plausible: bool
    reached: bool


def watch_report(
    *,
    watched: Sequence[Interval],
    reported: Iterable[Sequence[float]],
    duration: float,
    elapsed_seconds: float,
    required_share: int,
) -> WatchDecision:
    """Merge a report into the watched intervals.

    `elapsed_seconds` is the wall-clock time since the previous report (0 for the first one).
    The report is implausible, and changes nothing, when it adds more new seconds than the
    learner could have played since then, or scatters the watched time into more than
    MAX_STORED_INTERVALS pieces.
    """
    before = intervals_merge(intervals_clamp(watched, duration=duration))
    after = intervals_merge([*before, *intervals_clamp(reported, duration=duration)])
    watched_before, watched_after = intervals_total(before), intervals_total(after)
    new_seconds = round(watched_after - watched_before, 2)
    allowed = max(0.0, elapsed_seconds) * PLAYBACK_RATE_ALLOWED + SLACK_SECONDS
    plausible = new_seconds <= allowed and len(after) <= MAX_STORED_INTERVALS
    kept, total = (after, watched_after) if plausible else (before, watched_before)
    return WatchDecision(
        intervals=kept,
        watched_seconds=total,
        new_seconds=new_seconds,
        plausible=plausible,
        reached=share_reached(
            watched_seconds=total, duration=duration, required_share=required_share
        ),
    )


def parse_report(*, ranges, duration, position) -> tuple[list[Interval], float, float]:
    """The ranges, duration and position of a report as numbers; raises WatchReportError.

    `ranges` is a list of [start, end] pairs (at most MAX_RANGES), `duration` a positive
    length of at most a day, `position` where the video stands (clamped to the length).
    """
    try:
        duration = float(duration)
        position = float(position)
    except (TypeError, ValueError):
        raise WatchReportError(_("duration and position must be numbers")) from None
    if not math.isfinite(duration) or not 0 < duration <= MAX_DURATION_SECONDS:
        raise WatchReportError(_("duration must be a positive number of seconds"))
    if not math.isfinite(position):
        raise WatchReportError(_("position must be a number of seconds"))
    if not isinstance(ranges, list) or len(ranges) > MAX_RANGES:
        raise WatchReportError(
            _("ranges must be a list of at most %(count)d pairs") % {"count": MAX_RANGES}
        )
    pairs = []
    for pair in ranges:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in pair)
            or not all(math.isfinite(x) for x in pair)
            or pair[0] > pair[1]
        ):
            raise WatchReportError(_("each range must be a pair [start, end] with start <= end"))
        pairs.append((float(pair[0]), float(pair[1])))
    return pairs, duration, min(max(0.0, position), duration)
