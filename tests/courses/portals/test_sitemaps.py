"""Every host's /sitemap.xml lists its own pages and the national library at its own address."""

import re

import pytest

from tests.courses.portals.conftest import HOST_A, HOST_B, NATIONAL_HOST, on

pytestmark = pytest.mark.django_db


def locations(client, host) -> set[str]:
    response = client.get("/sitemap.xml", **on(host))
    assert response.status_code == 200
    return set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))


@pytest.fixture
def tree(national_modules, province_course, portal_b):
    return national_modules


def test_a_portal_lists_its_pages_and_the_library_at_its_own_host(client, tree):
    found = locations(client, HOST_A)

    assert "http://ha-noi.localhost/" in found
    assert "http://ha-noi.localhost/khoa-hoc/" in found
    assert "http://ha-noi.localhost/khoa-hoc/so-hoa-ha-noi/bai-rieng/" in found
    assert "http://ha-noi.localhost/khoa-hoc/ky-nang-so/" in found
    assert "http://ha-noi.localhost/khoa-hoc/ky-nang-so/bai-3/" in found
    assert not [url for url in found if not url.startswith("http://ha-noi.localhost/")]


def test_a_portal_does_not_list_another_provinces_unshared_course(client, tree):
    found = locations(client, HOST_B)

    assert "http://cao-bang.localhost/khoa-hoc/ky-nang-so/bai-1/" in found
    assert not [url for url in found if "so-hoa-ha-noi" in url]
    assert not [url for url in found if not url.startswith("http://cao-bang.localhost/")]


def test_the_national_site_lists_shared_provincial_courses_at_its_own_host(
    client, tree, province_course
):
    province_course.shared_nationally = True
    province_course.save_revision().publish()

    found = locations(client, NATIONAL_HOST)

    assert "http://localhost/khoa-hoc/ky-nang-so/bai-2/" in found
    assert "http://localhost/khoa-hoc/so-hoa-ha-noi/" in found
    assert not [url for url in found if "ha-noi.localhost" in url]
