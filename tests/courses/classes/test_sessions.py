"""Sessions and attendance: dated sessions, a whole class ticked at once, the attendance rate."""

import pytest
from django.urls import reverse

from courses.classes.models import Attendance, ClassSession
from courses.classes.selectors import class_attendance
from courses.classes.services import attendance_record, class_member_add, class_session_create
from home.factories import UserFactory


@pytest.fixture
def members(klass, thuc_phan):
    learners = [UserFactory(commune=thuc_phan) for _ in range(4)]
    for learner in learners:
        class_member_add(klass=klass, learner=learner)
    klass.refresh_from_db()
    return learners


def test_recording_attendance_replaces_the_previous_ticks(klass, members):
    session = class_session_create(klass=klass, held_on="2026-06-01")
    attendance_record(session=session, present_ids=[members[0].pk, members[1].pk])
    attendance_record(session=session, present_ids=[members[1].pk, members[2].pk])
    present = set(Attendance.objects.filter(session=session).values_list("learner", flat=True))
    assert present == {members[1].pk, members[2].pk}


def test_only_members_of_the_class_can_be_marked_present(klass, members, other_commune):
    session = class_session_create(klass=klass, held_on="2026-06-01")
    stranger = UserFactory(commune=other_commune)
    assert attendance_record(session=session, present_ids=[stranger.pk, members[0].pk]) == 1


def test_the_attendance_rate_counts_sessions_times_members(klass, members):
    first = class_session_create(klass=klass, held_on="2026-06-01")
    second = class_session_create(klass=klass, held_on="2026-06-08")
    attendance_record(session=first, present_ids=[m.pk for m in members])
    attendance_record(session=second, present_ids=[members[0].pk, members[1].pk])
    summary = class_attendance(klass=klass)
    assert summary.rate == 75
    assert [row.present for row in summary.sessions] == [2, 4]


def test_a_class_without_sessions_has_no_rate(klass):
    assert class_attendance(klass=klass).rate is None


def test_the_trainer_adds_a_session_and_ticks_the_whole_class_at_once(
    client, klass, members, trainer
):
    client.force_login(trainer)
    response = client.post(
        reverse("class_sessions", args=(klass.pk,)),
        {"held_on": "2026-06-01", "topic": "Dịch vụ công trực tuyến"},
    )
    session = ClassSession.objects.get(klass=klass)
    assert response.url == reverse("class_session", args=(klass.pk, session.pk))
    assert session.topic == "Dịch vụ công trực tuyến"

    response = client.post(response.url, {"everyone": "1"}, follow=True)
    assert Attendance.objects.filter(session=session).count() == 4
    page = response.content.decode()
    assert "Đã lưu điểm danh: 4 học viên có mặt." in page
    assert "Tỉ lệ chuyên cần: 100%" in page


def test_the_trainer_ticks_some_learners(client, klass, members, trainer):
    session = class_session_create(klass=klass, held_on="2026-06-01")
    client.force_login(trainer)
    url = reverse("class_session", args=(klass.pk, session.pk))
    sheet = client.get(url)
    assert sheet.status_code == 200
    assert f'value="{members[0].pk}"' in sheet.content.decode()
    client.post(url, {"present": [members[0].pk, "x"]})
    assert list(Attendance.objects.values_list("learner", flat=True)) == [members[0].pk]


@pytest.mark.parametrize(
    "role", ["other_trainer", "other_province_manager", "other_commune_manager"]
)
def test_others_neither_see_nor_tick_the_class_sessions(client, request, klass, members, role):
    session = class_session_create(klass=klass, held_on="2026-06-01")
    client.force_login(request.getfixturevalue(role))
    listing = client.get(reverse("class_sessions", args=(klass.pk,)))
    added = client.post(reverse("class_sessions", args=(klass.pk,)), {"held_on": "2026-06-02"})
    ticked = client.post(reverse("class_session", args=(klass.pk, session.pk)), {"everyone": "1"})
    assert (listing.status_code, added.status_code, ticked.status_code) == (404, 404, 404)
    assert ClassSession.objects.count() == 1
    assert not Attendance.objects.exists()


def test_a_session_of_another_class_is_not_found_through_this_one(
    client, klass, other_class, trainer
):
    foreign = class_session_create(klass=other_class, held_on="2026-06-01")
    client.force_login(trainer)
    assert client.get(reverse("class_session", args=(klass.pk, foreign.pk))).status_code == 404
