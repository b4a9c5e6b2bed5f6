"""/api/v1/classes/: the classes of the token's area with their members' progress in the
class's own courses, the dashboard's figures, and never a class of another area."""

import json

import pytest

from courses.classes.factories import ClassFactory
from courses.classes.services import class_member_add
from courses.reports.forms import ReportFilters
from courses.reports.scopes import PROVINCE, Area
from courses.reports.selectors import class_breakdown
from home.models import User

CLASSES = "/api/v1/classes/"


@pytest.fixture
def classes(world):
    nhung, duc, cuong = (
        User.objects.get(email=f"{name}@example.vn") for name in ("nhung", "duc", "cuong")
    )
    thuc_phan = ClassFactory(name="Lớp cán bộ Thục Phán", commune=world.thuc_phan)
    thuc_phan.courses.set([world.course_a])
    long_sap = ClassFactory(name="Lớp Lóng Sập", commune=world.long_sap, is_open=False)
    long_sap.courses.set([world.course_a])
    class_member_add(klass=thuc_phan, learner=nhung)
    class_member_add(klass=thuc_phan, learner=duc)
    class_member_add(klass=long_sap, learner=cuong)
    return {"thuc_phan": thuc_phan, "long_sap": long_sap}


@pytest.mark.parametrize(
    ("who", "params", "status", "names"),
    [
        ("national", {}, 200, ["Lớp cán bộ Thục Phán", "Lớp Lóng Sập"]),
        ("national", {"province": "14"}, 200, ["Lớp Lóng Sập"]),
        ("province_manager", {}, 200, ["Lớp cán bộ Thục Phán"]),
        ("province_manager", {"commune": "01279"}, 200, []),
        ("province_manager", {"province": "14"}, 403, []),
        ("commune_manager", {}, 200, ["Lớp cán bộ Thục Phán"]),
        ("commune_manager", {"commune": "04045"}, 403, []),
        ("son_la_manager", {}, 200, ["Lớp Lóng Sập"]),
        ("son_la_manager", {"commune": "01273"}, 403, []),
        ("learner_only", {}, 403, []),
    ],
)
def test_a_token_reads_the_classes_of_its_scope_only(
    client, world, bearer, classes, who, params, status, names
):
    response = client.get(CLASSES, params, **bearer(getattr(world, who)))

    assert response.status_code == status
    body = json.dumps(response.json(), ensure_ascii=False)
    for klass in classes.values():
        assert (klass.name in body) is (klass.name in names)
    for person in ("nhung@example.vn", "Nguyễn Thị Hồng Nhung", "Hoàng Văn Cường"):
        assert person not in body
    if status == 200:
        assert [row["name"] for row in response.json()["classes"]] == names


def test_the_class_figures_are_the_dashboards(client, world, bearer, classes):
    response = client.get(
        CLASSES, {"province": "04", "course": "an-toan-thong-tin"}, **bearer(world.national)
    )

    row = response.json()["classes"][0]
    expected = class_breakdown(
        area=Area(level=PROVINCE, province=world.cao_bang),
        filters=ReportFilters(course=world.course_a),
    )[0]
    assert row["figures"] == {
        "learners": expected.figures.learners,
        "enrolments": expected.figures.enrolments,
        "completions": expected.figures.completions,
        "completion_rate": expected.figures.completion_rate,
    }
    assert row["figures"]["enrolments"] == 2 and row["figures"]["completions"] == 1
    assert (row["province"], row["commune"], row["members"], row["open"]) == (
        "04",
        "01273",
        2,
        True,
    )


@pytest.mark.parametrize(
    "params", [{"date_to": "0"}, {"course": "khong-co"}, {"province": "4"}, {"group": "x"}]
)
def test_bad_filters_are_refused_with_a_json_error(client, world, bearer, params):
    response = client.get(CLASSES, params, **bearer(world.national))

    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
