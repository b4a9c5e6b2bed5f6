"""`video_watch_record`: who may report, how reports merge, and when the video counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.factories import ModulePageFactory
from courses.models import ModulePartResult
from courses.selectors import learner_completed_module_ids
from courses.services import LearningError, module_mark_done
from courses.videos import services
from courses.videos.factories import VideoBlockFactory, VideoDocumentFactory
from courses.videos.models import VideoWatch
from courses.videos.services import VideoError, video_watch_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

T0 = timezone.now()


def report(learner, module, part, ranges, *, at=0, duration=100, position=None):
    return video_watch_record(
        learner=learner,
        module=module,
        part=part,
        ranges=ranges,
        duration=duration,
        position=ranges[-1][1] if position is None and ranges else position or 0,
        now=T0 + timedelta(seconds=at),
    )


def completed(learner, module) -> bool:
    return module.pk in learner_completed_module_ids(learner=learner, module_ids=[module.pk])


def test_a_required_video_is_a_completion_part_of_its_module(course, module, part, video):
    optional = ModulePageFactory(parent=course, body=[VideoBlockFactory(required_share=0)])

    assert module.completion_parts() == [part]
    assert optional.completion_parts() == []


def test_the_first_report_keeps_what_was_played_within_the_video(enrolled, module, part):
    outcome = report(enrolled, module, part, [[-1, 2], [1, 4.5]], duration=100, position=4.5)

    watch = VideoWatch.objects.get(learner=enrolled, module=module, part=part)
    assert watch.intervals == [[0, 4.5]]
    assert watch.watched_seconds == 4.5
    assert (watch.duration, watch.position) == (100, 4.5)
    assert outcome.watched_percent == 4
    assert not outcome.passed
    assert "Watch at least 90%" in outcome.message


def test_reports_are_merged_and_seeking_past_leaves_a_gap(enrolled, module, part):
    report(enrolled, module, part, [[0, 5]], at=0)
    report(enrolled, module, part, [[0, 20], [60, 70]], at=30)

    watch = VideoWatch.objects.get()
    assert watch.intervals == [[0, 20], [60, 70]]
    assert watch.watched_seconds == 30


def test_growth_faster_than_double_speed_is_refused_and_keeps_what_was_watched(
    enrolled, module, part
):
    report(enrolled, module, part, [[0, 5]], at=0)

    outcome = report(enrolled, module, part, [[0, 95]], at=10, position=95)

    watch = VideoWatch.objects.get()
    assert outcome.refused
    assert "could not be counted" in outcome.message
    assert watch.intervals == [[0, 5]]
    assert watch.passed_at is None
    assert not completed(enrolled, module)
    # The clock restarts at the refused report: an honest player's next report counts.
    assert report(enrolled, module, part, [[0, 95]], at=55).passed


def test_a_first_report_of_a_whole_video_is_refused(enrolled, module, part):
    outcome = report(enrolled, module, part, [[0, 100]], at=0)

    assert outcome.refused
    assert VideoWatch.objects.get().watched_seconds == 0


def test_below_the_share_the_module_stays_incomplete(enrolled, module, part):
    report(enrolled, module, part, [[0, 1]], at=0)
    outcome = report(enrolled, module, part, [[0, 89]], at=60)

    assert outcome.watched_percent == 89
    assert not outcome.passed
    assert not outcome.module_completed
    assert not ModulePartResult.objects.exists()
    assert not completed(enrolled, module)


def test_reaching_the_share_completes_the_module_once(enrolled, module, part, monkeypatch):
    calls = []
    real = services.module_part_passed
    monkeypatch.setattr(
        services, "module_part_passed", lambda **kwargs: calls.append(kwargs) or real(**kwargs)
    )
    report(enrolled, module, part, [[0, 1]], at=0)

    first = report(enrolled, module, part, [[0, 90]], at=60)
    again = report(enrolled, module, part, [[0, 90]], at=61)
    more = report(enrolled, module, part, [[0, 100]], at=80)

    assert first.passed and again.passed and more.passed
    assert first.module_completed
    assert "counts toward completing the module" in first.message
    assert len(calls) == 1
    assert ModulePartResult.objects.get().part == part
    assert completed(enrolled, module)
    assert VideoWatch.objects.get().passed_at == T0 + timedelta(seconds=60)


def test_mark_as_done_cannot_complete_the_module_before_the_video_is_watched(
    enrolled, course, module, part
):
    with pytest.raises(LearningError, match="once you pass its activities"):
        module_mark_done(learner=enrolled, course=course, module=module)
    assert not completed(enrolled, module)

    report(enrolled, module, part, [[0, 1]], at=0)
    report(enrolled, module, part, [[0, 95]], at=60)

    assert completed(enrolled, module)


def _set_length(module, length):
    body = [dict(child) for child in module.body.raw_data]
    video = next(child for child in body if child["type"] == "video")
    video["value"] = {**video["value"], "length": length}
    module.body = body
    module.save_revision().publish()


def test_a_new_length_given_by_the_trainer_starts_the_watching_over(enrolled, module, part):
    report(enrolled, module, part, [[0, 1]], at=0)
    report(enrolled, module, part, [[0, 40]], at=30)
    _set_length(module, 300)

    report(enrolled, module, part, [[0, 3]], at=60)

    watch = VideoWatch.objects.get()
    assert (watch.duration, watch.intervals) == (300, [[0, 3]])


def test_the_length_the_browser_reports_is_not_believed(enrolled, module, part):
    # A forged report: "the video lasts 5 s and I watched all of it".
    outcome = report(enrolled, module, part, [[0, 5]], at=0, duration=5)
    later = report(enrolled, module, part, [[0, 20]], at=10, duration=20)

    watch = VideoWatch.objects.get()
    assert watch.duration == 100
    assert (outcome.watched_percent, later.watched_percent) == (5, 20)
    assert not later.passed
    assert not ModulePartResult.objects.exists()


def test_a_video_without_a_length_counts_nothing_and_says_why(enrolled, module, part):
    _set_length(module, None)

    with pytest.raises(VideoError, match="length is not set") as refused:
        report(enrolled, module, part, [[0, 1]])

    assert refused.value.status == 409
    assert not VideoWatch.objects.exists()


def test_a_required_share_needs_a_length_in_the_editor():
    from django.core.exceptions import ValidationError

    from courses.blocks import VideoBlock

    block = VideoBlock()
    video = VideoDocumentFactory()
    value = block.to_python({"video": video.pk, "required_share": 90, "length": None})

    with pytest.raises(ValidationError) as refused:
        block.clean(value)
    assert "length" in refused.value.block_errors
    assert block.clean(block.to_python({"video": video.pk, "required_share": 0}))
    assert block.clean(block.to_python({"video": video.pk, "required_share": 90, "length": 60}))


def test_a_learner_not_enrolled_is_refused_and_nothing_is_saved(learner, module, part):
    with pytest.raises(VideoError, match="Enrol") as refused:
        report(learner, module, part, [[0, 1]])

    assert refused.value.status == 403
    assert not VideoWatch.objects.exists()


def test_a_video_the_module_does_not_require_is_refused(enrolled, course, module):
    optional = VideoBlockFactory(required_share=0)
    module.body = [*module.body.raw_data, optional]
    module.save_revision().publish()

    for part in (f"video:{optional['value']['video']}", "video:999999", "quiz:1"):
        with pytest.raises(VideoError, match="does not need to be watched") as refused:
            report(enrolled, module, part, [[0, 1]])
        assert refused.value.status == 404
    assert not VideoWatch.objects.exists()


def test_a_report_that_cannot_be_read_is_refused_and_nothing_is_saved(enrolled, module, part):
    report(enrolled, module, part, [[0, 5]], at=0)

    with pytest.raises(VideoError, match="could not be read") as refused:
        report(enrolled, module, part, [[9, 1]], at=10)

    assert refused.value.status == 400
    assert VideoWatch.objects.get().intervals == [[0, 5]]


def test_a_watched_video_shows_on_the_next_view_of_the_course(
    client, enrolled, course, module, part
):
    client.force_login(enrolled)
    assert not client.get(course.url).context["progress"].rows[0].state.completed

    report(enrolled, module, part, [[0, 1]], at=0)
    report(enrolled, module, part, [[0, 90]], at=60)

    assert client.get(course.url).context["progress"].rows[0].state.completed
