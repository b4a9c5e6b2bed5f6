"""The weekly class digest: trainers get their classes, commune managers their commune's."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from courses.classes.services import (
    attendance_record,
    class_member_add,
    class_session_create,
)


def _digests() -> dict[str, str]:
    out = StringIO()
    call_command("send_class_digest", stdout=out)
    assert f"Class digests sent: {len(mail.outbox)}" in out.getvalue()
    return {message.to[0]: message for message in mail.outbox}


def test_each_trainer_gets_only_the_classes_they_lead_in_vietnamese(
    klass, other_class, trainer, other_trainer, learner
):
    class_member_add(klass=klass, learner=learner)
    session = class_session_create(klass=klass, held_on="2026-06-01")
    attendance_record(session=session, present_ids=[learner.pk])

    digests = _digests()

    mine = digests[trainer.email]
    assert mine.subject == "Các lớp học của bạn trong tuần này"
    assert klass.name in mine.body
    assert other_class.name not in mine.body
    assert "1 học viên, 0 đã hoàn thành, 0 bị chậm, chuyên cần 100%" in mine.body
    assert other_class.name in digests[other_trainer.email].body


def test_a_commune_manager_gets_the_classes_of_their_commune(
    klass, other_class, commune_manager, other_commune_manager, province_manager
):
    digests = _digests()
    assert klass.name in digests[commune_manager.email].body
    assert other_class.name not in digests[commune_manager.email].body
    assert other_commune_manager.email not in digests  # no class in that commune
    assert province_manager.email not in digests


def test_nobody_gets_a_digest_without_classes(trainer, commune_manager):
    assert _digests() == {}
