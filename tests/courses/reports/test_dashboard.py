import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.factories import CourseCompletionFactory, EnrolmentFactory
from courses.models import Enrolment
from courses.reports.forms import ReportFilters
from courses.reports.scopes import scope_resolve
from courses.reports.selectors import (
    area_breakdown,
    area_totals,
    coverage_gaps,
    group_breakdown,
    trend,
)
from home.factories import CommuneFactory, UserFactory
from home.models import LearnerGroup
from tests.courses.reports.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def test_province_totals_count_only_the_province(world):
    area = scope_resolve(user=world.province_manager)

    totals = area_totals(area=area, filters=ReportFilters())

    assert (totals.learners, totals.enrolments, totals.completions) == (3, 3, 1)
    assert totals.target == 15  # Thục Phán 10 + Nùng Trí Cao 5: rolled up from communes
    assert totals.completion_rate == 33.3
    assert totals.target_rate == 6.7


def test_national_totals_cover_every_province(world):
    totals = area_totals(area=scope_resolve(user=world.national), filters=ReportFilters())

    assert (totals.enrolments, totals.completions, totals.target) == (4, 2, 23)
    if world.certificate_code:
        assert totals.certificates == 1  # the revoked one does not count


def test_breakdown_drills_down_province_to_commune_to_course(world):
    filters = ReportFilters()
    national = area_breakdown(area=scope_resolve(user=world.national), filters=filters)
    province = area_breakdown(area=scope_resolve(user=world.province_manager), filters=filters)
    commune = area_breakdown(area=scope_resolve(user=world.commune_manager), filters=filters)

    by_label = {row.label: row for row in national}
    assert by_label["Tỉnh Cao Bằng"].figures.completions == 1
    assert by_label["Tỉnh Cao Bằng"].params == {"province": "04"}
    assert [(r.label, r.figures.enrolments, r.figures.target) for r in province] == [
        ("Phường Nùng Trí Cao", 1, 5),
        ("Phường Thục Phán", 2, 10),
    ]
    assert [(r.label, r.figures.completions, r.params) for r in commune] == [
        ("An toàn thông tin cơ bản", 1, {"course": "an-toan-thong-tin"})
    ]


def test_course_and_group_filters_pick_the_matching_targets(world):
    area = scope_resolve(user=world.commune_manager)
    filters = ReportFilters(course=world.course_a, group=LearnerGroup.OFFICIAL)

    totals = area_totals(area=area, filters=filters)

    assert (totals.enrolments, totals.completions, totals.target) == (1, 1, 3)
    assert totals.target_rate == 33.3


def test_group_breakdown_lists_every_group(world):
    rows = group_breakdown(area=scope_resolve(user=world.province_manager), filters=ReportFilters())

    assert [(r.key, r.figures.enrolments, r.figures.completions) for r in rows] == [
        (LearnerGroup.OFFICIAL, 1, 1),
        (LearnerGroup.DIGITAL_TEAM, 1, 0),
        (LearnerGroup.CITIZEN, 1, 0),
    ]


def test_date_range_counts_enrolments_and_completions_by_their_own_dates(world):
    area = scope_resolve(user=world.national)
    today = timezone.localdate()
    last_fortnight = ReportFilters(date_from=today - dt.timedelta(days=14), date_to=today)

    totals = area_totals(area=area, filters=last_fortnight)

    assert totals.enrolments == 1  # Bích, ten days ago
    assert totals.completions == 1  # Cường, five days ago (enrolled 35 days ago)


def test_trend_has_one_point_per_month_with_the_counts(world):
    points = trend(area=scope_resolve(user=world.national), filters=ReportFilters())

    assert len(points) == 12
    assert sum(p.enrolments for p in points) == 4
    assert sum(p.completions for p in points) == 2
    assert points[-1].start == timezone.localdate().replace(day=1)


def test_trend_by_week_starts_on_mondays(world):
    points = trend(area=scope_resolve(user=world.national), filters=ReportFilters(period="week"))

    assert len(points) >= 26
    assert {p.start.weekday() for p in points} == {0}
    assert sum(p.completions for p in points) == 2


def test_coverage_gaps_list_communes_without_completions(world):
    gaps = coverage_gaps(area=scope_resolve(user=world.province_manager), filters=ReportFilters())

    assert gaps["count"] == 1
    assert gaps["communes"] == [world.nung_tri_cao]


def test_dashboard_page_shows_figures_charts_and_tables_for_the_scope(client, world):
    client.force_login(world.province_manager)

    response = client.get(reverse("statistics_dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="completions">1<' in html
    assert html.count('role="img"') == 3
    assert "<title" in html and "<desc" in html
    assert "Phường Thục Phán" in html and "Xã Lóng Sập" not in html
    assert "?commune=01273" in html  # drill-down link
    charts = "".join(str(response.context[name]) for name in ("breakdown_chart", "trend_chart"))
    assert "http" not in charts.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert response.context["gaps"]["count"] == 1


def test_dashboard_links_keep_area_and_filters_in_exports(client, world):
    client.force_login(world.province_manager)

    response = client.get(
        reverse("statistics_dashboard") + "?commune=01273&course=an-toan-thong-tin&group=official"
    )

    urls = [item["url"] for item in response.context["exports"]]
    assert all("commune=01273" in url and "course=an-toan-thong-tin" in url for url in urls)
    assert all("group=official" in url for url in urls)


def test_commune_manager_trail_does_not_link_above_the_commune(client, world):
    client.force_login(world.commune_manager)

    response = client.get(reverse("statistics_dashboard"))

    assert [step["label"] for step in response.context["trail"]] == ["Phường Thục Phán"]


def _grow(world, *, communes: int, learners_per_commune: int):
    for n in range(communes):
        commune = CommuneFactory(province=world.cao_bang, code=f"9{n:04d}")
        for m in range(learners_per_commune):
            learner = UserFactory(
                commune=commune,
                learner_group=LearnerGroup.CITIZEN,
                email=f"grow{n}-{m}@example.vn",
            )
            enrolment = EnrolmentFactory(learner=learner, course=world.course_a)
            if m % 2:
                CourseCompletionFactory(learner=learner, course=world.course_a, enrolment=enrolment)


@pytest.mark.parametrize("who", ["national", "province_manager", "commune_manager"])
def test_dashboard_query_count_does_not_grow_with_communes_or_enrolments(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("statistics_dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    _grow(world, communes=4, learners_per_commune=3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large) == len(small)
    assert len(small) <= 30


@pytest.mark.parametrize("who", ["national", "province_manager"])
def test_dashboard_with_a_course_filter_reads_no_enrolment_at_all(client, world, who):
    """With a course chosen a learner has one enrolment, so every figure, learners included,
    is summed from the statistics table: the page's cost does not depend on enrolments."""
    client.force_login(getattr(world, who))
    url = reverse("statistics_dashboard") + f"?course={world.course_a.slug}"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200
    _grow(world, communes=4, learners_per_commune=5)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large) == len(small)
    # (the filter's course list looks up one enrolment per course, not a count)
    tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in large.captured_queries]
    assert "courses_enrolment" not in tables
    totals = response.context["totals"]
    assert totals.learners == totals.enrolments > 0


@pytest.mark.parametrize("manager", ["national", "province_manager"])
def test_national_and_province_dashboards_read_the_statistics_tables_not_the_enrolments(
    client, world, manager
):
    """Enrolments, completions and certificates are summed from the statistics table
    (decision 029), distinct learners from their own table (decision 032): no query reads the
    enrolments, whose number grows with the data."""
    client.force_login(getattr(world, manager))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("statistics_dashboard"))
    assert response.status_code == 200

    tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in captured.captured_queries]
    # (the filter's course list looks up one enrolment per course, not a count)
    assert "courses_enrolment" not in tables
    assert tables.count("courses_dailycount") == 2  # the cells, the trend
    assert tables.count("courses_dailylearnercount") == 3  # learners: total, per row, per group
    assert not any(table == "courses_certificate" for table in tables)
    context = response.context
    area_q = {} if manager == "national" else {"commune__province": world.cao_bang}
    learners = Enrolment.objects.filter(commune__isnull=False, **area_q).aggregate(
        n=Count("learner_id", distinct=True)
    )["n"]
    assert context["totals"].learners == learners > 0
    assert sum(row.figures.learners for row in context["groups"]) == learners


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is a PostgreSQL setting")
@pytest.mark.django_db
def test_postgresql_connections_run_without_the_jit_compiler():
    """The JIT compiled every statistics query anew, a third of the dashboard's time."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
