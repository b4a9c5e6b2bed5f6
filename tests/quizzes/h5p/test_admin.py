"""H5P activities in the Wagtail admin: upload, refusals shown on the form, preview, rename,
delete; and the demo activity that `seed_demo` adds."""

import io

import pytest
from django.urls import reverse

from quizzes.h5p import storage
from quizzes.models import H5PActivity, H5PLibrary
from tests.quizzes.h5p.packages import package, tree, upload

pytestmark = pytest.mark.django_db

ACTIVITIES = "wagtailsnippets_quizzes_h5pactivity"


def post_package(client, data, title=""):
    return client.post(
        reverse(f"{ACTIVITIES}:add"), {"package": upload("bai-tap.h5p", data), "title": title}
    )


def test_the_upload_form_asks_for_a_package(admin_client):
    html = admin_client.get(reverse(f"{ACTIVITIES}:add")).content.decode()
    assert 'name="package"' in html
    assert 'enctype="multipart/form-data"' in html


def test_an_admin_uploads_a_package(admin_client):
    response = post_package(admin_client, package(title="Mật khẩu mạnh"))
    activity = H5PActivity.objects.get()
    assert response.status_code == 302
    assert activity.title == "Mật khẩu mạnh"
    assert H5PLibrary.objects.get().label == "Test.Check 1.0"


def test_a_trainer_sees_which_new_library_was_refused(trainer_client):
    response = post_package(trainer_client, package(library=("Test.Fresh", 1, 2)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "not installed yet: Test.Fresh 1.2" in html
    assert not H5PActivity.objects.exists()
    assert [p for p in tree(storage.root()) if p != storage.STAGING] == []


def test_a_broken_package_is_refused_on_the_form(admin_client):
    response = post_package(admin_client, b"not a zip at all")
    assert response.status_code == 200
    assert "cannot be opened as a zip archive" in response.content.decode()
    assert not H5PActivity.objects.exists()


def test_a_trainer_uploads_with_installed_libraries(admin_client, trainer_client, h5p_activity):
    response = post_package(trainer_client, package(title="Của giảng viên"))
    assert response.status_code == 302
    assert H5PActivity.objects.filter(title="Của giảng viên").exists()


def test_the_title_can_be_changed(admin_client, h5p_activity):
    url = reverse(f"{ACTIVITIES}:edit", args=[h5p_activity.pk])
    assert 'name="package"' not in admin_client.get(url).content.decode()
    admin_client.post(url, {"title": "Tên mới"})
    h5p_activity.refresh_from_db()
    assert h5p_activity.title == "Tên mới"


def test_the_preview_shows_the_sandboxed_player(admin_client, h5p_activity):
    response = admin_client.get(reverse(f"{ACTIVITIES}:preview", args=[h5p_activity.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'sandbox="allow-scripts"' in html
    assert "/learning/quizzes/h5p/play/" in html
    assert "Test.Check 1.0" in html


def test_the_index_lists_activities_with_a_preview(admin_client, h5p_activity):
    html = admin_client.get(reverse(f"{ACTIVITIES}:list")).content.decode()
    assert h5p_activity.title in html
    assert reverse(f"{ACTIVITIES}:preview", args=[h5p_activity.pk]) in html


def test_deleting_removes_the_content_but_keeps_the_library(
    admin_client, h5p_activity, django_capture_on_commit_callbacks
):
    folder = storage.content_dir(h5p_activity.storage_key)
    assert folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse(f"{ACTIVITIES}:delete", args=[h5p_activity.pk]))
    assert not H5PActivity.objects.exists()
    assert not folder.exists()
    assert storage.library_dir("Test.Check-1.0").is_dir()


def test_the_demo_adds_one_activity_to_a_demo_module(commune):
    from courses import demo as courses_demo
    from courses.models import ModulePage
    from quizzes.h5p import demo

    courses_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    activity = H5PActivity.objects.get()
    assert activity.main_library.label == "Elearn.QuickCheck 1.0"
    module = ModulePage.objects.get(slug=demo.MODULE_SLUG)
    blocks = [b for b in module.body.raw_data if b["type"] == "h5p"]
    assert len(blocks) == 1
    assert blocks[0]["value"]["activity"] == activity.pk
    assert (storage.library_dir("Elearn.QuickCheck-1.0") / "quick-check.js").is_file()
