"""The weekly class digest: trainers get their classes, commune managers their commune's."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from courses.classes.services import (
    attendance_record,
    class_member_add,
    class_session_create,
)
from courses.models import CourseCompletion, Enrolment
from courses.reports.factories import TargetFactory


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


def test_the_digest_gives_the_commune_against_its_target(
    klass, class_course, trainer, learner, thuc_phan
):
    class_member_add(klass=klass, learner=learner)
    enrolment = Enrolment.objects.get(learner=learner, course=class_course)
    CourseCompletion.objects.create(learner=learner, course=class_course, enrolment=enrolment)
    TargetFactory(commune=thuc_phan, course=None, learner_group="", expected_completions=4)

    body = _digests()[trainer.email].body

    assert "Số người hoàn thành so với chỉ tiêu của xã (mọi khóa học):" in body
    assert f"- {thuc_phan}: 1 lượt hoàn thành trên chỉ tiêu 4 (25,0%)" in body


def test_the_digest_says_when_a_commune_has_no_target(klass, trainer, thuc_phan):
    body = _digests()[trainer.email].body
    assert f"- {thuc_phan}: 0 lượt hoàn thành, chưa đặt chỉ tiêu" in body
