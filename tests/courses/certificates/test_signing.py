import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from courses.certificates import signing
from courses.certificates.factories import CertificateFactory
from courses.certificates.services import certificate_render
from courses.certificates.signing import pdf_sign, pdf_signature_check, signing_paths

needs_pdfsig = pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils is missing")


@pytest.fixture(autouse=True)
def _certificate_files(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


@pytest.fixture
def signed_pdf(db) -> bytes:
    certificate = certificate_render(certificate_id=CertificateFactory().pk)
    return certificate.pdf.read()


def flip_a_byte(pdf: bytes, marker: bytes = b"WeasyPrint") -> bytes:
    """Change one byte inside the signed range (the producer's name), keeping the file valid."""
    position = pdf.index(marker)
    changed = bytearray(pdf)
    changed[position] = ord("X") if changed[position] != ord("X") else ord("Y")
    return bytes(changed)


def pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    command = [shutil.which("pdfsig"), str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout + result.stderr


def test_a_stored_certificate_carries_a_pades_signature_that_pyhanko_accepts(signed_pdf):
    check = pdf_signature_check(pdf=signed_pdf)
    assert check.ok
    assert check.trusted  # against our own signing certificate
    assert check.covers_whole_file
    assert b"/SubFilter /ETSI.CAdES.detached" in signed_pdf


@needs_pdfsig
def test_pdfsig_accepts_the_signature(signed_pdf, tmp_path):
    report = pdfsig(signed_pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "ETSI.CAdES.detached" in report
    assert "Total document signed" in report


def test_a_byte_changed_after_signing_breaks_verification(signed_pdf, tmp_path):
    tampered = flip_a_byte(signed_pdf)
    assert len(tampered) == len(signed_pdf) and tampered != signed_pdf
    check = pdf_signature_check(pdf=tampered)
    assert not check.ok
    assert not check.intact


@needs_pdfsig
def test_pdfsig_rejects_a_changed_byte(signed_pdf, tmp_path):
    report = pdfsig(flip_a_byte(signed_pdf), tmp_path)
    assert "Signature is Valid" not in report
    assert "Digest Mismatch" in report


def test_an_unsigned_pdf_is_not_ok():
    import weasyprint

    unsigned = weasyprint.HTML(string="<p>Giả mạo</p>").write_pdf()
    check = pdf_signature_check(pdf=unsigned)
    assert not check.signed and not check.ok


def test_signing_works_inside_a_running_event_loop(db):
    """Browser tests and ASGI servers call us from a thread that runs an asyncio loop. The
    loop runs in a thread of its own: this worker's main thread may already run one (the
    browser tests' Playwright, when they ran first), where `asyncio.run` is refused."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    async def sign_in_loop():
        return pdf_sign(pdf=_tiny_pdf(), reason="Kiểm tra", location="Hà Nội")

    def in_a_loop():
        try:
            return asyncio.run(sign_in_loop())
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        signed = pool.submit(in_a_loop).result(timeout=300)
    assert pdf_signature_check(pdf=signed).ok


def test_a_development_key_is_created_on_first_use_and_announced(settings, tmp_path, caplog):
    settings.CERTIFICATE_SIGNING_KEY = tmp_path / "signing" / "key.pem"
    settings.CERTIFICATE_SIGNING_CERT = tmp_path / "signing" / "cert.pem"
    settings.CERTIFICATE_SIGNING_AUTOCREATE = True
    with caplog.at_level(logging.WARNING, logger="courses.certificates.signing"):
        key, cert = signing_paths()
    assert key.is_file() and cert.is_file()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert "self-signed" in caplog.text
    caplog.clear()
    assert signing_paths() == (key, cert)
    assert caplog.text == ""
    assert pdf_sign(pdf=_tiny_pdf(), reason="r", location="l").startswith(b"%PDF")


def test_without_autocreate_a_missing_key_is_refused(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY = tmp_path / "missing.pem"
    settings.CERTIFICATE_SIGNING_CERT = tmp_path / "missing.crt"
    settings.CERTIFICATE_SIGNING_AUTOCREATE = False
    with pytest.raises(ImproperlyConfigured):
        signing.signing_material()


def test_the_default_dev_key_lives_in_the_gitignored_var_folder():
    base = Path(django_settings.BASE_DIR)
    assert Path(django_settings.CERTIFICATE_SIGNING_KEY).is_relative_to(base / "var")
    assert "/var/" in (base / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({}, "CERTIFICATE_SIGNING_KEY, CERTIFICATE_SIGNING_CERT, CERTIFICATE_BASE_URL"),
        (
            {
                "CERTIFICATE_SIGNING_KEY": "/nonexistent/key.pem",
                "CERTIFICATE_SIGNING_CERT": "/nonexistent/cert.pem",
                "CERTIFICATE_BASE_URL": "https://hocvuso.example.vn",
            },
            "missing or unreadable",
        ),
    ],
)
def test_production_refuses_to_start_without_the_signing_key(environment, complaint):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "hocvuso.example.vn",
        "DATABASE_URL": "sqlite:////tmp/never-used.sqlite3",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import elearn.settings.production"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert complaint in result.stderr


def _tiny_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>Thử</p>").write_pdf()
