"""Reminders: e-mail in Vietnamese, at most one per learner per day, opt-out, chat text."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.classes.models import ClassMember, Reminder, ReminderOptOut
from courses.classes.reminders import (
    opt_out_token,
    reminder_chat_text,
    reminder_opt_out,
    reminders_send,
)
from courses.classes.services import class_member_add
from courses.models import Enrolment
from home.factories import UserFactory

TODAY = date(2026, 6, 15)
BASE = "https://hocvuso.example.vn"


@pytest.fixture
def members(klass, thuc_phan):
    learners = [
        UserFactory(full_name=f"Hà Thị Mai {i}", email=f"mai{i}@example.vn", commune=thuc_phan)
        for i in range(3)
    ]
    for learner in learners:
        class_member_add(klass=klass, learner=learner)
    return learners


def _send(klass, learners, trainer, today=TODAY):
    return reminders_send(klass=klass, learners=learners, sent_by=trainer, today=today)


def test_a_reminder_is_an_email_in_vietnamese_with_a_way_back_and_a_way_out(
    klass, members, trainer, settings
):
    settings.WAGTAILADMIN_BASE_URL = BASE  # the national site, for learners without a portal
    result = _send(klass, members[:1], trainer)
    assert result.sent == 1
    (message,) = mail.outbox
    assert message.to == ["mai0@example.vn"]
    assert message.subject == f"Tiếp tục học cùng lớp “{klass.name}”"
    assert "Giảng viên lớp" in message.body
    assert f"{BASE}/khoa-hoc-cua-toi/" in message.body
    assert BASE + reverse("class_reminder_opt_out", args=(opt_out_token(learner=members[0]),)) in (
        message.body
    )


def test_a_learner_gets_at_most_one_reminder_a_day_whichever_class(
    klass, other_class, members, trainer, other_trainer
):
    _send(klass, members, trainer)
    again = _send(klass, members, trainer)
    assert (again.sent, again.already_today) == (0, 3)
    elsewhere = reminders_send(
        klass=other_class, learners=members[:1], sent_by=other_trainer, today=TODAY
    )
    assert elsewhere.sent == 0
    assert len(mail.outbox) == 3
    tomorrow = _send(klass, members, trainer, today=TODAY + timedelta(days=1))
    assert tomorrow.sent == 3


def test_a_learner_who_turned_reminders_off_gets_none(klass, members, trainer):
    reminder_opt_out(learner=members[0])
    result = _send(klass, members, trainer)
    assert (result.sent, result.opted_out) == (2, 1)
    assert {m.to[0] for m in mail.outbox} == {"mai1@example.vn", "mai2@example.vn"}


def test_the_opt_out_link_turns_reminders_off_without_signing_in(client, members):
    url = reverse("class_reminder_opt_out", args=(opt_out_token(learner=members[0]),))
    assert "Ngừng nhận e-mail nhắc học" in client.get(url).content.decode()
    assert not ReminderOptOut.objects.exists()
    response = client.post(url)
    assert "Bạn sẽ không nhận lời nhắc của lớp nữa." in response.content.decode()
    assert ReminderOptOut.objects.get().learner == members[0]


def test_a_forged_opt_out_link_is_not_found(client, members):
    url = reverse("class_reminder_opt_out", args=(f"{members[0].pk}:forged",))
    assert client.post(url).status_code == 404
    assert not ReminderOptOut.objects.exists()


def test_the_chat_text_is_in_vietnamese_with_the_link(klass):
    text = reminder_chat_text(klass=klass, base_url=BASE)
    assert text.startswith(f"Chào cả lớp “{klass.name}”!")
    assert f"{BASE}/khoa-hoc-cua-toi/" in text


def test_the_trainer_reminds_only_the_stuck_learners(client, klass, members, trainer):
    idle = members[0]
    ClassMember.objects.filter(learner=idle).update(joined_at=timezone.now() - timedelta(days=30))
    Enrolment.objects.filter(learner=idle).update(enrolled_at=timezone.now() - timedelta(days=30))
    client.force_login(trainer)
    page = client.get(reverse("class_reminders", args=(klass.pk,))).content.decode()
    assert "Chào cả lớp" in page
    response = client.post(
        reverse("class_reminders", args=(klass.pk,)), {"to": "stuck"}, follow=True
    )
    assert [m.to for m in mail.outbox] == [[idle.email]]
    assert "Đã gửi lời nhắc: 1." in response.content.decode()
    assert Reminder.objects.get().sent_by == trainer


def test_the_trainer_reminds_the_whole_class(client, klass, members, trainer):
    client.force_login(trainer)
    client.post(reverse("class_reminders", args=(klass.pk,)), {"to": "all"})
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    "role", ["other_trainer", "other_province_manager", "other_commune_manager"]
)
def test_others_cannot_remind_the_class(client, request, klass, members, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("class_reminders", args=(klass.pk,))).status_code == 404
    assert (
        client.post(reverse("class_reminders", args=(klass.pk,)), {"to": "all"}).status_code == 404
    )
    assert not mail.outbox
