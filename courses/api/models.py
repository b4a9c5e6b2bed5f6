"""Personal API tokens (re-exported by `courses.models`): a manager's key to the statistics API.

Only the SHA-256 hash of a token is stored; the token itself is shown once, when it is made
(`courses.api.services.api_token_create`). A token carries no scope of its own: each request
reads its owner's scope again, so a changed scope or a deactivated owner counts at once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the provincial portal.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="statistics_api_tokens",
    )
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    prefix = models.CharField(
        _("first characters"),
        max_length=12,
        help_text=_("The beginning of the token, to recognise it; the rest is not kept."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, *, now=None) -> bool:
        """Neither revoked nor expired (the owner's state is checked by the caller)."""
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    is_usable.boolean = True
    is_usable.short_description = _("usable")
