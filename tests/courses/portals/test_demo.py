"""`seed_demo` adds the Hà Nội and Cao Bằng portals on *.localhost at the port `make run`
serves, and running it again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from courses.models import CoursePage, FeaturedCourse
from courses.portals.demo import HA_NOI_COURSE_SLUG
from home.models import NewsPage, Portal

pytestmark = pytest.mark.django_db


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_two_portals_once(client, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    output = seed_demo()
    counts = (Portal.objects.count(), CoursePage.objects.count(), FeaturedCourse.objects.count())

    again = seed_demo()

    hosts = sorted(Portal.objects.values_list("site__hostname", "site__port"))
    assert hosts == [("cao-bang.localhost", 8123), ("ha-noi.localhost", 8123)]
    assert "http://ha-noi.localhost:8123/" in output
    assert (
        Portal.objects.count(),
        CoursePage.objects.count(),
        FeaturedCourse.objects.count(),
    ) == counts
    assert "(created)" not in again
    ha_noi = client.get("/khoa-hoc/", HTTP_HOST="ha-noi.localhost:8123").content.decode()
    cao_bang = client.get("/khoa-hoc/", HTTP_HOST="cao-bang.localhost:8123").content.decode()
    assert HA_NOI_COURSE_SLUG in ha_noi and HA_NOI_COURSE_SLUG not in cao_bang
    assert 'id="featured-heading"' in ha_noi
    home = client.get("/", HTTP_HOST="cao-bang.localhost:8123").content.decode()
    assert "Khai giảng lớp kỹ năng số" in home
    assert NewsPage.objects.count() == 2
