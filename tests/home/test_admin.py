import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from home.factories import CommuneFactory, UserFactory
from home.models import Commune, Province


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True, commune=None)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_admin_login_redirects_to_the_rate_limited_login_with_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


@pytest.mark.django_db
def test_admin_login_without_next_returns_to_the_admin_home(client):
    response = client.get("/admin/login/")

    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_admin_sends_anonymous_visitors_to_the_site_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_superuser_lists_provinces_and_communes_in_the_admin(admin_client, cao_bang):
    provinces = admin_client.get(reverse("provinces:index"))
    communes = admin_client.get(reverse("communes:index"))

    assert provinces.status_code == 200
    assert "Cao Bằng" in provinces.content.decode()
    assert communes.status_code == 200
    for commune in cao_bang.communes.all():
        assert commune.name in communes.content.decode()


@pytest.mark.django_db
def test_commune_listing_searches_by_name(admin_client, cao_bang, son_la):
    response = admin_client.get(reverse("communes:index"), {"q": "Lóng Sập"})

    assert [commune.name for commune in response.context["object_list"]] == ["Xã Lóng Sập"]


@pytest.mark.django_db
def test_superuser_can_inspect_a_commune(admin_client, cao_bang):
    commune = cao_bang.communes.first()

    response = admin_client.get(reverse("communes:inspect", args=[commune.pk]))

    assert response.status_code == 200
    assert commune.name in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("viewset", ["provinces", "communes"])
def test_places_cannot_be_added_in_the_admin(admin_client, cao_bang, viewset):
    response = admin_client.get(reverse(f"{viewset}:add"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


@pytest.mark.django_db
@pytest.mark.parametrize("viewset", ["provinces", "communes"])
def test_places_cannot_be_edited_in_the_admin(admin_client, cao_bang, viewset):
    place = cao_bang if viewset == "provinces" else cao_bang.communes.first()

    response = admin_client.post(reverse(f"{viewset}:edit", args=[place.pk]), {"name": "X"})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    place.refresh_from_db()
    assert place.name != "X"


@pytest.mark.django_db
@pytest.mark.parametrize("viewset", ["provinces", "communes"])
def test_places_cannot_be_deleted_in_the_admin(admin_client, cao_bang, viewset):
    model = Province if viewset == "provinces" else Commune
    place = CommuneFactory(province=cao_bang) if model is Commune else cao_bang
    count = model.objects.count()

    admin_client.post(reverse(f"{viewset}:delete", args=[place.pk]))

    assert model.objects.count() == count


@pytest.fixture
def editor_with_place_permissions(db):
    """An editor granted every Django permission on provinces: the admin still only shows them."""
    group = Group.objects.create(name="Place editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="home", codename__endswith="province"),
    )
    editor = UserFactory(is_staff=True)
    editor.groups.add(group)
    return editor


@pytest.mark.django_db
def test_editor_with_permissions_can_list_provinces_but_not_add_them(
    client, cao_bang, editor_with_place_permissions
):
    client.force_login(editor_with_place_permissions)

    listing = client.get(reverse("provinces:index"))
    add = client.get(reverse("provinces:add"))

    assert listing.status_code == 200
    assert "Cao Bằng" in listing.content.decode()
    assert add.status_code == 302
    assert add.url == reverse("wagtailadmin_home")
    assert reverse("provinces:add") not in listing.content.decode()


@pytest.mark.django_db
def test_staff_without_place_permissions_cannot_list_them(client, cao_bang):
    group = Group.objects.create(name="Page reviewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    staff = UserFactory(is_staff=True)
    staff.groups.add(group)
    client.force_login(staff)

    response = client.get(reverse("provinces:index"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
