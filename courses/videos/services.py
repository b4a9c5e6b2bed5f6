"""Recording what a learner watched of a video that must be watched.

`video_watch_record` is the one write path: it checks that the learner may learn in the module
and that the video counts there, merges the report into the learner's watched intervals
(`courses.videos.watching`), refuses implausible growth, and reports the part passed to
`courses.services.module_part_passed` once, when the required share is reached
(docs/decisions/030-videos-that-count.md).
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ModulePage
from courses.selectors import learner_completed_module_ids, module_visit
from courses.services import LearningError, module_part_passed
from courses.videos import watching
from courses.videos.models import VideoWatch
from courses.videos.selectors import video_requirement, video_watch_message

logger = logging.getLogger(__name__)


class VideoError(Exception):
    """A refused report; `str(error)` is the message, `status` the HTTP status to answer."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class WatchOutcome:
    """What the page is told after a report. `refused` is True for implausible growth (the
    watched intervals were left as they were)."""

    watched_percent: int
    required_share: int
    passed: bool
    module_completed: bool
    message: str
    refused: bool = False


def _requirement(*, learner, module: ModulePage, part: str):
    """What the part requires and the learner's visit; raises VideoError."""
    visit = module_visit(module=module, learner=learner)
    if visit is None:
        raise VideoError(_("This module is not available."), status=404)
    if visit.refusal:
        raise VideoError(ModulePage.refusal_message(visit.refusal), status=403)
    requirement = video_requirement(module=module, part=part)
    if not requirement.share or part not in visit.course.module(module.pk).parts:
        raise VideoError(_("This video does not need to be watched in this module."), status=404)
    if not requirement.length:
        raise VideoError(
            _("This video's length is not set, so watching it cannot be counted yet."),
            status=409,
        )
    return requirement, visit


def _locked_watch(*, learner, module: ModulePage, part: str, duration: float):
    """The learner's row for the part, locked; created (with this length) on the first report.
    Returns (row, created)."""
    watch = VideoWatch.objects.select_for_update().filter(learner=learner, module=module, part=part)
    row = watch.first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return (
                VideoWatch.objects.create(
                    learner=learner, module=module, part=part, duration=duration
                ),
                True,
            )
    except IntegrityError:  # another tab's first report came in meanwhile
        return watch.get(), False


def video_watch_record(
    *, learner, module: ModulePage, part: str, ranges, duration, position, now=None
) -> WatchOutcome:
    """Merge a learner's report of what they played of a module's video.

    `ranges` are the [start, end] pairs the browser played (all since the page loaded, or only
    those since the last report: the union is the same), `duration` the video's length and
    `position` where it stands, in seconds. Raises VideoError for a learner who may not learn
    in the module, a video that does not have to be watched there, or a report that cannot be
    read (nothing is written). A report adding more than the learner could have played since
    the previous one is refused (`refused`): only the report's time and position are kept.
    """
    requirement, visit = _requirement(learner=learner, module=module, part=part)
    share = requirement.share
    try:
        ranges, _reported, position = watching.parse_report(
            ranges=ranges, duration=duration, position=position
        )
    except watching.WatchReportError as error:
        raise VideoError(_("The report could not be read: %(error)s.") % {"error": error}) from None
    # The length the trainer gave, never the one the browser reports: a forged short length
    # would make a few seconds count as the whole video.
    duration = float(requirement.length)
    position = min(position, duration)
    now = now or timezone.now()
    newly_passed = False
    with transaction.atomic():
        row, created = _locked_watch(learner=learner, module=module, part=part, duration=duration)
        if not watching.same_duration(row.duration, duration):
            # The trainer gave another length (a new file): what was watched was another video.
            row.intervals, row.watched_seconds = [], 0
        row.duration = duration
        decision = watching.watch_report(
            watched=row.intervals,
            reported=ranges,
            duration=duration,
            elapsed_seconds=0 if created else (now - row.updated_at).total_seconds(),
            required_share=share,
        )
        row.position = position
        row.updated_at = now
        if decision.plausible:
            row.intervals = [list(interval) for interval in decision.intervals]
            row.watched_seconds = decision.watched_seconds
            if decision.reached and row.passed_at is None:
                row.passed_at = now
                newly_passed = True
        else:
            logger.info(
                "Video %s of module %s: %s new seconds refused for learner %s",
                part,
                module.pk,
                decision.new_seconds,
                learner.pk,
            )
        VideoWatch.objects.filter(pk=row.pk).update(
            intervals=row.intervals,
            watched_seconds=row.watched_seconds,
            duration=row.duration,
            position=row.position,
            passed_at=row.passed_at,
            updated_at=now,
        )
        if newly_passed:
            try:
                module_part_passed(learner=learner, module=module, part=part)
            except LearningError as error:  # left the course meanwhile
                raise VideoError(str(error), status=403) from None
    passed = row.passed_at is not None
    percent = watching.watched_percent(watched_seconds=row.watched_seconds, duration=duration)
    completed = visit.context["row"].state.completed or (
        newly_passed
        and module.pk in learner_completed_module_ids(learner=learner, module_ids=[module.pk])
    )
    if not decision.plausible:
        message = _(
            "Part of what was reported could not be counted: it is more than could have been "
            "watched in the time. Keep watching."
        )
    else:
        message = video_watch_message(watched_percent=percent, required_share=share, passed=passed)
    return WatchOutcome(
        watched_percent=percent,
        required_share=share,
        passed=passed,
        module_completed=completed,
        message=message,
        refused=not decision.plausible,
    )
