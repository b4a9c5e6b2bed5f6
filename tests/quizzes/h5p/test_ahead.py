"""Fetching ahead: a page before a module with an H5P activity has the browser fetch the
activity's player and library code while the learner reads (`courses.selectors.module_ahead`),
the very addresses the activity's module page then asks for, so the browser's cache answers
them (issue 18: an activity's first visit on Slow 3G)."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import selectors
from courses.factories import CoursePageFactory, ModulePageFactory
from courses.services import enrolment_create, module_mark_done
from courses.videos.selectors import SAVE_DATA_COOKIE
from home.caching import content_changed
from tests.quizzes.h5p.conftest import h5p_body

pytestmark = pytest.mark.django_db

PREFETCH = re.compile(r'<link rel="prefetch" href="([^"]+)"( crossorigin="anonymous")?>')
PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous"')


def prefetched(response) -> list[tuple[str, bool]]:
    assert response.status_code == 200
    return [(url, bool(cors)) for url, cors in PREFETCH.findall(response.content.decode())]


@pytest.fixture
def reading(course):
    """A text module, before the activity's module."""
    return ModulePageFactory(parent=course, title="Đọc trước khi làm bài")


@pytest.fixture
def activity_module(course, reading, h5p_activity):
    return ModulePageFactory(parent=course, title="Bài tập kéo thả", body=h5p_body(h5p_activity))


@pytest.fixture
def reader(learner, course, activity_module):
    enrolment_create(learner=learner, course=course)
    return learner


def test_the_module_before_an_activity_fetches_what_the_activity_page_asks_for(
    learner_client, reader, reading, activity_module
):
    ahead = prefetched(learner_client.get(reading.url))
    later = learner_client.get(activity_module.url).content.decode()
    # The player's files and the library bundle, with CORS as the page fetches them.
    preloaded = PRELOAD.findall(later)
    assert len(preloaded) == 4
    assert [url for url, cors in ahead if cors] == preloaded
    assert any("/libraries/bundle/" in url for url in preloaded)
    # The block's own style and script, without CORS, as the page's tags load them.
    own = [url for url, cors in ahead if not cors]
    assert own == ["/static/quizzes/h5p.css", "/static/quizzes/h5p.js"]
    assert f'<link rel="stylesheet" href="{own[0]}">' in later
    assert f'<script src="{own[1]}" defer></script>' in later


def test_nothing_is_fetched_ahead_for_a_text_module_or_after_the_last(
    learner_client, reader, course, reading, activity_module
):
    assert prefetched(learner_client.get(activity_module.url)) == []  # the last module
    after = ModulePageFactory(parent=course, title="Tổng kết")
    assert prefetched(learner_client.get(activity_module.url)) == []  # a text module next
    assert prefetched(learner_client.get(after.url)) == []


def test_a_device_that_saves_data_fetches_nothing_ahead(learner_client, client, reader, reading):
    assert prefetched(learner_client.get(reading.url))
    # Android's data saver.
    assert prefetched(learner_client.get(reading.url, HTTP_SAVE_DATA="on")) == []
    # The learner's "save data" choice on this device (the profile page).
    learner_client.cookies[SAVE_DATA_COOKIE] = "1"
    assert prefetched(learner_client.get(reading.url)) == []


def test_the_course_page_fetches_ahead_for_the_module_it_offers_to_continue_with(
    learner_client, client, reader, course, reading, activity_module
):
    assert prefetched(learner_client.get(course.url)) == []  # "Start": the text module
    module_mark_done(learner=reader, course=course, module=reading)
    ahead = prefetched(learner_client.get(course.url))  # "Continue": the activity's
    assert ahead == prefetched(
        learner_client.get(reading.url)
    )  # the same files as from the module before
    assert ahead
    client.logout()
    assert prefetched(client.get(course.url)) == []  # a visitor: nothing to continue with


def test_my_courses_fetches_ahead_for_the_next_module_of_the_course_taken_up_last(
    learner_client, reader, course, reading, activity_module, catalog
):
    dashboard = reverse("dashboard")
    assert prefetched(learner_client.get(dashboard)) == []  # next: the text module
    module_mark_done(learner=reader, course=course, module=reading)
    ahead = prefetched(learner_client.get(dashboard))
    assert ahead and ahead == prefetched(learner_client.get(reading.url))
    # A course taken up since, whose next module is text: only that one is looked at.
    later = CoursePageFactory(parent=catalog, title="Dịch vụ công trực tuyến")
    ModulePageFactory(parent=later, title="Đăng nhập VNeID")
    enrolment_create(learner=reader, course=later)
    assert prefetched(learner_client.get(dashboard)) == []


def test_what_to_fetch_ahead_is_kept_per_version_of_the_published_content(
    reader, activity_module, django_assert_num_queries
):
    request = RequestFactory().get("/")
    first = selectors.module_ahead(module_id=activity_module.pk, request=request)
    assert first
    with django_assert_num_queries(0):
        assert selectors.module_ahead(module_id=activity_module.pk, request=request) == first
    content_changed()
    with CaptureQueriesContext(connection) as queries:
        assert selectors.module_ahead(module_id=activity_module.pk, request=request) == first
    assert queries.captured_queries  # built again for the new version
    # The addresses are absolute (the player may have a host of its own): kept per host.
    other = RequestFactory().get("/", HTTP_HOST="hoc.caobang.example.vn")
    elsewhere = selectors.module_ahead(module_id=activity_module.pk, request=other)
    assert {file.url for file in elsewhere if file.cors} == {
        file.url.replace("http://testserver/", "http://hoc.caobang.example.vn/")
        for file in first
        if file.cors
    }
