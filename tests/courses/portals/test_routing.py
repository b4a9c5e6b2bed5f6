"""Each portal answers on its own host, serves the national library at the same paths and
keeps every link on its own host (sessions are per host)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from tests.courses.portals.conftest import HOST_A, HOST_B, NATIONAL_HOST, on

pytestmark = pytest.mark.django_db


def test_each_host_gets_its_own_home_page(client, portal_a, portal_b):
    assert "Cổng học tập Hà Nội" in client.get("/", **on(HOST_A)).content.decode()
    assert "Cổng học tập Cao Bằng" in client.get("/", **on(HOST_B)).content.decode()
    national = client.get("/", **on(NATIONAL_HOST)).content.decode()
    assert "Cổng học tập Hà Nội" not in national
    assert "Cổng học tập Cao Bằng" not in national


def test_an_unknown_host_gets_the_national_site(client, portal_a):
    body = client.get("/", **on("elsewhere.example")).content.decode()

    assert "Cổng học tập Hà Nội" not in body


def test_a_national_course_is_served_on_a_portal_at_its_national_path(
    client, portal_a, national_course, national_modules
):
    response = client.get("/khoa-hoc/ky-nang-so/", **on(HOST_A))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Kỹ năng số" in body
    assert "Cổng học tập Hà Nội" in body  # the portal's header, not the national one


def test_a_portal_page_links_stay_on_the_portal(
    client, portal_a, national_course, national_modules
):
    body = client.get("/khoa-hoc/ky-nang-so/", **on(HOST_A)).content.decode()

    assert "http://localhost" not in body
    assert f"http://{HOST_B}" not in body


def test_a_learner_learns_a_national_course_on_a_portal_without_leaving_it(
    client, portal_a, learner_a, national_course, national_modules
):
    client.force_login(learner_a)

    enrolled = client.post(reverse("course_enrol", args=[national_course.pk]), **on(HOST_A))
    module = client.get("/khoa-hoc/ky-nang-so/bai-1/", **on(HOST_A))
    done = client.post(
        reverse("module_done", args=[national_course.pk, national_modules[0].pk]),
        {"next_module": national_modules[1].pk},
        **on(HOST_A),
    )

    assert enrolled.status_code == 302 and enrolled["Location"] == "/khoa-hoc/ky-nang-so/"
    assert module.status_code == 200
    body = module.content.decode()
    assert 'href="/khoa-hoc/ky-nang-so/"' in body
    assert 'href="/khoa-hoc/ky-nang-so/bai-2/"' in body
    assert "http://localhost" not in body
    assert done["Location"] == "/khoa-hoc/ky-nang-so/bai-2/"


def test_a_province_course_is_served_on_its_portal_only(
    client, portal_a, portal_b, province_course
):
    assert client.get("/khoa-hoc/so-hoa-ha-noi/", **on(HOST_A)).status_code == 200
    assert client.get("/khoa-hoc/so-hoa-ha-noi/", **on(HOST_B)).status_code == 404
    assert client.get("/khoa-hoc/so-hoa-ha-noi/", **on(NATIONAL_HOST)).status_code == 404


def test_a_shared_province_course_is_served_on_every_host(
    client, portal_a, portal_b, province_course
):
    province_course.shared_nationally = True
    province_course.save_revision().publish()

    for host in (HOST_A, HOST_B, NATIONAL_HOST):
        assert client.get("/khoa-hoc/so-hoa-ha-noi/bai-rieng/", **on(host)).status_code in (
            200,
            302,  # the module sends visitors who are not enrolled to its course
        ), host
        response = client.get("/khoa-hoc/so-hoa-ha-noi/", **on(host))
        assert response.status_code == 200, host
        assert "Số hóa Hà Nội" in response.content.decode()


def test_a_module_redirect_for_visitors_stays_on_the_portal(
    client, portal_a, national_course, national_modules
):
    response = client.get("/khoa-hoc/ky-nang-so/bai-1/", **on(HOST_A))

    assert response.status_code == 302
    assert response["Location"] == "/khoa-hoc/ky-nang-so/"


def test_a_national_module_on_a_portal_is_served_without_reading_the_tree_once_cached(
    client, settings, portal_a, learner_a, national_course, national_modules
):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    services.enrolment_create(learner=learner_a, course=national_course)
    client.force_login(learner_a)
    client.get("/khoa-hoc/ky-nang-so/bai-1/", **on(HOST_A))

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/khoa-hoc/ky-nang-so/bai-1/", **on(HOST_A))

    assert response.status_code == 200
    tree_queries = [q["sql"] for q in captured.captured_queries if "wagtailcore_page" in q["sql"]]
    assert tree_queries == []


def test_the_same_path_routes_per_host(client, portal_a, portal_b, province_course):
    """The route cache is keyed by site: a route found on A is not reused on B."""
    client.get("/khoa-hoc/so-hoa-ha-noi/", **on(HOST_A))

    assert client.get("/khoa-hoc/so-hoa-ha-noi/", **on(HOST_B)).status_code == 404


def test_the_menu_links_to_the_portals_own_catalog(client, portal_a, national_course):
    body = client.get("/", **on(HOST_A)).content.decode()

    assert 'href="/khoa-hoc/"' in body
