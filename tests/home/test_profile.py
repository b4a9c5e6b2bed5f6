import pytest
from django.utils import timezone

from home.factories import CommuneChangeFactory, CommuneFactory, UserFactory
from home.models import CommuneChange, LearnerGroup
from home.services import learner_set_commune, learner_update_profile

PROFILE_URL = "/tai-khoan/ho-so/"


def profile_data(user, place, **overrides):
    return {
        "full_name": user.full_name,
        "phone": user.phone,
        "province": place.province.code,
        "commune": place.code,
        "learner_group": user.learner_group,
        "work_unit": user.work_unit,
        **overrides,
    }


@pytest.fixture
def learner(cao_bang):
    user = UserFactory(commune=cao_bang.communes.order_by("code").first())
    CommuneChangeFactory(user=user)
    return user


@pytest.mark.django_db
def test_profile_page_requires_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={PROFILE_URL}"


@pytest.mark.django_db
def test_profile_page_shows_the_learner_profile(client, learner):
    client.force_login(learner)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["full_name"].value() == learner.full_name
    assert form["commune"].value() == learner.commune.code
    assert form["province"].value() == learner.commune.province.code


@pytest.mark.django_db
def test_changing_commune_records_the_move_with_its_date(client, learner, son_la):
    old_commune = learner.commune
    new_commune = son_la.communes.first()
    client.force_login(learner)
    before = timezone.now()

    response = client.post(PROFILE_URL, profile_data(learner, new_commune))

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.commune == new_commune
    change = learner.commune_changes.first()
    assert (change.old_commune, change.new_commune) == (old_commune, new_commune)
    assert before <= change.changed_at <= timezone.now()
    assert learner.commune_changes.count() == 2


@pytest.mark.django_db
def test_saving_the_profile_with_the_same_commune_records_nothing(client, learner):
    client.force_login(learner)

    response = client.post(
        PROFILE_URL, profile_data(learner, learner.commune, work_unit="UBND xã Quảng Uyên")
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.work_unit == "UBND xã Quảng Uyên"
    assert learner.commune_changes.count() == 1


@pytest.mark.django_db
def test_profile_page_lists_the_commune_history_with_provinces(client, learner, son_la):
    new_commune = son_la.communes.first()
    learner_set_commune(user=learner, commune=new_commune)
    client.force_login(learner)

    response = client.get(PROFILE_URL)

    assert list(response.context["commune_changes"]) == list(learner.commune_changes.all())
    assert str(new_commune) in response.content.decode()
    assert "Tỉnh Sơn La" in str(new_commune)


@pytest.mark.django_db
def test_profile_refuses_a_commune_outside_the_province_and_keeps_the_old_one(
    client, learner, son_la
):
    old_commune = learner.commune
    client.force_login(learner)

    response = client.post(
        PROFILE_URL,
        profile_data(learner, old_commune, commune=son_la.communes.first().code),
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("commune", code="commune_outside_province")
    learner.refresh_from_db()
    assert learner.commune == old_commune
    assert learner.commune_changes.count() == 1


@pytest.mark.django_db
def test_profile_keeps_the_learner_own_phone(client, learner):
    learner_update_profile(user=learner, commune=learner.commune, phone="0912345678")
    client.force_login(learner)

    response = client.post(PROFILE_URL, profile_data(learner, learner.commune))

    assert response.status_code == 302


@pytest.mark.django_db
def test_profile_show_communes_fills_the_list_without_saving(client, learner, son_la):
    client.force_login(learner)
    data = profile_data(learner, learner.commune, province=son_la.code, show_communes="1")

    response = client.post(PROFILE_URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert not form.errors
    assert {code for code, _label in form.fields["commune"].widget.choices} - {""} == set(
        son_la.communes.values_list("code", flat=True)
    )
    learner.refresh_from_db()
    assert learner.commune.province.code == "04"


@pytest.mark.django_db
def test_learner_set_commune_reports_whether_anything_changed(learner, son_la):
    new_commune = son_la.communes.first()

    assert learner_set_commune(user=learner, commune=new_commune) is True
    assert learner_set_commune(user=learner, commune=new_commune) is False
    assert learner.commune_changes.count() == 2


@pytest.mark.django_db
def test_learner_set_commune_reads_the_old_commune_from_the_database(learner, son_la):
    """A stale copy of the account must not record a wrong "from" commune."""
    first, second = son_la.communes.order_by("code")[:2]
    stale_copy = type(learner).objects.get(pk=learner.pk)
    learner_set_commune(user=learner, commune=first)

    learner_set_commune(user=stale_copy, commune=second)

    latest = CommuneChange.objects.filter(user=learner).first()
    assert (latest.old_commune, latest.new_commune) == (first, second)


@pytest.mark.django_db
def test_learner_update_profile_refuses_unknown_fields(learner):
    with pytest.raises(TypeError, match="email"):
        learner_update_profile(user=learner, commune=learner.commune, email="x@example.vn")


@pytest.mark.django_db
def test_learner_update_profile_saves_the_fields_and_the_commune(learner):
    commune = CommuneFactory(province=learner.commune.province)

    learner_update_profile(
        user=learner,
        commune=commune,
        full_name="Lò Văn Pành",
        learner_group=LearnerGroup.OFFICIAL,
    )

    learner.refresh_from_db()
    assert (learner.full_name, learner.learner_group, learner.commune) == (
        "Lò Văn Pành",
        LearnerGroup.OFFICIAL,
        commune,
    )
    assert learner.commune_changes.first().new_commune == commune
