"""Installing H5P packages: what lands on disk and in the database, who may add libraries, and
that every refusal leaves both the media folder and the H5P folder as they were."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from quizzes.h5p import storage
from quizzes.h5p.services import h5p_activity_create, may_install_libraries
from quizzes.h5p.validation import PackageError
from quizzes.models import H5PActivity, H5PLibrary
from tests.quizzes.h5p.packages import (
    package,
    require_samples,
    symlink_info,
    tree,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(email="quantri@example.vn", password="x")


@pytest.fixture
def trainer(django_user_model):
    user = django_user_model.objects.create_user(
        email="giangvien@example.vn", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Trainers"))
    return user


def install(data: bytes, user, **options):
    return h5p_activity_create(upload=upload("activity.h5p", data), user=user, **options)


def test_an_admin_upload_installs_content_and_libraries(admin_user):
    activity = install(package(title="Mật khẩu mạnh"), admin_user)
    assert activity.title == "Mật khẩu mạnh"
    assert activity.main_library.label == "Test.Check 1.0"
    assert list(activity.libraries.all()) == [activity.main_library]
    assert activity.uploaded_by == admin_user
    content = storage.content_dir(activity.storage_key)
    assert tree(content) == ["content", "content/content.json", "h5p.json"]
    assert tree(storage.library_dir("Test.Check-1.0")) == ["check.css", "check.js", "library.json"]
    assert not list((storage.root() / storage.STAGING).iterdir())


def test_the_title_from_the_form_wins(admin_user):
    assert install(package(), admin_user, title=" Tên khác ").title == "Tên khác"


def test_libraries_are_shared_not_duplicated(admin_user, trainer):
    first = install(package(), admin_user)
    second = install(package(title="Lần hai"), trainer)
    assert H5PLibrary.objects.count() == 1
    assert first.main_library == second.main_library
    assert len(tree(storage.root() / storage.LIBRARIES)) == 4  # one folder, three files


def test_an_installed_library_is_never_overwritten(admin_user):
    install(package(), admin_user)
    install(package(patch=5, js="/* a newer patch */"), admin_user)
    library = H5PLibrary.objects.get()
    assert library.patch_version == 0
    assert "newer patch" not in (storage.library_dir("Test.Check-1.0") / "check.js").read_text()


def test_a_trainer_may_use_installed_libraries(admin_user, trainer):
    install(package(), admin_user)
    activity = install(package(title="Của giảng viên"), trainer)
    assert activity.uploaded_by == trainer


def test_a_trainer_introducing_a_library_is_refused_with_its_name(trainer):
    media_before, h5p_before = tree(settings.MEDIA_ROOT), tree(storage.root())
    with pytest.raises(PackageError) as error:
        install(package(library=("Test.Fresh", 2, 3)), trainer)
    assert "not installed yet: Test.Fresh 2.3" in str(error.value)
    assert "Only an administrator" in str(error.value)
    assert not H5PActivity.objects.exists()
    assert not H5PLibrary.objects.exists()
    assert tree(settings.MEDIA_ROOT) == media_before
    assert tree(storage.root()) == h5p_before or tree(storage.root()) == [storage.STAGING]


def test_a_trainer_with_the_permission_may_install(trainer):
    trainer.user_permissions.add(Permission.objects.get(codename="install_h5plibrary"))
    trainer = type(trainer).objects.get(pk=trainer.pk)
    assert may_install_libraries(trainer)
    assert install(package(), trainer).main_library.label == "Test.Check 1.0"


def test_trainers_do_not_have_the_install_permission(trainer, admin_user):
    assert not may_install_libraries(trainer)
    assert may_install_libraries(admin_user)
    assert not may_install_libraries(None)


def test_a_missing_library_is_refused_with_its_name(admin_user):
    with pytest.raises(PackageError) as error:
        install(package(with_library=False), admin_user)
    assert "needs the library Test.Check 1.0, which it does not include" in str(error.value)


def test_a_library_shipped_elsewhere_before_is_found(admin_user, trainer):
    install(package(), admin_user)
    activity = install(package(with_library=False, title="Chỉ nội dung"), trainer)
    assert activity.main_library.label == "Test.Check 1.0"


def test_an_oversized_upload_is_refused_before_reading(admin_user, settings):
    settings.H5P_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(PackageError) as error:
        install(package(extra={"content/a.mp3": bytes(range(256)) * 40}), admin_user)
    assert "packages of at most 0 MB are accepted" in str(error.value) or "at most" in str(
        error.value
    )


BAD_PACKAGES = {
    "not a zip": b"this is plain text, not a package",
    "truncated": package()[:300],
    "zip bomb": package(extra={"content/bomb.txt": b"\0" * (20 * 1024 * 1024)}),
    "path traversal": package(extra={"../../escape.json": "{}"}),
    "absolute path": package(extra={"/tmp/escape.json": "{}"}),  # noqa: S108
    "backslash": package(extra={"content\\x.json": "{}"}),
    "symbolic link": package(infos=[(symlink_info("content/x.json"), "/etc/passwd")]),
    "php": package(extra={"content/x.php": "<?php"}),
    "html": package(extra={"content/x.html": "<script>alert(1)</script>"}),
    "no h5p.json": package(drop=["h5p.json"]),
    "broken h5p.json": package(extra={"h5p.json": "{"}),
    "broken content.json": package(extra={"content/content.json": "{"}),
    "missing library": package(with_library=False),
}


@pytest.mark.parametrize("case", BAD_PACKAGES)
def test_a_refused_upload_leaves_nothing_behind(case, admin_user):
    settings_media = tree(settings.MEDIA_ROOT)
    before = tree(storage.root())
    with pytest.raises(PackageError) as error:
        install(BAD_PACKAGES[case], admin_user)
    assert str(error.value)
    assert tree(settings.MEDIA_ROOT) == settings_media
    after = [path for path in tree(storage.root()) if path != storage.STAGING]
    assert after == before
    assert not H5PActivity.objects.exists()
    assert not H5PLibrary.objects.exists()


def test_a_failure_after_unpacking_removes_the_moved_folders(admin_user, monkeypatch):
    real_move = storage.move_into_place
    calls = []

    def move_then_fail(source, target):
        calls.append(target)
        if len(calls) == 2:  # the library is in place; moving the content fails
            raise OSError("disk full")
        return real_move(source, target)

    monkeypatch.setattr(storage, "move_into_place", move_then_fail)
    with pytest.raises(OSError, match="disk full"):
        install(package(), admin_user)
    assert not H5PActivity.objects.exists()
    assert not H5PLibrary.objects.exists()
    assert not storage.library_dir("Test.Check-1.0").exists()
    assert not list((storage.root() / storage.STAGING).iterdir())


def test_every_real_sample_installs(admin_user, trainer):
    for path in require_samples():
        with path.open("rb") as handle:
            data = handle.read()
        activity = install(data, admin_user)
        assert (storage.content_dir(activity.storage_key) / "h5p.json").is_file(), path.name
        assert (storage.library_dir(activity.main_library.folder) / "library.json").is_file(), (
            path.name
        )
    # Once an admin installed the libraries, a trainer may upload the same content.
    with require_samples()[0].open("rb") as handle:
        assert install(handle.read(), trainer).uploaded_by == trainer
