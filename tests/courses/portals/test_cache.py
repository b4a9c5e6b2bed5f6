"""Cached anonymous pages and routes are kept per host: nothing cached for one portal is
served on another."""

import pytest

from home.caching import versioned_key
from tests.courses.portals.conftest import HOST_A, HOST_B, on

pytestmark = pytest.mark.django_db


def test_a_page_cached_for_one_host_is_not_served_on_another(
    client, settings, portal_a, portal_b, national_course
):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    for path in ("/", "/khoa-hoc/", "/khoa-hoc/ky-nang-so/"):
        first_a = client.get(path, **on(HOST_A)).content.decode()
        again_a = client.get(path, **on(HOST_A)).content.decode()
        on_b = client.get(path, **on(HOST_B)).content.decode()

        assert first_a == again_a, path  # served from the cache
        assert "Cổng học tập Hà Nội" in on_b or "Cổng học tập Cao Bằng" in on_b, path
        assert "Cổng học tập Hà Nội" not in on_b, path
        assert "Cổng học tập Cao Bằng" in on_b, path


def test_the_anonymous_page_cache_key_names_the_host(client, settings, portal_a, monkeypatch):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    keys = []
    from django.core.cache import cache

    original_set = cache.set

    def recording_set(key, *args, **kwargs):
        keys.append(key)
        return original_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    client.get("/", **on(HOST_A))

    page_keys = [key for key in keys if key.startswith(versioned_key("page"))]
    assert page_keys and all(HOST_A in key for key in page_keys)
