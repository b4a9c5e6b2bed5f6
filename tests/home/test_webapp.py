"""The installable web app: manifest, service worker at the site's root, offline page."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from home.factories import UserFactory
from home.webapp import service_worker_config

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_in_vietnamese_with_our_own_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Bình dân học vụ số"
    assert data["lang"] == "vi"
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/elearn/icons/")
        path = finders.find(icon["src"].removeprefix("/static/"))
        width, height = Image.open(path).size
        assert f"{width}x{height}" == icon["sizes"]
    assert "Bình dân học vụ số".encode() in response.content  # not \\u escapes


def test_every_site_page_links_the_manifest_and_installs_the_worker(client):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<script src="/static/elearn/js/webapp.js" defer></script>' in html


def test_the_service_worker_is_served_at_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    prelude = body.splitlines()[0]
    assert prelude.startswith("self.ELEARN_SW = ")
    config = json.loads(prelude.removeprefix("self.ELEARN_SW = ").removesuffix(";"))
    assert config["offlineUrl"] == "/ngoai-tuyen/"
    assert "/static/elearn/css/site.css" in config["precache"]
    assert 'addEventListener("fetch"' in body


def test_the_worker_version_follows_the_files_it_keeps(settings):
    before = service_worker_config()["version"]
    settings.STATIC_URL = "/assets/"
    after = service_worker_config()
    assert after["version"] != before
    assert after["precache"][0].startswith("/assets/")


def test_the_offline_page_is_the_same_for_everyone(client):
    anonymous = client.get("/ngoai-tuyen/")
    client.force_login(UserFactory(full_name="Lò Thị Lan"))
    signed_in = client.get("/ngoai-tuyen/")
    assert signed_in.content == anonymous.content
    html = anonymous.content.decode()
    assert "Bạn đang ngoại tuyến" in html
    assert "csrfmiddlewaretoken" not in html
    assert "Set-Cookie" not in signed_in.headers or "sessionid" not in signed_in["Set-Cookie"]
