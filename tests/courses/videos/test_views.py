"""The report endpoint (access, CSRF, bad input, cost), the video block on the module page and
the "save data" setting of the profile page."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from courses.factories import ModulePageFactory
from courses.models import ModulePartResult
from courses.videos.factories import VideoBlockFactory
from courses.videos.models import VideoWatch
from courses.videos.selectors import SAVE_DATA_COOKIE
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


def watch_url(module, video_id):
    return reverse("video_watch", kwargs={"module_id": module.pk, "document_id": video_id})


def source(document):
    return f'<source src="{document.file.url}"'


def form(ranges, *, duration=100, position=1):
    return {"ranges": json.dumps(ranges), "duration": duration, "position": position}


def test_an_enrolled_learner_reports_what_was_played(learner_client, enrolled, module, video):
    response = learner_client.post(watch_url(module, video.pk), form([[0, 3]], position=3))

    assert response.status_code == 200
    data = response.json()
    assert (data["ok"], data["watched_percent"], data["required_share"]) == (True, 3, 90)
    assert data["passed"] is False
    assert data["module_completed"] is False
    assert VideoWatch.objects.get().intervals == [[0, 3]]


def test_an_anonymous_visitor_is_refused(client, module, video):
    response = client.post(watch_url(module, video.pk), form([[0, 1]]))

    assert response.status_code == 403
    assert not VideoWatch.objects.exists()


def test_a_learner_not_enrolled_is_refused(learner_client, learner, module, video):
    response = learner_client.post(watch_url(module, video.pk), form([[0, 1]]))

    assert response.status_code == 403
    assert not VideoWatch.objects.exists()


def test_a_video_of_another_module_is_refused(learner_client, enrolled, course, module, video):
    other = ModulePageFactory(parent=course, body=[VideoBlockFactory()])

    response = learner_client.post(watch_url(other, video.pk), form([[0, 1]]))

    assert response.status_code == 404
    assert "does not need to be watched" in response.json()["message"]
    assert not VideoWatch.objects.exists()


def test_an_unpublished_module_is_refused(learner_client, enrolled, module, video):
    module.unpublish()

    response = learner_client.post(watch_url(module, video.pk), form([[0, 1]]))

    assert response.status_code == 404
    assert not VideoWatch.objects.exists()


def test_a_report_without_the_csrf_token_is_refused(learner, enrolled, module, video):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post(watch_url(module, video.pk), form([[0, 1]]))

    assert response.status_code == 403
    assert not VideoWatch.objects.exists()


def test_only_post_is_accepted(learner_client, enrolled, module, video):
    assert learner_client.get(watch_url(module, video.pk)).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {"ranges": "not json", "duration": 100, "position": 0},
        {"ranges": "[[5, 1]]", "duration": 100, "position": 0},
        {"ranges": "[[0, 1]]", "duration": "", "position": 0},
        {"ranges": "[[0, 1]]", "duration": 100},
    ],
)
def test_a_report_that_cannot_be_read_gets_a_clear_400(
    learner_client, enrolled, module, video, data
):
    response = learner_client.post(watch_url(module, video.pk), data)

    assert response.status_code == 400
    assert response.json()["message"].startswith("The report could not be read")
    assert not VideoWatch.objects.exists()


def test_implausible_growth_gets_a_400_and_counts_nothing(learner_client, enrolled, module, video):
    response = learner_client.post(watch_url(module, video.pk), form([[0, 100]], position=100))

    assert response.status_code == 400
    assert "could not be counted" in response.json()["message"]
    assert VideoWatch.objects.get().watched_seconds == 0
    assert not ModulePartResult.objects.exists()


@pytest.mark.parametrize("stored", [1, 150])
def test_a_report_costs_the_same_queries_whatever_was_watched_before(
    learner_client, enrolled, module, video, django_assert_num_queries, stored
):
    url = watch_url(module, video.pk)
    learner_client.post(url, form([[0, 0.5]]))
    VideoWatch.objects.update(
        intervals=[[s, s + 0.1] for s in range(stored)], updated_at="2000-01-01T00:00Z"
    )

    # A fixed number, however many intervals are stored (the learner's row, enrolment and
    # progress come from the cache).
    with django_assert_num_queries(5):
        response = learner_client.post(url, form([[0, 1], [50, 51]]))

    assert response.status_code == 200


def test_the_module_page_shows_the_video_with_what_is_needed(
    learner_client, enrolled, module, video, light
):
    html = learner_client.get(module.url).content.decode()

    assert "data-video-watch" in html
    assert f'data-report-url="{watch_url(module, video.pk)}"' in html
    assert "Watched 0%. Watch at least 90% of this video" in html
    assert "<noscript>" in html and "what you watch is not counted" in html
    assert html.index(source(video)) < html.index(source(light))  # the full version first
    assert f'data-light-src="{light.file.url}"' in html
    assert "courses/video.js" in html
    assert "Mark as done" not in html


def test_the_module_page_resumes_where_the_learner_stopped(learner_client, enrolled, module, part):
    learner_client.get(module.url)
    VideoWatch.objects.create(
        learner=enrolled,
        module=module,
        part=part,
        duration=100,
        position=42.5,
        intervals=[[0, 42.5]],
        watched_seconds=42.5,
    )

    html = learner_client.get(module.url).content.decode()

    assert 'data-start="42.50"' in html
    assert "Watched 42%" in html


def test_a_learner_saving_data_gets_the_light_version_first(
    learner_client, enrolled, module, video, light
):
    learner_client.cookies[SAVE_DATA_COOKIE] = "1"

    html = learner_client.get(module.url).content.decode()

    assert html.index(source(light)) < html.index(source(video))


def test_a_video_that_need_not_be_watched_is_shared_html_without_reporting(
    learner_client, enrolled, course
):
    module = ModulePageFactory(parent=course, body=[VideoBlockFactory(required_share=0)])

    html = learner_client.get(module.url).content.decode()

    assert "data-video-watch" not in html
    assert "Mark as done" in html


def test_the_profile_page_turns_data_saving_on_and_off(learner_client):
    profile = learner_client.get(reverse("profile")).content.decode()
    assert reverse("video_data_saver") in profile

    on = learner_client.post(reverse("video_data_saver"), {"save_data": "1"})
    assert on.status_code == 302
    assert on.cookies[SAVE_DATA_COOKIE].value == "1"
    assert (
        'name="save_data" value="1" checked'
        in learner_client.get(reverse("profile")).content.decode()
    )

    off = learner_client.post(reverse("video_data_saver"), {})
    assert off.cookies[SAVE_DATA_COOKIE].value == ""
    assert off.cookies[SAVE_DATA_COOKIE]["max-age"] == 0


def test_data_saving_needs_a_signed_in_user(client):
    response = client.post(reverse("video_data_saver"), {"save_data": "1"})

    assert response.status_code == 302
    assert SAVE_DATA_COOKIE not in response.cookies


def test_someone_else_cannot_report_for_the_learner(enrolled, module, video):
    stranger = Client()
    stranger.force_login(UserFactory(email="nguoila@example.vn"))

    response = stranger.post(watch_url(module, video.pk), form([[0, 1]]))

    assert response.status_code == 403
    assert not VideoWatch.objects.exists()
