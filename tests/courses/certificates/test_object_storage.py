"""Certificates with `MEDIA_STORAGE=s3`, against a real S3-compatible server
(tests/object_storage.py): the PDF issued on completion lands in the private bucket, downloads
signed for its owner only, and its object cannot be read without the app."""

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Site

from courses.certificates.factories import course_complete, course_with_modules
from courses.certificates.rendering import certificate_html
from courses.certificates.signing import pdf_signature_check
from courses.certificates.storage import certificate_storage
from courses.models import Certificate, CertificateSettings
from home.factories import UserFactory
from tests.courses.certificates.test_pdf import png_1x1

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _certificate_folder(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


@pytest.fixture
def issued(s3_bucket, django_capture_on_commit_callbacks) -> Certificate:
    """A certificate issued the way the site issues one: a learner completes a course."""
    course = course_with_modules(title="Dịch vụ công trực tuyến", modules=1)
    with django_capture_on_commit_callbacks(execute=True):
        course_complete(learner=UserFactory(full_name="Lò Thị Bích"), course=course)
    return Certificate.objects.get()


def test_the_issued_pdf_is_stored_in_the_bucket_and_not_in_the_folder(
    issued, s3_bucket, settings, tmp_path
):
    assert issued.pdf
    assert s3_bucket.names("certificates/") == [f"certificates/{issued.pdf.name}"]
    assert not (tmp_path / "certificates").exists()


def test_the_owner_downloads_the_pdf_through_the_app_and_its_signature_verifies(client, issued):
    client.force_login(issued.learner)
    response = client.get(reverse("certificate_download", args=[issued.display_code]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    check = pdf_signature_check(pdf=body)
    assert check.ok and check.trusted and check.covers_whole_file


def test_another_learner_cannot_download_it(client, issued):
    client.force_login(UserFactory())
    response = client.get(reverse("certificate_download", args=[issued.display_code]))
    assert response.status_code == 404


def test_its_object_is_not_readable_without_the_app(issued, s3_bucket):
    anonymous = requests.get(s3_bucket.object_url(f"certificates/{issued.pdf.name}"), timeout=10)

    assert anonymous.status_code == 403
    assert b"%PDF" not in anonymous.content
    with pytest.raises(ValueError, match="no public URL"):
        certificate_storage.url(issued.pdf.name)


def test_a_logo_kept_in_the_bucket_is_printed_inline(s3_bucket, issued):
    logo = Image.objects.create(
        title="Logo", file=SimpleUploadedFile("logo.png", png_1x1(), "image/png")
    )
    issuer = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    issuer.logo = logo
    issuer.save()

    html = certificate_html(certificate=issued)

    assert s3_bucket.names(f"media/{logo.file.name}") == [f"media/{logo.file.name}"]
    assert html.count('src="data:image/png;base64,') == 2  # the logo and the QR code
    assert "file://" not in html
