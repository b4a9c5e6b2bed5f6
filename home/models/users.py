from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.validators import validate_vietnamese_phone


class LearnerGroup(models.TextChoices):
    OFFICIAL = "official", _("Official, civil servant or public employee")
    DIGITAL_TEAM = "digital_team", _("Community Digital Technology Team member")
    CITIZEN = "citizen", _("Citizen")


class LearnerManager(UserManager):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account: a learner, a trainer or an administrator.

    The learner's commune is part of the account so that every enrolment and completion can be
    attributed to a commune. Changes of commune are kept in `CommuneChange`.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(
        _("phone"), max_length=15, blank=True, validators=[validate_vietnamese_phone]
    )
    commune = models.ForeignKey(
        "home.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    learner_group = models.CharField(
        _("learner group"), max_length=20, choices=LearnerGroup.choices, blank=True
    )
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    portal = models.ForeignKey(
        "home.Portal",
        verbose_name=_("portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learners",
        help_text=_(
            "The provincial portal the account was made on; e-mails link there. Empty: the "
            "national site."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = LearnerManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Bulk enrolment matches people by e-mail or phone, so a phone belongs to one account.
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="unique_user_phone"
            )
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.email

    @property
    def province(self):
        return self.commune.province if self.commune_id else None


class CommuneChange(models.Model):
    """One move of a learner from one commune to another, with its date."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="commune_changes")
    old_commune = models.ForeignKey(
        "home.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_commune = models.ForeignKey(
        "home.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("commune change")
        verbose_name_plural = _("commune changes")

    def __str__(self):
        return f"{self.user}: {self.old_commune} → {self.new_commune}"
