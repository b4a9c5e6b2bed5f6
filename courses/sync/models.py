from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionReceipt(models.Model):
    """An action a learner's device sent with its own id, and the answer the server gave.

    Written only by `courses.sync.services.action_once`, in the transaction that performed the
    action, so a receipt exists exactly when the action took effect. `status` is the HTTP
    status of the answer, `summary` what is needed to give it again (a redirect's address or
    a JSON body).
    """

    class Kind(models.TextChoices):
        MODULE_DONE = "module_done", _("module marked as done")
        QUIZ_SAVE = "quiz_save", _("quiz answers saved")
        QUIZ_SUBMIT = "quiz_submit", _("quiz submitted")
        H5P_STATEMENT = "h5p_statement", _("H5P result")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_receipts"
    )
    action_id = models.UUIDField(_("action id"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.PositiveSmallIntegerField(_("answer status"), default=0)
    summary = models.JSONField(_("answer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("action receipt")
        verbose_name_plural = _("action receipts")
        constraints = [
            models.UniqueConstraint(fields=["learner", "action_id"], name="unique_action_receipt")
        ]

    def __str__(self):
        return f"{self.learner} · {self.kind} · {self.action_id}"
