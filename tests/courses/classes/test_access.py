"""Who reaches which class screen: every URL, for every role, on a class of Thục Phán
(Cao Bằng). A class outside the user's reach answers 404, an action they may not take 403."""

import pytest
from django.urls import reverse

from courses.classes.models import Class, ClassMember
from home.factories import UserFactory

ALLOWED = ["trainer", "national_manager", "province_manager", "commune_manager"]
STRANGERS = ["other_trainer", "other_province_manager", "other_commune_manager"]
MANAGERS = ["national_manager", "province_manager", "commune_manager"]


def _client(client, request, role):
    client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize("role", ALLOWED)
@pytest.mark.parametrize("name", ["class_detail", "class_qr"])
def test_the_trainer_and_managers_above_open_the_class(client, request, klass, role, name):
    response = _client(client, request, role).get(reverse(name, args=(klass.pk,)))
    assert response.status_code == 200


@pytest.mark.parametrize("role", STRANGERS)
@pytest.mark.parametrize("name", ["class_detail", "class_qr"])
def test_another_trainer_or_area_does_not_find_the_class(client, request, klass, role, name):
    response = _client(client, request, role).get(reverse(name, args=(klass.pk,)))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["class_detail", "class_qr"])
def test_a_learner_never_sees_a_class_screen(client, klass, learner, name):
    client.force_login(learner)
    response = client.get(reverse(name, args=(klass.pk,)))
    assert response.status_code in (302, 403)
    assert klass.join_code not in response.content.decode()


@pytest.mark.parametrize("role", ALLOWED)
def test_the_trainer_and_managers_above_add_and_remove_learners(
    client, request, klass, learner, role
):
    client = _client(client, request, role)
    client.post(reverse("class_member_add", args=(klass.pk,)), {"learner": learner.pk})
    member = ClassMember.objects.get(klass=klass, learner=learner)
    client.post(reverse("class_member_remove", args=(klass.pk, member.pk)))
    assert not ClassMember.objects.filter(klass=klass).exists()


@pytest.mark.parametrize("role", STRANGERS)
def test_another_trainer_or_area_can_neither_add_nor_remove(
    client, request, klass, learner, thuc_phan, role
):
    from courses.classes.services import class_member_add

    member = class_member_add(klass=klass, learner=UserFactory(commune=thuc_phan))
    client = _client(client, request, role)
    added = client.post(reverse("class_member_add", args=(klass.pk,)), {"learner": learner.pk})
    removed = client.post(reverse("class_member_remove", args=(klass.pk, member.pk)))
    assert (added.status_code, removed.status_code) == (404, 404)
    assert list(ClassMember.objects.filter(klass=klass)) == [member]


def test_a_member_of_another_class_cannot_be_removed_through_this_one(
    client, klass, other_class, trainer, long_sap
):
    from courses.classes.services import class_member_add

    member = class_member_add(klass=other_class, learner=UserFactory(commune=long_sap))
    client.force_login(trainer)
    response = client.post(reverse("class_member_remove", args=(klass.pk, member.pk)))
    assert response.status_code == 404
    assert ClassMember.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("role", MANAGERS)
@pytest.mark.parametrize("name", ["classes:edit", "classes:delete"])
def test_managers_above_edit_and_delete_the_class(client, request, klass, role, name):
    response = _client(client, request, role).get(reverse(name, args=(klass.pk,)))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        ("trainer", "classes:add", 403),
        ("trainer", "classes:edit", 403),
        ("trainer", "classes:delete", 403),
        ("other_trainer", "classes:add", 403),
        ("other_trainer", "classes:edit", 403),
        ("other_trainer", "classes:delete", 404),
    ],
)
def test_trainers_neither_create_nor_edit_classes(client, request, klass, role, name, status):
    args = () if name == "classes:add" else (klass.pk,)
    client = _client(client, request, role)
    assert client.get(reverse(name, args=args)).status_code == status
    assert client.post(reverse(name, args=args)).status_code == status
    assert Class.objects.filter(pk=klass.pk).exists()


@pytest.mark.parametrize("role", ["other_province_manager", "other_commune_manager"])
@pytest.mark.parametrize("name", ["classes:edit", "classes:delete"])
def test_managers_of_another_area_do_not_find_the_class(client, request, klass, role, name):
    response = _client(client, request, role).get(reverse(name, args=(klass.pk,)))
    assert response.status_code == 404
    assert _client(client, request, role).post(reverse(name, args=(klass.pk,))).status_code == 404
    assert Class.objects.filter(pk=klass.pk).exists()


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("trainer", {"Lớp cán bộ phường Thục Phán"}),
        ("other_trainer", {"Lớp Lóng Sập"}),
        ("national_manager", {"Lớp cán bộ phường Thục Phán", "Lớp Lóng Sập"}),
        ("province_manager", {"Lớp cán bộ phường Thục Phán"}),
        ("other_province_manager", {"Lớp Lóng Sập"}),
        ("commune_manager", {"Lớp cán bộ phường Thục Phán"}),
        ("other_commune_manager", set()),
    ],
)
def test_the_class_list_shows_only_the_users_classes(
    client, request, klass, other_class, role, visible
):
    response = _client(client, request, role).get(reverse("classes:index"))
    assert response.status_code == 200
    listed = {c.name for c in response.context["object_list"]}
    assert listed == visible


def _form(commune, course, trainer, **extra):
    return {
        "name": "Lớp mới",
        "commune": commune.pk,
        "courses": [course.pk],
        "trainers": [trainer.pk],
        "learner_group": "",
        "starts_on": "",
        "ends_on": "",
        "capacity": "40",
        "is_open": "on",
        **extra,
    }


@pytest.mark.parametrize("role", MANAGERS)
def test_managers_create_classes_in_their_area(
    client, request, role, thuc_phan, class_course, trainer
):
    trainer.commune = thuc_phan  # a trainer of every manager's area
    trainer.save()
    client = _client(client, request, role)
    response = client.post(reverse("classes:add"), _form(thuc_phan, class_course, trainer))
    created = Class.objects.get(name="Lớp mới")
    assert response.status_code == 302
    assert created.commune == thuc_phan
    assert list(created.trainers.all()) == [trainer]
    assert created.created_by == request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("role", "commune"),
    [("province_manager", "long_sap"), ("commune_manager", "other_commune")],
)
def test_managers_cannot_create_a_class_outside_their_area(
    client, request, role, commune, class_course, trainer
):
    client = _client(client, request, role)
    place = request.getfixturevalue(commune)
    response = client.post(reverse("classes:add"), _form(place, class_course, trainer))
    assert response.status_code == 200
    assert "chỉ có thể tạo lớp" in response.content.decode()
    assert not Class.objects.filter(name="Lớp mới").exists()


def test_a_manager_cannot_move_a_class_out_of_their_area(
    client, klass, commune_manager, other_commune, class_course, trainer
):
    client.force_login(commune_manager)
    client.post(
        reverse("classes:edit", args=(klass.pk,)), _form(other_commune, class_course, trainer)
    )
    klass.refresh_from_db()
    assert klass.commune.code == "01273"
