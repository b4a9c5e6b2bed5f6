"""The weekly class digest: each trainer receives the progress of the classes they lead, each
commune manager that of the classes of their commune (members, finished, stuck, attendance),
and both the standing of those classes' communes against their targets (completions of every
course and group, the dashboard's figures). Sent by `manage.py send_class_digest` from a weekly
system timer; written in Vietnamese, naming and linking to the recipient's own portal.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from courses.classes.models import Class
from courses.classes.progress import class_progress
from courses.classes.selectors import class_attendance
from courses.models import ManagerScope
from courses.reports.forms import ReportFilters
from courses.reports.scopes import COMMUNE, Area
from courses.reports.selectors import Figures, area_totals
from home.selectors import learner_site

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestLine:
    klass: Class
    members: int
    finished: int
    stuck: int
    attendance_rate: int | None


@dataclass(frozen=True)
class CommuneLine:
    """A commune of the digest's classes: its completions against its target, as the
    statistics dashboard counts them (all courses, all learner groups)."""

    commune: object
    figures: Figures


def _commune_line(commune) -> CommuneLine:
    area = Area(level=COMMUNE, province=commune.province, commune=commune)
    return CommuneLine(commune=commune, figures=area_totals(area=area, filters=ReportFilters()))


def _line(klass: Class, now) -> DigestLine:
    progress = class_progress(klass=klass, now=now)
    return DigestLine(
        klass=klass,
        members=len(progress.rows),
        finished=progress.finished_count,
        stuck=len(progress.stuck_rows),
        attendance_rate=class_attendance(klass=klass).rate,
    )


def _recipients() -> dict[int, tuple]:
    """Each recipient with the classes of their digest: the ones they lead, and for commune
    managers the ones of their commune."""
    users = get_user_model().objects.filter(is_active=True)
    found: dict[int, tuple] = {}
    classes = Class.objects.select_related("commune").order_by("name", "pk")
    for klass in classes.prefetch_related("trainers"):
        for trainer in klass.trainers.all():
            if trainer.is_active:
                found.setdefault(trainer.pk, (trainer, set()))[1].add(klass.pk)
    scopes = ManagerScope.objects.filter(
        level=ManagerScope.Level.COMMUNE, user__in=users
    ).select_related("user")
    for scope in scopes:
        ids = set(classes.filter(commune_id=scope.commune_id).values_list("pk", flat=True))
        if ids:
            found.setdefault(scope.user_id, (scope.user, set()))[1].update(ids)
    return found


def digest_send(*, now) -> int:
    """E-mail every trainer and commune manager their classes' digest; returns how many."""
    recipients = _recipients()
    wanted = {pk for _user, ids in recipients.values() for pk in ids}
    lines = {
        klass.pk: _line(klass, now)
        for klass in Class.objects.filter(pk__in=wanted).select_related("commune__province")
    }
    communes = {line.klass.commune_id: _commune_line(line.klass.commune) for line in lines.values()}
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user, ids in recipients.values():
            if not user.email:
                continue
            site = learner_site(user=user)
            context = {
                "user": user,
                "classes_url": site.root_url + reverse("classes:index"),
                "lines": sorted((lines[pk] for pk in ids), key=lambda line: line.klass.name),
                "communes": sorted(
                    (
                        communes[commune_id]
                        for commune_id in {lines[pk].klass.commune_id for pk in ids}
                    ),
                    key=lambda line: line.commune.name,
                ),
                "site_name": site.name,
            }
            subject = render_to_string("courses/classes/emails/digest_subject.txt", context)
            body = render_to_string("courses/classes/emails/digest.txt", context)
            messages.append(EmailMessage(subject.strip(), body, to=[user.email]))
    try:
        get_connection().send_messages(messages)
    except OSError:
        logger.exception("Could not send %d class digests", len(messages))
        return 0
    return len(messages)
