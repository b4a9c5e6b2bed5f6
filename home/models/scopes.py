from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ManagerScope(models.Model):
    """The area whose statistics a manager may see: the whole country, a province or a commune.

    Read from the database on every request (`courses.reports.scopes.scope_resolve`), so a
    manager moved to another area loses the old one at once. Superusers are national without a
    row. The check constraint keeps the place fields in line with the level.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.CASCADE,
        related_name="manager_scope",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "home.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "home.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("manager scope")
        verbose_name_plural = _("manager scopes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="national", province__isnull=True, commune__isnull=True)
                    | Q(level="province", province__isnull=False, commune__isnull=True)
                    | Q(level="commune", province__isnull=True, commune__isnull=False)
                ),
                name="manager_scope_place_matches_level",
                violation_error_message=_(
                    "Choose a province for a province manager, a commune for a commune "
                    "manager, and neither for a national administrator."
                ),
            )
        ]

    def __str__(self):
        if self.level == self.Level.PROVINCE and self.province_id:
            return f"{self.user} · {self.province}"
        if self.level == self.Level.COMMUNE and self.commune_id:
            return f"{self.user} · {self.commune}"
        return f"{self.user} · {self.get_level_display()}"
