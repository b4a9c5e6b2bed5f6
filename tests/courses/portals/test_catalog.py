"""A portal's catalog lists the national library and the province's own courses, each once,
and costs the same number of queries however many courses there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory
from courses.models import FeaturedCourse
from tests.courses.portals.conftest import HOST_A, HOST_B, NATIONAL_HOST, on

pytestmark = pytest.mark.django_db


def catalog_body(client, host: str) -> str:
    response = client.get("/khoa-hoc/", **on(host))
    assert response.status_code == 200
    return response.content.decode()


def test_a_national_course_appears_on_both_portals_once_each(
    client, portal_a, portal_b, national_course
):
    for host in (HOST_A, HOST_B, NATIONAL_HOST):
        assert catalog_body(client, host).count('href="/khoa-hoc/ky-nang-so/"') == 1, host


def test_no_course_page_is_copied_for_a_portal(portal_a, portal_b, national_course):
    from courses.models import CoursePage

    assert CoursePage.objects.filter(slug="ky-nang-so").count() == 1


def test_a_province_course_is_hidden_on_other_portals_and_nationally(
    client, portal_a, portal_b, province_course
):
    assert "Số hóa Hà Nội" in catalog_body(client, HOST_A)
    assert "Số hóa Hà Nội" not in catalog_body(client, HOST_B)
    assert "Số hóa Hà Nội" not in catalog_body(client, NATIONAL_HOST)


def test_a_shared_province_course_appears_everywhere_once(
    client, portal_a, portal_b, province_course
):
    province_course.shared_nationally = True
    province_course.save_revision().publish()

    for host in (HOST_A, HOST_B, NATIONAL_HOST):
        assert catalog_body(client, host).count('href="/khoa-hoc/so-hoa-ha-noi/"') == 1, host


def test_the_portal_search_finds_national_courses(client, portal_a, national_course):
    response = client.get("/khoa-hoc/?q=ky+nang", **on(HOST_A))

    assert 'href="/khoa-hoc/ky-nang-so/"' in response.content.decode()


def test_a_portal_features_the_national_courses_it_chose(
    client, portal_a, catalog_a, national_catalog, national_course
):
    other = CoursePageFactory(parent=national_catalog, title="An toàn thông tin", slug="attt")
    FeaturedCourse.objects.create(catalog=catalog_a, course=other, sort_order=0)

    body_a = catalog_body(client, HOST_A)

    featured = body_a.split('id="featured-heading"')[1].split("</section>")[0]
    assert 'href="/khoa-hoc/attt/"' in featured
    assert "ky-nang-so" not in featured


def test_the_portal_catalog_queries_do_not_grow_with_courses(
    client, settings, portal_a, catalog_a, national_catalog
):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    counts = []
    for count in (2, 20):
        for n in range(count):
            CoursePageFactory(parent=national_catalog, title=f"Quốc gia {count}-{n}")
            CoursePageFactory(parent=catalog_a, title=f"Hà Nội {count}-{n}")
        featured = CoursePageFactory(parent=national_catalog)
        FeaturedCourse.objects.create(catalog=catalog_a, course=featured)
        client.get("/khoa-hoc/", **on(HOST_A))
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/khoa-hoc/", **on(HOST_A)).status_code == 200
        counts.append([q["sql"] for q in captured.captured_queries])

    assert len(counts[0]) == len(counts[1]), "\n".join(counts[1])
