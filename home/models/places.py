from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province or centrally-run city (34 since the 2025 reorganisation)."""

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Province")
        CITY = "thanh_pho", _("Centrally-run city")

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    codename = models.SlugField(_("code name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        # The package names cities in full ("Thành phố Hà Nội") and provinces bare ("Cao Bằng").
        return self.name if self.kind == self.Kind.CITY else f"Tỉnh {self.name}"


class Commune(models.Model):
    """A commune, ward or special zone: the lower of the two administrative levels."""

    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Commune")
        WARD = "phuong", _("Ward")
        SPECIAL_ZONE = "dac_khu", _("Special zone")

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    codename = models.SlugField(_("code name"), max_length=100)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )

    class Meta:
        ordering = ["province__code", "name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self):
        # Names repeat across provinces ("Xã Lương Sơn" exists in four): always say which.
        return f"{self.name}, {self.province.full_name}"
