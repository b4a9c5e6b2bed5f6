"""The dashboards' figures come from the shared cache, counted ahead by refresh_statistics,
and the cache never shows one area's figures to another area's manager."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.factories import EnrolmentFactory
from home.factories import UserFactory
from tests.courses.reports.world import build_world

DASHBOARD = reverse("statistics_dashboard")


@pytest.fixture
def world(db):
    return build_world()


COUNTED_TABLES = ('"courses_enrolment"', '"courses_dailycount"', '"courses_dailylearnercount"')


def _counting_queries(client, url=DASHBOARD) -> list[str]:
    """The queries that count enrolments or sum the statistics tables (the course filter's
    list only looks one enrolment up)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].split(" FROM ", 1)[-1].startswith(COUNTED_TABLES)
    ]


def _figure(html: str, name: str) -> str:
    return html.split(f'data-figure="{name}">', 1)[1].split("<", 1)[0]


def test_a_second_view_counts_nothing(client, world):
    client.force_login(world.national)

    assert _counting_queries(client)
    assert _counting_queries(client) == []


def test_refresh_statistics_counts_national_and_provincial_dashboards_ahead(client, world):
    call_command("refresh_statistics", verbosity=0)

    for manager in (world.national, world.province_manager, world.son_la_manager):
        client.force_login(manager)
        assert _counting_queries(client) == [], manager.email


def test_cached_figures_stay_within_each_managers_area(client, world):
    call_command("refresh_statistics", verbosity=0)
    client.force_login(world.son_la_manager)

    html = client.get(DASHBOARD).content.decode()
    refused = client.get(f"{DASHBOARD}?province=04")

    assert _figure(html, "enrolments") == "1"  # Cường in Lóng Sập, not Cao Bằng's three
    assert refused.status_code == 403


def test_the_page_says_when_the_figures_were_counted(client, world):
    client.force_login(world.national)

    html = client.get(DASHBOARD).content.decode()

    assert "data-computed-at" in html


def test_figures_are_counted_live_when_the_cache_is_off(client, world, settings):
    settings.STATISTICS_CACHE_SECONDS = 0
    client.force_login(world.province_manager)
    before = _figure(client.get(DASHBOARD).content.decode(), "enrolments")
    EnrolmentFactory(learner=UserFactory(commune=world.thuc_phan), course=world.course_b)

    after = _figure(client.get(DASHBOARD).content.decode(), "enrolments")

    assert (before, after) == ("3", "4")


def test_each_language_has_its_own_entry(client, world):
    client.force_login(world.national)
    client.cookies["elearn_language"] = "en"
    english = client.get(DASHBOARD).content.decode()
    client.cookies["elearn_language"] = "vi"

    vietnamese = client.get(DASHBOARD).content.decode()

    assert "Official, civil servant or public employee" in english
    assert "Official, civil servant or public employee" not in vietnamese
