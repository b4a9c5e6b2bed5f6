import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from wagtail.images.models import Image
from wagtail.models import Site

from courses.certificates.factories import (
    CertificateFactory,
    course_complete,
    course_with_modules,
)
from courses.certificates.middleware import RequestAddressMiddleware
from courses.certificates.rendering import (
    LocalFilesFetcher,
    allowed_roots,
    certificate_html,
    certificate_pdf,
    verification_url,
)
from courses.certificates.services import certificate_render
from courses.certificates.tasks import certificate_render_task
from courses.models import Certificate, CertificateSettings
from home.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")
needs_zbar = pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools is not installed")


@pytest.fixture(autouse=True)
def _certificate_files(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


def make_certificate(full_name="Nguyễn Thị Hồng Nhung", title="Kỹ năng số cơ bản cho người dân"):
    province = ProvinceFactory(name="Thanh Hóa", codename="thanh_hoa")
    commune = CommuneFactory(name="Phường Bỉm Sơn", province=province)
    learner = UserFactory(full_name=full_name, commune=commune)
    return CertificateFactory(learner=learner, learner_name=full_name, course__title=title)


def tool(name: str, *arguments) -> str:
    """Run a poppler or zbar command (fixed programs, our own files) and return its output."""
    command = [shutil.which(name), *(str(argument) for argument in arguments)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return tool("pdftotext", "-layout", path, "-")


def png_1x1() -> bytes:
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGBA", (120, 60), (20, 20, 120, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


@needs_poppler
def test_the_pdf_is_a4_landscape_with_noto_fonts_embedded(tmp_path):
    pdf = certificate_pdf(certificate=make_certificate())
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    info = tool("pdfinfo", path)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Page size:\s+841.89 x 595.276 pts \(A4\)$", info, re.M)  # landscape
    fonts = tool("pdffonts", path)
    assert "NotoSerif" in fonts.replace("-", "") and "NotoSans" in fonts.replace("-", "")
    assert all(" yes yes " in line for line in fonts.splitlines()[2:] if line.strip())


@needs_poppler
def test_the_name_and_course_print_as_typed_in_vietnamese(tmp_path):
    text = pdf_text(certificate_pdf(certificate=make_certificate()), tmp_path)
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "Kỹ năng số cơ bản cho người dân" in text
    assert "Phường Bỉm Sơn, Tỉnh Thanh Hóa" in text
    assert "Bình dân học vụ số".upper() in text  # the issuing organisation (upper-cased by CSS)


@needs_poppler
def test_a_decomposed_name_prints_with_precomposed_letters(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Đặng Quốc Việt")
    assert decomposed != "Đặng Quốc Việt"
    certificate = make_certificate(full_name=decomposed)
    assert "Đặng Quốc Việt" in certificate_html(certificate=certificate)
    text = pdf_text(certificate_pdf(certificate=certificate), tmp_path)
    assert "Đặng Quốc Việt" in text
    assert unicodedata.normalize("NFC", text) == text


@needs_poppler
def test_html_in_a_name_prints_as_plain_text_and_loads_nothing(tmp_path, monkeypatch):
    name = '<img src="file:///etc/passwd"><b>Lò Thị Bích</b>'
    certificate = make_certificate(full_name=name)
    fetched = []
    original = LocalFilesFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalFilesFetcher, "fetch", spy)
    html = certificate_html(certificate=certificate)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    text = pdf_text(certificate_pdf(certificate=certificate), tmp_path)
    assert '<img src="file:///etc/passwd"><b>Lò Thị Bích</b>' in " ".join(text.split())
    assert not any("passwd" in url for url in fetched)
    assert "root:" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://fonts.googleapis.com/css?family=Noto+Serif",
        "ftp://example.com/x.png",
        "file://evil.example/share/x.png",
    ],
)
def test_the_fetcher_refuses_anything_but_our_files(url):
    with pytest.raises(ValueError, match="may not load"):
        LocalFilesFetcher().fetch(url)


def test_the_fetcher_refuses_a_path_escaping_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "escape").symlink_to("/etc")
    fetcher = LocalFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch((settings.MEDIA_ROOT / "escape" / "passwd").as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch(f"{settings.MEDIA_ROOT.as_uri()}/../../../etc/passwd")


def test_the_fetcher_serves_media_fonts_and_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    logo = settings.MEDIA_ROOT / "logo.png"
    logo.write_bytes(png_1x1())
    fetcher = LocalFilesFetcher()
    assert fetcher.fetch(logo.as_uri()).read() == logo.read_bytes()
    font = Path(settings.CERTIFICATE_FONT_DIR) / "NotoSerif-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    assert fetcher.fetch("data:text/plain;base64,eGlu").read() == b"xin"
    assert Path(settings.MEDIA_ROOT).resolve() in allowed_roots()


@needs_poppler
def test_settings_from_the_admin_appear_on_the_certificate(tmp_path):
    image = Image.objects.create(
        title="Chữ ký", file=SimpleUploadedFile("chu-ky.png", png_1x1(), "image/png")
    )
    issuer = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    issuer.issuing_organisation = "Sở Khoa học và Công nghệ tỉnh Thanh Hóa"
    issuer.signer_name = "Lê Văn Thành"
    issuer.signer_title = "Giám đốc"
    issuer.signature_image = image
    issuer.logo = image
    issuer.save()
    certificate = make_certificate()
    html = certificate_html(certificate=certificate)
    assert html.count('src="file://') == 2  # logo and signature, as local files
    text = pdf_text(certificate_pdf(certificate=certificate), tmp_path)
    assert "Lê Văn Thành" in text
    assert "GIÁM ĐỐC" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH THANH HÓA" in text


@needs_poppler
@needs_zbar
def test_the_qr_code_points_to_the_public_verification_page(tmp_path, settings):
    settings.CERTIFICATE_BASE_URL = "https://hocvuso.example.vn"
    certificate = make_certificate()
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate_pdf(certificate=certificate))
    tool("pdftoppm", "-r", "150", "-png", "-singlefile", path, tmp_path / "page")
    decoded = tool("zbarimg", "--quiet", "--raw", tmp_path / "page.png").strip()
    assert decoded == verification_url(certificate)
    assert decoded == f"https://hocvuso.example.vn/certificates/{certificate.display_code}/"


def test_the_pdf_is_made_once_and_stored(settings):
    certificate = make_certificate()
    rendered = certificate_render(certificate_id=certificate.pk)
    stored = Path(settings.CERTIFICATE_FILES_DIR) / rendered.pdf.name
    assert stored.is_file()
    assert rendered.pdf_sha256 and rendered.rendered_at
    before = stored.stat().st_mtime_ns

    again = certificate_render(certificate_id=certificate.pk)

    assert again.pdf.name == rendered.pdf.name
    assert stored.stat().st_mtime_ns == before
    assert not str(stored.resolve()).startswith(str(Path(settings.MEDIA_ROOT).resolve()))


def test_a_failed_rendering_leaves_no_file_and_a_retry_finishes_it(settings, monkeypatch):
    certificate = make_certificate()
    folder = Path(settings.CERTIFICATE_FILES_DIR)

    def broken(**kwargs):
        raise RuntimeError("signing device unplugged")

    monkeypatch.setattr("courses.certificates.signing.pdf_sign", broken)
    result = certificate_render_task.enqueue(certificate.pk)
    assert result.status == "FAILED"
    certificate.refresh_from_db()
    assert not certificate.pdf
    assert not folder.exists() or list(folder.rglob("*")) == []

    monkeypatch.undo()
    result = certificate_render_task.enqueue(certificate.pk)
    assert result.status == "SUCCESSFUL"
    assert Certificate.objects.count() == 1
    certificate.refresh_from_db()
    assert certificate.pdf
    assert [p.name for p in folder.rglob("*") if p.is_file()] == [Path(certificate.pdf.name).name]


def test_a_write_that_fails_midway_leaves_no_partial_file(settings, monkeypatch):
    certificate = make_certificate()
    folder = Path(settings.CERTIFICATE_FILES_DIR)
    import os

    real_fsync = os.fsync

    def failing_fsync(descriptor):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        certificate_render(certificate_id=certificate.pk)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    certificate.refresh_from_db()
    assert not certificate.pdf


def test_revoked_and_replaced_certificates_are_not_rendered():
    certificate = make_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(status="replaced")
    assert not certificate_render(certificate_id=certificate.pk).pdf


@needs_poppler
@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:9000"])
def test_without_a_configured_address_the_certificate_prints_the_one_the_learner_used(
    rf, settings, tmp_path, django_capture_on_commit_callbacks, host
):
    settings.CERTIFICATE_BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    learner = UserFactory()
    course = course_with_modules(modules=1)

    def view(request):
        # Outside tests the completion commits, and its certificate is asked for, in the request.
        with django_capture_on_commit_callbacks(execute=True):
            course_complete(learner=learner, course=course)
        return HttpResponse()

    RequestAddressMiddleware(view)(rf.post("/", HTTP_HOST=host))

    certificate = Certificate.objects.get()
    text = pdf_text(certificate.pdf.read(), tmp_path)
    assert f"http://{host}/certificates/" in text
    assert "127.0.0.1:8000" not in text


def test_a_certificate_made_outside_a_request_uses_the_site_address(settings):
    settings.CERTIFICATE_BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"
    certificate = make_certificate()

    assert verification_url(certificate).startswith("http://127.0.0.1:8080/certificates/")
