"""Joining a class with its code, link or QR code, and a trainer adding learners one by one."""

import io

import pytest
import segno
from django.contrib.messages import get_messages
from django.urls import reverse

from courses.classes.models import ClassMember
from courses.classes.services import class_member_add
from courses.models import Enrolment
from home.factories import UserFactory


def _join_url(klass):
    return reverse("class_join", args=(klass.join_code,))


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_join_page_asks_a_visitor_to_sign_in_or_up_and_come_back(client, klass):
    response = client.get(_join_url(klass))
    page = response.content.decode()
    assert response.status_code == 200
    assert klass.name in page
    next_param = "?next=" + _join_url(klass)
    assert reverse("account_login") + next_param in page
    assert reverse("account_signup") + next_param in page


def test_a_visitor_posting_is_sent_to_sign_in(client, klass):
    response = client.post(_join_url(klass))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not ClassMember.objects.exists()


def test_a_learner_joins_and_finds_the_courses_in_their_list(client, klass, learner, class_course):
    client.force_login(learner)
    response = client.post(_join_url(klass))
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert ClassMember.objects.filter(klass=klass, learner=learner).exists()
    assert Enrolment.objects.filter(learner=learner, course=class_course).exists()
    assert "Chào mừng bạn đến với lớp" in _messages(response)[0]


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("closed", "Lớp này hiện không nhận thêm học viên"),
        ("full", "Lớp này đã đủ học viên"),
        ("member", "Bạn đã ở trong lớp"),
        ("other_commune", "Lớp này dành cho học viên của Phường Thục Phán"),
    ],
)
def test_a_refused_join_says_why_in_vietnamese(
    client, klass, learner, thuc_phan, other_commune, situation, message
):
    joiner = learner
    if situation == "closed":
        klass.is_open = False
        klass.save()
    elif situation == "full":
        klass.capacity = 1
        klass.save()
        class_member_add(klass=klass, learner=UserFactory(commune=thuc_phan))
    elif situation == "member":
        class_member_add(klass=klass, learner=learner)
    else:
        joiner = UserFactory(commune=other_commune)
    client.force_login(joiner)
    response = client.post(_join_url(klass), follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ClassMember.objects.filter(klass=klass, learner=joiner).count() == (
        1 if situation == "member" else 0
    )


def test_an_unknown_join_link_is_not_found(client, db):
    assert client.get(reverse("class_join", args=("ZZZZZZ",))).status_code == 404


def test_the_code_form_leads_to_the_class_whatever_the_case(client, klass):
    response = client.get(reverse("class_join_start"), {"code": klass.join_code.lower()})
    assert response.status_code == 302
    assert response.url == _join_url(klass)


def test_the_code_form_says_when_no_class_has_the_code(client, db):
    response = client.get(reverse("class_join_start"), {"code": "ZZZZZZ"}, follow=True)
    assert "Không có lớp nào có mã này" in response.content.decode()


def test_the_qr_code_is_svg_drawn_here_and_encodes_the_join_link(client, klass, trainer):
    client.force_login(trainer)
    response = client.get(reverse("class_qr", args=(klass.pk,)))
    expected = segno.make("http://testserver" + _join_url(klass), error="m")
    assert response["Content-Type"] == "image/svg+xml"
    drawn = io.BytesIO()
    expected.save(drawn, kind="svg", scale=8, border=2)
    assert response.content == drawn.getvalue()
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content
    assert "http" not in response.content.decode().replace("http://www.w3.org", "")


def test_the_class_page_shows_the_code_and_link_for_the_room(client, klass, trainer):
    client.force_login(trainer)
    page = client.get(reverse("class_detail", args=(klass.pk,))).content.decode()
    assert klass.join_code in page
    assert "http://testserver" + _join_url(klass) in page


def test_searching_finds_learners_of_the_commune_not_yet_in_the_class(
    client, klass, trainer, thuc_phan, other_commune
):
    wanted = UserFactory(full_name="Lò Thị Bích", email="bich@example.vn", commune=thuc_phan)
    member = UserFactory(full_name="Lò Văn Minh", email="minh@example.vn", commune=thuc_phan)
    class_member_add(klass=klass, learner=member)
    UserFactory(full_name="Lò Thị Hoa", email="hoa@example.vn", commune=other_commune)
    client.force_login(trainer)
    response = client.get(reverse("class_detail", args=(klass.pk,)), {"q": "Lò"})
    assert response.context["candidates"] == [wanted]


def test_searching_by_phone_finds_the_learner(client, klass, trainer, thuc_phan):
    wanted = UserFactory(phone="0912345678", commune=thuc_phan)
    client.force_login(trainer)
    response = client.get(reverse("class_detail", args=(klass.pk,)), {"q": "2345"})
    assert response.context["candidates"] == [wanted]


def test_a_trainer_cannot_add_a_learner_of_another_commune(client, klass, trainer, other_commune):
    outsider = UserFactory(commune=other_commune)
    client.force_login(trainer)
    response = client.post(
        reverse("class_member_add", args=(klass.pk,)), {"learner": outsider.pk}, follow=True
    )
    assert "Học viên này thuộc xã/phường khác" in response.content.decode()
    assert not ClassMember.objects.filter(learner=outsider).exists()


def test_the_learners_dashboard_links_to_the_code_form(client, learner):
    client.force_login(learner)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("class_join_start") in page
    assert "Tham gia lớp học bằng mã" in page
