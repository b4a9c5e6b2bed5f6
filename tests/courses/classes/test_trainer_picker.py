"""The class form's trainer picker: only trainers of the editor's area (or already on the
class), found by a search that re-renders the form without JavaScript and saves nothing; a
trainer from elsewhere posted by hand is refused (#16)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.classes.access import trainers_assignable
from courses.classes.forms import SEARCH_BUTTON
from courses.classes.models import Class
from courses.services import TRAINERS_GROUP
from home.factories import UserFactory


def _trainer(email, commune, **extra):
    user = UserFactory(email=email, commune=commune, **extra)
    user.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    return user


@pytest.fixture
def trainers(thuc_phan, other_commune, long_sap):
    return {
        "thuc_phan": _trainer("gv.thucphan@example.vn", thuc_phan, full_name="Hoàng Văn Thục"),
        "dong_khe": _trainer("gv.dongkhe@example.vn", other_commune, full_name="Nông Thị Khê"),
        "long_sap": _trainer("gv.longsap@example.vn", long_sap, full_name="Lò Văn Sập"),
        "nowhere": _trainer("gv.trunguong@example.vn", None, full_name="Trần Trung Ương"),
        "inactive": _trainer("gv.nghi@example.vn", thuc_phan, is_active=False),
    }


def _form(klass_or_commune, course, trainer_ids, **extra):
    commune = getattr(klass_or_commune, "commune", klass_or_commune)
    return {
        "name": getattr(klass_or_commune, "name", "Lớp mới"),
        "commune": commune.pk,
        "courses": [course.pk],
        "trainers": [str(pk) for pk in trainer_ids],
        "learner_group": "",
        "starts_on": "",
        "ends_on": "",
        "capacity": "",
        "is_open": "on",
        **extra,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("national_manager", {"thuc_phan", "dong_khe", "long_sap", "nowhere"}),
        ("province_manager", {"thuc_phan", "dong_khe"}),
        ("commune_manager", {"thuc_phan"}),
        ("trainer", set()),
    ],
)
def test_each_manager_may_assign_the_trainers_of_their_area(request, trainers, role, expected):
    user = request.getfixturevalue(role)

    found = set(trainers_assignable(user=user).values_list("email", flat=True))

    assert found == {trainers[key].email for key in expected}


def test_the_trainers_already_on_the_class_stay_assignable(commune_manager, klass, trainer):
    assert set(trainers_assignable(user=commune_manager, klass=klass)) == {trainer}


def test_the_form_lists_only_the_chosen_trainers_and_costs_the_same_for_many_trainers(
    client, commune_manager, klass, thuc_phan, trainers
):
    client.force_login(commune_manager)
    url = reverse("classes:edit", args=(klass.pk,))

    def render():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return page, len(captured)

    render()  # warms the caches (site, content types)
    page, few = render()
    for i in range(60):
        _trainer(f"gv{i}@example.vn", thuc_phan)
    _again, many = render()

    assert "giangvien@example.vn" in page  # the class's trainer, ticked
    assert trainers["thuc_phan"].email not in page  # not chosen, not searched: not listed
    assert many == few


def test_the_search_shows_matching_trainers_of_the_area_and_saves_nothing(
    client, commune_manager, klass, class_course, trainer, trainers
):
    client.force_login(commune_manager)

    response = client.post(
        reverse("classes:edit", args=(klass.pk,)),
        _form(
            klass,
            class_course,
            [trainer.pk],
            name="Tên chưa lưu",
            trainers_search="gv.",
            **{SEARCH_BUTTON: "1"},
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hoàng Văn Thục" in page and "gv.thucphan@example.vn" in page
    assert "gv.dongkhe@example.vn" not in page and "gv.longsap@example.vn" not in page
    assert "gv.nghi@example.vn" not in page
    assert 'value="Tên chưa lưu"' in page  # what was typed is kept
    klass.refresh_from_db()
    assert klass.name == "Lớp cán bộ phường Thục Phán"


def test_a_trainer_found_by_the_search_is_saved_with_the_class(
    client, commune_manager, klass, class_course, trainer, trainers
):
    client.force_login(commune_manager)

    response = client.post(
        reverse("classes:edit", args=(klass.pk,)),
        _form(klass, class_course, [trainer.pk, trainers["thuc_phan"].pk]),
    )

    assert response.status_code == 302
    assert set(klass.trainers.all()) == {trainer, trainers["thuc_phan"]}


@pytest.mark.parametrize("who", ["dong_khe", "long_sap", "nowhere", "inactive"])
def test_a_trainer_outside_the_area_posted_by_hand_is_refused(
    client, commune_manager, thuc_phan, class_course, trainers, who
):
    client.force_login(commune_manager)

    response = client.post(
        reverse("classes:add"), _form(thuc_phan, class_course, [trainers[who].pk])
    )

    assert response.status_code == 200
    assert "Hãy chọn giảng viên thuộc địa bàn của bạn" in response.content.decode()
    assert not Class.objects.filter(name="Lớp mới").exists()


def test_editing_cannot_add_a_trainer_of_another_province(
    client, province_manager, klass, class_course, trainer, trainers
):
    client.force_login(province_manager)

    response = client.post(
        reverse("classes:edit", args=(klass.pk,)),
        _form(klass, class_course, [trainer.pk, trainers["long_sap"].pk]),
    )

    assert response.status_code == 200
    assert set(klass.trainers.all()) == {trainer}


def test_the_create_form_search_works_before_the_class_exists(
    client, province_manager, thuc_phan, class_course, trainers
):
    client.force_login(province_manager)

    response = client.post(
        reverse("classes:add"),
        _form(thuc_phan, class_course, [], trainers_search="Khê", **{SEARCH_BUTTON: "1"}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nông Thị Khê" in page and "Lò Văn Sập" not in page
    assert not Class.objects.exists()


def test_the_search_costs_the_same_for_many_matching_trainers(
    client, commune_manager, klass, class_course, trainer, thuc_phan
):
    client.force_login(commune_manager)
    url = reverse("classes:edit", args=(klass.pk,))
    data = _form(
        klass, class_course, [trainer.pk], trainers_search="timkiem", **{SEARCH_BUTTON: "1"}
    )

    def search():
        with CaptureQueriesContext(connection) as captured:
            page = client.post(url, data).content.decode()
        return page, len(captured)

    for i in range(2):
        _trainer(f"timkiem{i}@example.vn", thuc_phan)
    search()  # warms the caches (site, content types)
    _page, few = search()
    for i in range(2, 15):
        _trainer(f"timkiem{i}@example.vn", thuc_phan)
    page, many = search()

    assert "timkiem14@example.vn" in page
    assert many == few
