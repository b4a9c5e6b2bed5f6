"""The class dimension of the statistics: classes and their learners per area, per row of the
breakdown, and each class's enrolments and completions in its own courses; the classes
download; all within the manager's scope and in a number of queries that does not grow."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.classes.factories import ClassFactory
from courses.classes.services import class_member_add
from courses.reports.forms import ReportFilters
from courses.reports.scopes import COMMUNE, NATIONAL, PROVINCE, Area
from courses.reports.selectors import class_breakdown, dashboard_context
from home.models import User
from tests.courses.reports.world import build_world


@pytest.fixture
def world(db):
    world = build_world()
    nhung, duc, cuong = (
        User.objects.get(email=f"{name}@example.vn") for name in ("nhung", "duc", "cuong")
    )
    world.k1 = ClassFactory(name="Lớp cán bộ Thục Phán", commune=world.thuc_phan)
    world.k1.courses.set([world.course_a])
    world.k2 = ClassFactory(name="Lớp dịch vụ công Thục Phán", commune=world.thuc_phan)
    world.k2.courses.set([world.course_b])
    world.k3 = ClassFactory(name="Lớp Lóng Sập", commune=world.long_sap, is_open=False)
    world.k3.courses.set([world.course_a])
    for klass, learner in [(world.k1, nhung), (world.k1, duc), (world.k2, nhung)]:
        class_member_add(klass=klass, learner=learner)
    class_member_add(klass=world.k3, learner=cuong)
    cache.clear()
    return world


def _area(world, level):
    if level == NATIONAL:
        return Area(level=NATIONAL)
    if level == PROVINCE:
        return Area(level=PROVINCE, province=world.cao_bang)
    return Area(level=COMMUNE, province=world.cao_bang, commune=world.thuc_phan)


def test_a_class_counts_its_members_in_its_own_courses_only(world):
    rows = {
        row.name: row
        for row in class_breakdown(area=_area(world, PROVINCE), filters=ReportFilters())
    }

    assert set(rows) == {"Lớp cán bộ Thục Phán", "Lớp dịch vụ công Thục Phán"}
    k1, k2 = rows["Lớp cán bộ Thục Phán"], rows["Lớp dịch vụ công Thục Phán"]
    assert (k1.members, k1.figures.learners, k1.figures.enrolments, k1.figures.completions) == (
        2,
        2,
        2,
        1,
    )
    assert k1.figures.completion_rate == 50.0
    # Nhung completed course A, which is not a course of the second class.
    assert (k2.members, k2.figures.enrolments, k2.figures.completions) == (1, 1, 0)


def test_the_course_filter_narrows_the_class_figures(world):
    rows = {
        row.name: row
        for row in class_breakdown(
            area=_area(world, PROVINCE), filters=ReportFilters(course=world.course_b)
        )
    }
    assert rows["Lớp cán bộ Thục Phán"].figures.enrolments == 0
    assert rows["Lớp dịch vụ công Thục Phán"].figures.enrolments == 1


@pytest.mark.parametrize(
    ("level", "totals", "per_row", "listed"),
    [
        (NATIONAL, (3, 4), {"Cao Bằng": (2, 3), "Sơn La": (1, 1)}, None),
        (PROVINCE, (2, 3), {"Phường Thục Phán": (2, 3), "Phường Nùng Trí Cao": (0, 0)}, None),
        (
            COMMUNE,
            (2, 3),
            {"An toàn thông tin cơ bản": (1, 2), "Dịch vụ công trực tuyến": (1, 1)},
            2,
        ),
    ],
)
def test_the_dashboard_counts_classes_per_area_and_per_row(world, level, totals, per_row, listed):
    context = dashboard_context(area=_area(world, level), filters=ReportFilters())

    assert (context["class_totals"].classes, context["class_totals"].members) == totals
    rows = {row.label.removeprefix("Tỉnh "): row.classes for row in context["breakdown"]}
    for label, (classes, members) in per_row.items():
        assert (rows[label].classes, rows[label].members) == (classes, members)
    if listed is None:
        assert context["classes"] is None
    else:
        assert len(context["classes"]) == listed


def test_the_province_dashboard_counts_classes_per_commune_in_vietnamese(client, world):
    client.force_login(world.province_manager)
    text = client.get(reverse("statistics_dashboard")).content.decode()

    assert "Học viên trong các lớp" in text
    assert "Lớp học (Excel)" in text
    assert world.k1.name not in text  # listed by the commune's dashboard and the download


def test_the_commune_dashboard_lists_its_classes_with_links(client, world):
    client.force_login(world.commune_manager)
    text = client.get(reverse("statistics_dashboard")).content.decode()

    assert reverse("class_progress", args=(world.k1.pk,)) in text
    assert world.k2.name in text
    assert "Lớp Lóng Sập" not in text
    assert "Lượt ghi danh và hoàn thành của học viên mỗi lớp" in text


def test_a_province_manager_downloads_only_their_classes(client, world):
    client.force_login(world.province_manager)
    response = client.get(reverse("statistics_export", kwargs={"kind": "classes", "fmt": "csv"}))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))

    assert header[:6] == ["Mã tỉnh", "Tỉnh", "Mã xã", "Xã", "Lớp học", "Khóa học"]
    assert sorted(row[4] for row in rows) == ["Lớp cán bộ Thục Phán", "Lớp dịch vụ công Thục Phán"]
    k1 = next(row for row in rows if row[4] == "Lớp cán bộ Thục Phán")
    assert k1[:4] == ["04", "Cao Bằng", "01273", "Phường Thục Phán"]
    assert k1[5] == "An toàn thông tin cơ bản"
    assert k1[9:] == ["2", "2", "2", "1", "50.0"]


def test_a_province_manager_cannot_download_another_provinces_classes(client, world):
    client.force_login(world.province_manager)
    url = reverse("statistics_export", kwargs={"kind": "classes", "fmt": "xlsx"})
    assert client.get(url, {"province": world.son_la.code}).status_code == 403


def test_the_dashboard_query_count_does_not_grow_with_classes(client, world):
    client.force_login(world.province_manager)
    url = reverse("statistics_dashboard")
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    for n in range(6):
        klass = ClassFactory(name=f"Lớp thêm {n}", commune=world.nung_tri_cao)
        klass.courses.set([world.course_a, world.course_b])
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large) == len(small)
