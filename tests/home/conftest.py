import os
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from home.factories import CommuneFactory, ProvinceFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_language():
    """allauth counts attempts in the cache, and a request leaves its language active."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def vietnamese_catalogue():
    """Tests that read Vietnamese text need `make messages` (compilemessages) to have run."""
    for po in LOCALE_DIR.glob("**/vi/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(f"{mo} is missing or older than its .po: run `make messages` first.")


@pytest.fixture
def cao_bang(db):
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    CommuneFactory(code="01273", name="Phường Thục Phán", province=province)
    CommuneFactory(code="01279", name="Phường Nùng Trí Cao", province=province)
    CommuneFactory(code="01288", name="Xã Quảng Uyên", province=province)
    return province


@pytest.fixture
def son_la(db):
    province = ProvinceFactory(code="14", name="Sơn La", codename="son_la")
    CommuneFactory(code="04045", name="Xã Lóng Sập", province=province)
    CommuneFactory(code="04048", name="Xã Chiềng Sơn", province=province)
    return province


@pytest.fixture
def production_env(tmp_path):
    """Every variable production needs, with a 50+ character random secret key."""
    key, cert = tmp_path / "signing-key.pem", tmp_path / "signing-cert.pem"
    key.write_text("test key")
    cert.write_text("test certificate")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "elearn.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "hocvuso.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "CERTIFICATE_SIGNING_KEY": str(key),
        "CERTIFICATE_SIGNING_CERT": str(cert),
        "CERTIFICATE_BASE_URL": "https://hocvuso.example.vn",
        # Shared between the workers: the deploy check warns about a per-process cache.
        "CACHE_URL": "redis://127.0.0.1:6379/1",
    }
