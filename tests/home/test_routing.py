"""Pages are found from the cache in one query, and every change of the tree is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    return CourseIndexPageFactory()


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog, slug="ky-nang-so")


def page_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers={"cookie": "messages=x"})  # not from the anonymous page cache
    return [q["sql"] for q in captured.captured_queries if "wagtailcore_page" in q["sql"]]


def test_a_page_is_served_without_reading_the_tree_once_cached(client, course, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    client.get(course.url)

    assert page_queries(client, course.url) == []


def test_a_published_change_is_served_at_once(client, course, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    client.get(course.url)
    course.title = "Kỹ năng số nâng cao"
    course.save_revision().publish()

    assert "Kỹ năng số nâng cao" in client.get(course.url).content.decode()


def test_a_saved_draft_does_not_change_the_served_page(client, course, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    client.get(course.url)
    course.title = "Bản nháp chưa xuất bản"
    course.save_revision()

    assert "Bản nháp chưa xuất bản" not in client.get(course.url).content.decode()


def test_an_unpublished_page_is_no_longer_served(client, course):
    assert client.get(course.url).status_code == 200
    course.unpublish()

    assert client.get(course.url).status_code == 404


def test_a_moved_page_is_served_at_its_new_address_only(client, catalog, course):
    other = CoursePageFactory(parent=catalog, slug="khac")
    module = ModulePageFactory(parent=course, slug="bai-mot")
    old_url = module.url
    client.get(old_url)

    module.move(other, pos="last-child")

    assert client.get(old_url).status_code in (301, 302, 404)
    assert client.get("/khoa-hoc/khac/bai-mot/").status_code in (200, 302)


def test_a_new_slug_is_served_once_published(client, course):
    old_url = course.url
    client.get(old_url)
    course.slug = "ky-nang-so-co-ban"
    course.save_revision().publish()

    assert client.get("/khoa-hoc/ky-nang-so-co-ban/").status_code == 200
    assert client.get(old_url).status_code == 404


def test_a_draft_page_is_not_served(client, catalog):
    draft = CoursePageFactory(parent=catalog, slug="ban-nhap", live=False)

    assert client.get("/khoa-hoc/ban-nhap/").status_code == 404
    assert draft.url is None or client.get(draft.url).status_code == 404


def test_an_unknown_address_is_not_found(client, catalog):
    assert client.get("/khoa-hoc/khong-co/").status_code == 404


def test_a_restricted_page_still_asks_visitors_to_sign_in(client, course):
    client.get(course.url)
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(course.url)

    assert response.status_code == 302
    assert "login" in response.url
