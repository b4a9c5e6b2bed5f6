"""Certificate models, in the `courses` app (re-exported by `courses.models`): one certificate
per learner and course, and the issuer settings printed on new certificates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from courses.certificates.codes import code_display
from courses.certificates.storage import certificate_storage


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """What every new certificate says about its issuer. Certificates already issued keep the
    values they were rendered with: their PDF is made once and signed."""

    issuing_organisation = models.CharField(
        _("issuing organisation"), max_length=200, default="Bình dân học vụ số"
    )
    heading = models.CharField(_("heading"), max_length=100, default="Giấy chứng nhận")
    statement = models.CharField(
        _("statement before the course title"),
        max_length=200,
        default="đã hoàn thành khóa học",
    )
    place = models.CharField(
        _("place of issue"),
        max_length=100,
        blank=True,
        default="Hà Nội",
        help_text=_("Printed before the date, as in “Hà Nội, ngày … tháng … năm …”."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scan of the signature, ideally a PNG with a transparent background."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("issuing_organisation"),
                FieldPanel("logo"),
                FieldPanel("heading"),
                FieldPanel("statement"),
                FieldPanel("place"),
            ],
            heading=_("Issuer"),
        ),
        MultiFieldPanel(
            [FieldPanel("signer_name"), FieldPanel("signer_title"), FieldPanel("signature_image")],
            heading=_("Signature"),
        ),
    ]

    class Meta:
        verbose_name = _("certificates")


class Certificate(models.Model):
    """A completion certificate: what it said when issued, its signed PDF and its status.

    The learner's name, course, commune and province are copied at issue time, so the
    certificate (and its verification page) keeps saying what was printed even when the
    profile, the course or the commune changes later, or the account is deleted.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced")

    code = models.CharField(_("verification code"), max_length=28, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    completion = models.ForeignKey(
        "courses.CourseCompletion",
        verbose_name=_("course completion"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    learner_name = models.CharField(_("learner's name"), max_length=150)
    course_title = models.CharField(_("course title"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    commune = models.ForeignKey(
        "home.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)
    issuer_site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("issued on the portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: issued by the national platform."),
    )
    issuer_name = models.CharField(_("issuer"), max_length=200, blank=True)
    issuer_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("issuer's logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    province_name = models.CharField(_("province"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked or re-issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(
        _("PDF"), storage=certificate_storage, upload_to="%Y", blank=True, max_length=200
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("PDF made at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One current certificate per learner and course; a replaced one steps aside for
            # the certificate that replaced it.
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=~models.Q(status="replaced"),
                name="unique_current_certificate",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="revoked") | models.Q(revoked_at__isnull=False),
                name="revoked_certificate_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "issued_at"])]

    def __str__(self):
        return f"{self.learner_name} · {self.course_title} · {self.display_code}"

    @property
    def display_code(self) -> str:
        return code_display(self.code)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf)
