"""Administrators read in Vietnamese what Django and Wagtail store or build in English: the
permission names of the group editor, the site listing's columns and the roots of the page tree
and of the collections (home/admin_labels.py, home/viewsets.py, home/0008)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from django.utils.translation import gettext, pgettext
from wagtail.models import Collection, Page
from wagtail.users.models import UserProfile

from home.admin_labels import permission_label
from home.factories import UserFactory
from tests.admin_english import english_in, visible_text_nodes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese_catalogue")]


@pytest.fixture
def administrator(client):
    user = UserFactory(superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("app_label", "codename", "label"),
    [
        ("quizzes", "add_quiz", "Được thêm bài kiểm tra"),
        ("quizzes", "change_question", "Được sửa câu hỏi"),
        ("quizzes", "delete_h5pactivity", "Được xóa hoạt động H5P"),  # title case lowered
        ("courses", "view_topic", "Được xem chủ đề"),
        ("auth", "add_group", "Được thêm nhóm"),
        ("quizzes", "install_h5plibrary", "Được cài thư viện H5P mới"),  # our own permission
        ("wagtailimages", "choose_image", "Được chọn hình ảnh"),  # Wagtail's own permission
        ("wagtailcore", "publish_page", "Xuất bản mọi trang"),  # Wagtail's page permissions
        ("wagtailcore", "add_page", "Thêm/sửa trang của mình"),
        ("wagtailadmin", "access_admin", "Được vào trang quản trị"),
    ],
)
def test_a_permission_reads_as_one_vietnamese_sentence(app_label, codename, label):
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)

    with translation.override("vi"):
        assert permission_label(permission) == label
    with translation.override("en"):
        assert permission_label(permission) == permission.name or codename.endswith("_page")


def test_the_group_editor_names_permissions_in_vietnamese(client, administrator):
    group = Group.objects.create(name="Biên tập viên")

    page = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()

    assert "Được thêm bài kiểm tra" in page
    assert "Được sửa khóa học" not in page  # page types are given through page permissions
    assert "Xuất bản mọi trang" in page
    assert "Được cài thư viện H5P mới" in page
    assert "Can add" not in page
    assert "Can change" not in page
    assert "Wagtail core" not in page


def test_the_site_listing_names_its_columns_in_vietnamese(client, administrator):
    page = client.get("/admin/sites/").content.decode()

    for label in ("Cổng", "Tên trang web", "Trang gốc", "Sắp xếp theo “Cổng” tăng dần."):
        assert label in page
    assert english_in(page) == []


def test_the_roots_of_the_page_tree_and_the_collections_are_named_in_vietnamese(
    client, administrator
):
    assert Page.get_first_root_node().title == "Gốc"
    assert Collection.get_first_root_node().name == "Gốc"

    assert "Đang xem: Gốc" in client.get("/admin/pages/").content.decode()


def test_the_users_group_filter_says_user_group_not_learner_group():
    """The import template's "Group" column (a learner group, "Đối tượng") has a context of
    its own, so Wagtail's user filter keeps its own word for a user group."""
    with translation.override("vi"):
        assert gettext("Group") == "Nhóm"
        assert pgettext("learner group column", "Group") == "Đối tượng"


def test_the_whats_new_help_item_speaks_the_language_of_each_request(client, administrator):
    """Wagtail formats this label once, in the language that first built the help menu."""
    from wagtail.admin.menu import help_menu

    help_menu.__dict__.pop("registered_menu_items", None)  # a cached_property
    with translation.override("en"):  # built in English first, as another test might
        assert any("What's new" in str(item.label) for item in help_menu.registered_menu_items)
    texts = visible_text_nodes(client.get("/admin/").content.decode())
    assert not [text for text in texts if "What's new" in text]
    assert [text for text in texts if text.startswith("Có gì mới trong Wagtail")]
