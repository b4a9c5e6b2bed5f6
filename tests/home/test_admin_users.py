import pytest
from django.apps import apps
from django.urls import reverse

from home.admin_forms import LearnerUserCreationForm, LearnerUserEditForm
from home.factories import DEFAULT_PASSWORD, UserFactory
from home.models import CommuneChange, LearnerGroup, User
from home.viewsets import UserViewSet

USER_VIEWSET_INSTALLED = (
    apps.get_app_config("wagtailusers").user_viewset == "home.viewsets.UserViewSet"
)
needs_user_viewset = pytest.mark.skipif(
    not USER_VIEWSET_INSTALLED,
    reason='INSTALLED_APPS must list "home.apps.WagtailUsersConfig" instead of "wagtail.users"',
)
NEW_PASSWORD = "Quan-tri-2025!"


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True, commune=None, full_name="Quản Trị Viên")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def creation_data(commune, **overrides):
    return {
        "email": "Can.Bo@Example.vn",
        "full_name": "Trần  Thị Giảng Viên",
        "phone": "0912 345 678",
        "commune": commune.pk,
        "learner_group": LearnerGroup.OFFICIAL,
        "work_unit": "UBND xã Quảng Uyên",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def test_user_viewset_uses_the_learner_forms():
    viewset = UserViewSet("wagtailusers_users", url_prefix="users")

    assert viewset.get_form_class() is LearnerUserCreationForm
    assert viewset.get_form_class(for_update=True) is LearnerUserEditForm


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [LearnerUserCreationForm, LearnerUserEditForm])
def test_admin_user_forms_ask_for_full_name_and_profile_not_first_and_last_name(form_class):
    fields = set(form_class().fields)

    assert {"email", "full_name", "phone", "commune", "learner_group", "work_unit"} <= fields
    assert not {"first_name", "last_name", "username"} & fields


@pytest.mark.django_db
def test_admin_user_creation_form_cleans_name_email_and_phone(cao_bang):
    form = LearnerUserCreationForm(data=creation_data(cao_bang.communes.first()))

    assert form.is_valid(), form.errors
    user = form.save()
    assert (user.email, user.full_name, user.phone) == (
        "can.bo@example.vn",
        "Trần Thị Giảng Viên",
        "0912345678",
    )
    assert user.check_password(NEW_PASSWORD)
    # The commune is left to the view, which records it through home.services.
    assert user.commune is None


@pytest.mark.django_db
def test_admin_user_creation_form_refuses_a_phone_already_used(cao_bang):
    UserFactory(phone="0912345678")

    form = LearnerUserCreationForm(data=creation_data(cao_bang.communes.first()))

    assert form.has_error("phone", code="phone_taken")


@pytest.mark.django_db
def test_admin_user_creation_form_refuses_an_e_mail_in_other_case(cao_bang):
    UserFactory(email="can.bo@example.vn")

    form = LearnerUserCreationForm(data=creation_data(cao_bang.communes.first()))

    assert form.has_error("email")


@pytest.mark.django_db
def test_admin_user_edit_form_starts_from_the_current_commune(cao_bang):
    learner = UserFactory(commune=cao_bang.communes.first())

    form = LearnerUserEditForm(instance=learner)

    assert form["commune"].value() == learner.commune_id


@needs_user_viewset
@pytest.mark.django_db
def test_superuser_creates_a_user_with_full_name_and_commune_in_the_admin(admin_client, cao_bang):
    commune = cao_bang.communes.first()

    response = admin_client.post(reverse("wagtailusers_users:add"), creation_data(commune))

    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email="can.bo@example.vn")
    assert (user.full_name, user.commune, user.learner_group) == (
        "Trần Thị Giảng Viên",
        commune,
        LearnerGroup.OFFICIAL,
    )
    change = CommuneChange.objects.get(user=user)
    assert (change.old_commune, change.new_commune) == (None, commune)


@needs_user_viewset
@pytest.mark.django_db
def test_admin_user_pages_show_full_name_and_commune_fields(admin_client, cao_bang):
    learner = UserFactory(commune=cao_bang.communes.first())

    add = admin_client.get(reverse("wagtailusers_users:add"))
    edit = admin_client.get(reverse("wagtailusers_users:edit", args=[learner.pk]))

    for response in (add, edit):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="full_name"' in html
        assert 'name="commune"' in html
        assert 'name="first_name"' not in html
    assert learner.full_name in edit.content.decode()


@needs_user_viewset
@pytest.mark.django_db
def test_admin_changing_a_commune_records_the_move(admin_client, cao_bang, son_la):
    learner = UserFactory(commune=cao_bang.communes.first(), password=DEFAULT_PASSWORD)
    old_commune, new_commune = learner.commune, son_la.communes.first()
    data = {
        "email": learner.email,
        "full_name": learner.full_name,
        "phone": "",
        "commune": new_commune.pk,
        "learner_group": learner.learner_group,
        "work_unit": "",
        "is_active": "on",
    }

    response = admin_client.post(reverse("wagtailusers_users:edit", args=[learner.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    learner.refresh_from_db()
    assert learner.commune == new_commune
    assert learner.check_password(DEFAULT_PASSWORD)
    change = learner.commune_changes.get()
    assert (change.old_commune, change.new_commune) == (old_commune, new_commune)


@needs_user_viewset
@pytest.mark.django_db
def test_admin_user_listing_searches_and_sorts_by_full_name(admin_client, superuser, cao_bang):
    UserFactory(full_name="Lò Thị Bích")
    UserFactory(full_name="Hoàng Văn Cường")

    search = admin_client.get(reverse("wagtailusers_users:index"), {"q": "Bích"})
    ordered = admin_client.get(reverse("wagtailusers_users:index"), {"ordering": "name"})

    assert [user.full_name for user in search.context["object_list"]] == ["Lò Thị Bích"]
    assert [user.full_name for user in ordered.context["object_list"]] == sorted(
        ["Lò Thị Bích", "Hoàng Văn Cường", superuser.full_name]
    )
