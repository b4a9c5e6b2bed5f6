"""Reminders to a class's learners: an e-mail to each (at most one per learner per day, never
to a learner who turned them off) and a text for the trainer to paste into the class's chat
group (Zalo). The daily limit is a database constraint, so two trainers of two classes
clicking at once still send one e-mail. E-mails are written in the site's language
(Vietnamese), link to the learner's own portal (`home.selectors.learner_site`) and carry a
link that turns reminders off without signing in.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from courses.classes.models import Class, Reminder, ReminderOptOut
from home.selectors import learner_site

logger = logging.getLogger(__name__)

OPT_OUT_SALT = "courses.classes.reminder-opt-out"


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    already_today: int
    opted_out: int


def opt_out_token(*, learner) -> str:
    return signing.dumps(learner.pk, salt=OPT_OUT_SALT)


def opt_out_learner_id(*, token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=OPT_OUT_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def reminder_opt_out(*, learner) -> None:
    ReminderOptOut.objects.get_or_create(learner=learner)


def reminder_opt_in(*, learner) -> None:
    ReminderOptOut.objects.filter(learner=learner).delete()


def _context(*, klass: Class, base_url: str) -> dict:
    return {
        "klass": klass,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "dashboard_url": base_url + reverse("dashboard"),
    }


def reminder_chat_text(*, klass: Class, base_url: str) -> str:
    """The message a trainer copies into the class's chat group."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "courses/classes/emails/reminder_chat.txt", _context(klass=klass, base_url=base_url)
        ).strip()


def reminders_send(*, klass: Class, learners, sent_by, today: date):
    """E-mail a reminder to each of `learners` (members of the class) who has not turned
    reminders off and has not had one today; returns what was sent and skipped. Each e-mail
    links to the learner's portal, whichever host the trainer sends from."""
    learners = list(learners)
    opted = set(
        ReminderOptOut.objects.filter(learner__in=learners).values_list("learner_id", flat=True)
    )
    messages, already = [], 0
    with translation.override(settings.LANGUAGE_CODE):
        for learner in learners:
            if learner.pk in opted or not learner.email:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        learner=learner, klass=klass, sent_on=today, sent_by=sent_by
                    )
            except IntegrityError:
                already += 1
                continue
            site = learner_site(user=learner)
            base_url = site.root_url
            context = {
                **_context(klass=klass, base_url=base_url),
                "site_name": site.name,
                "learner": learner,
                "opt_out_url": base_url
                + reverse("class_reminder_opt_out", args=(opt_out_token(learner=learner),)),
            }
            subject = render_to_string(
                "courses/classes/emails/reminder_subject.txt", context
            ).strip()
            body = render_to_string("courses/classes/emails/reminder.txt", context)
            messages.append(EmailMessage(subject, body, to=[learner.email]))
    try:
        get_connection().send_messages(messages)
    except OSError:
        logger.exception("Could not send %d class reminders", len(messages))
    return ReminderResult(sent=len(messages), already_today=already, opted_out=len(opted))
