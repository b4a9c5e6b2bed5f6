from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VideoWatch(models.Model):
    """How much of a required video of a module a learner has watched.

    `part` is the video block's completion key ("video:<document id>"); `intervals` the merged
    watched ranges in seconds ([[start, end], ...]); `duration` the length the learner's
    browser reported first. Written only by `courses.videos.services.video_watch_record`.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_watches"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="video_watches"
    )
    part = models.CharField(_("video"), max_length=50)
    intervals = models.JSONField(_("watched intervals"), default=list, blank=True)
    watched_seconds = models.FloatField(_("seconds watched"), default=0)
    duration = models.FloatField(_("length (seconds)"), default=0)
    position = models.FloatField(_("last position (seconds)"), default=0)
    passed_at = models.DateTimeField(_("watched enough at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("video watch")
        verbose_name_plural = _("video watches")
        constraints = [
            models.UniqueConstraint(fields=["learner", "module", "part"], name="unique_video_watch")
        ]

    def __str__(self):
        return f"{self.learner} · {self.module} · {self.part}"
