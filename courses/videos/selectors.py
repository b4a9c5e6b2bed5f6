"""Reads for video blocks: what a learner's video block shows, the share a module's video
requires, and whether the learner chose to save data."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from courses.videos import watching
from courses.videos.models import VideoWatch

# Set by the "save data" form of the profile page (`courses.videos.views.data_saver`).
SAVE_DATA_COOKIE = "elearn_save_data"


def save_data_chosen(request) -> bool:
    """Whether the learner asked for light videos on this device."""
    return request is not None and request.COOKIES.get(SAVE_DATA_COOKIE) == "1"


def saves_data(request) -> bool:
    """Whether this device should fetch nothing ahead: the learner chose to save data on it, or
    the browser says the phone does (`Save-Data: on`, Android's data saver)."""
    if request is None:
        return False
    return save_data_chosen(request) or request.headers.get("Save-Data", "").lower() == "on"


@dataclass(frozen=True)
class VideoRequirement:
    """What a module's video part asks: the share (percent) to watch, of `length` seconds (the
    length the trainer gave; 0 when missing, and then nothing can be counted)."""

    share: int = 0
    length: int = 0


def video_requirement(*, module, part: str) -> VideoRequirement:
    """What the module's video `part` ("video:5") requires; a share of 0 when no video block of
    the module requires it. Reads the stored body, without loading documents."""
    for child in module.body.raw_data:
        value = child.get("value") or {}
        if child.get("type") == "video" and f"video:{value.get('video')}" == part:
            share = value.get("required_share") or 0
            if share:
                return VideoRequirement(share=int(share), length=int(value.get("length") or 0))
    return VideoRequirement()


def video_watch_message(*, watched_percent: int, required_share: int, passed: bool) -> str:
    """What the learner reads under a video that must be watched."""
    if passed:
        return _("Watched %(watched)d%%: this video counts toward completing the module.") % {
            "watched": watched_percent
        }
    return _(
        "Watched %(watched)d%%. Watch at least %(required)d%% of this video to complete the "
        "module; skipped parts do not count."
    ) % {"watched": watched_percent, "required": required_share}


@dataclass(frozen=True)
class VideoBlockState:
    """What a video block shows: its sources in the order to try them, the light version's
    address for the page's script, and for a video that must be watched by a signed-in
    learner, where to report, where to resume and what has been watched."""

    sources: tuple = ()
    light_url: str = ""
    report_url: str = ""
    required_share: int = 0
    position: float = 0
    passed: bool = False
    message: str = ""


def video_block_state(*, value, part: str | None, request, module) -> VideoBlockState:
    """The state of a video block for the request's learner: one query for a video that must
    be watched (the learner's progress), none otherwise."""
    video, light = value.get("video"), value.get("light_video")
    sources = tuple(filter(None, [light, video] if save_data_chosen(request) else [video, light]))
    light_url = light.file.url if light is not None else ""
    user = getattr(request, "user", None)
    if (
        part is None
        or module is None
        or user is None
        or not user.is_authenticated
        or getattr(request, "is_preview", False)
    ):
        return VideoBlockState(sources=sources, light_url=light_url)
    required = value["required_share"]
    watch = VideoWatch.objects.filter(learner=user, module=module, part=part).first()
    percent = (
        watching.watched_percent(watched_seconds=watch.watched_seconds, duration=watch.duration)
        if watch
        else 0
    )
    passed = bool(watch and watch.passed_at)
    return VideoBlockState(
        sources=sources,
        light_url=light_url,
        report_url=reverse("video_watch", kwargs={"module_id": module.pk, "document_id": video.pk}),
        required_share=required,
        position=watch.position if watch else 0,
        passed=passed,
        message=video_watch_message(
            watched_percent=percent, required_share=required, passed=passed
        ),
    )
