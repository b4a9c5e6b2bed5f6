"""`MEDIA_STORAGE=s3`: what production refuses, and uploaded media, the readiness probe and
backups against a real S3-compatible server (tests/object_storage.py)."""

import io
import tarfile

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image

from home import backup, health
from home.factories import UserFactory
from home.storage import bucket_storage
from tests.courses.certificates.test_pdf import png_1x1
from tests.home.child_process import run_manage


def deploy_check(env):
    return run_manage(env, "check", "--deploy", "--fail-level", "WARNING")


@pytest.fixture
def s3_env(production_env, tmp_path):
    """Production's environment switched to a bucket, with H5P in a folder outside the code."""
    return {
        **production_env,
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "elearn-media",
        "AWS_ACCESS_KEY_ID": "key-id",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "H5P_ROOT": str(tmp_path / "shared" / "h5p"),
    }


@pytest.mark.parametrize(
    "variable", ["AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]
)
def test_production_refuses_the_switch_without_a_variable_it_needs(s3_env, variable):
    del s3_env[variable]

    result = deploy_check(s3_env)

    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("django.core.exceptions.ImproperlyConfigured")
    assert error.endswith(f"MEDIA_STORAGE=s3 needs these environment variables: {variable}")


def test_an_unknown_storage_is_refused(production_env):
    result = deploy_check({**production_env, "MEDIA_STORAGE": "ftp"})

    assert result.returncode != 0
    assert "MEDIA_STORAGE must be filesystem or s3" in result.stderr


def test_production_with_the_bucket_passes_the_deploy_check(s3_env):
    result = deploy_check(s3_env)

    assert result.returncode == 0, result.stderr


def test_the_switch_is_refused_while_h5p_packages_would_stay_in_each_nodes_code_folder(s3_env):
    del s3_env["H5P_ROOT"]  # its default, var/h5p, is inside the code

    result = run_manage(s3_env, "check")

    assert result.returncode != 0
    assert "quizzes.E201" in result.stderr
    assert "H5P_ROOT" in result.stderr


@pytest.mark.parametrize(
    ("variables", "method"),
    [
        ({}, "None"),  # Wagtail's default for a storage without paths: redirect after the check
        ({"AWS_QUERYSTRING_AUTH": "false"}, "serve_view"),
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example.vn"}, "serve_view"),
    ],
)
def test_private_documents_never_redirect_to_an_unsigned_address(s3_env, variables, method):
    code = (
        "from django.conf import settings as s; print(getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None))"
    )
    env = {**s3_env, **variables, "DJANGO_SETTINGS_MODULE": "elearn.settings.dev"}

    result = run_manage(env, "shell", "-c", code)

    assert result.stdout.splitlines()[-1] == method, result.stderr


@pytest.mark.django_db
def test_an_image_uploaded_in_the_admin_goes_to_the_bucket_behind_signed_urls(
    client, s3_bucket, settings, tmp_path
):
    client.force_login(UserFactory(superuser=True))
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh bìa", "file": SimpleUploadedFile("anh-bia.png", png_1x1(), "image/png")},
    )
    assert response.status_code == 302
    image = Image.objects.get(title="Ảnh bìa")
    rendition = image.get_rendition("fill-60x30")

    keys = s3_bucket.names("media/")
    assert f"media/{image.file.name}" in keys
    assert f"media/{rendition.file.name}" in keys
    assert not (tmp_path / "media").exists()
    signed = requests.get(rendition.url, timeout=10)
    assert signed.status_code == 200
    assert signed.content.startswith(b"\x89PNG")
    assert (
        requests.get(s3_bucket.object_url(f"media/{image.file.name}"), timeout=10).status_code
        == 403
    )


@pytest.mark.django_db
def test_pages_allow_images_and_media_from_the_bucket(client, s3_bucket):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert s3_bucket.endpoint in directives["img-src"].split()
    assert s3_bucket.endpoint in directives["media-src"].split()
    assert s3_bucket.endpoint not in directives["script-src"]


@pytest.mark.django_db
def test_readyz_checks_the_bucket_in_place_of_the_folders_it_replaces(client, s3_bucket, settings):
    settings.MEDIA_ROOT = "/proc/not-writable"  # no longer a folder the node needs
    settings.CERTIFICATE_FILES_DIR = "/proc/not-writable"

    assert health.storage_check() is None
    assert s3_bucket.names("readyz/") == []  # the probe cleans up after itself


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("AWS_STORAGE_BUCKET_NAME", "elearn-no-such-bucket"),
        ("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9"),
    ],
)
def test_readyz_names_object_storage_when_the_bucket_does_not_answer(
    client, s3_bucket, settings, setting, value
):
    setattr(settings, setting, value)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "object storage is not writable"


def test_a_backup_packs_the_bucket_as_a_folder_archive_and_restores_it_into_a_bucket(
    s3_bucket, settings, tmp_path
):
    storage = bucket_storage("certificates", overwrite=True)
    storage.save("2026/ABC.pdf", io.BytesIO(b"%PDF-1.7 one"))
    storage.save("2026/DEF.pdf", io.BytesIO(b"%PDF-1.7 two"))
    archive = tmp_path / "certificates.tar.gz"

    assert backup._archive_bucket("certificates", archive) == 2
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["2026/ABC.pdf", "2026/DEF.pdf"]
        assert tar.extractfile("2026/ABC.pdf").read() == b"%PDF-1.7 one"

    backup._bucket_clear("certificates")
    assert s3_bucket.names("certificates/") == []
    backup._unpack_into_bucket(archive, "certificates")
    assert s3_bucket.names("certificates/") == [
        "certificates/2026/ABC.pdf",
        "certificates/2026/DEF.pdf",
    ]
    assert storage.open("2026/DEF.pdf").read() == b"%PDF-1.7 two"


def test_a_restore_refuses_an_archive_member_outside_its_prefix(s3_bucket, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../media/page.html")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))

    with pytest.raises(tarfile.FilterError):
        backup._unpack_into_bucket(archive, "certificates")
    assert s3_bucket.names() == []
