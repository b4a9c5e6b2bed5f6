"""On PostgreSQL the roster CSV comes from one COPY statement; it must match the Python path
(which SQLite uses) byte for byte: same header and BOM, same rows, same cells."""

import csv
import dataclasses
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from courses.factories import EnrolmentFactory, ModulePageFactory, ModuleProgressFactory
from courses.models import ModulePage, ModulePartResult
from courses.reports import exports
from courses.reports.forms import ReportFilters
from courses.reports.scopes import scope_resolve
from home.factories import UserFactory
from home.models import LearnerGroup
from tests.courses.reports.world import _at, _certify, _complete, build_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="COPY is PostgreSQL's (set DATABASE_URL)"
    ),
]

AWKWARD_TEXTS = [
    "=1+1",
    "-Trần",
    "+84912345678",
    "@Lò",
    "\tTab",
    'Nguyễn "Tèo", phó chủ tịch',
    "dòng một\ndòng hai",
    "",
    "Ủy ban nhân dân xã Lóng Sập; Đội 3",
]


@pytest.fixture
def world(db):
    """The statistics world plus learners whose text, progress and scores test every rule."""
    world = build_world()
    # Eight required modules (the world's one and seven more: 1, 5 or 7 of them done round a
    # tie), an optional one and an unpublished required one, which no progress counts.
    ModulePageFactory.create_batch(7, parent=world.course_b, is_required=True)
    required = list(ModulePage.objects.child_of(world.course_b).filter(is_required=True))
    assert len(required) == 8
    optional = ModulePageFactory(parent=world.course_b, is_required=False)
    hidden = ModulePageFactory(parent=world.course_b, is_required=True)
    hidden.unpublish()
    scores = [Decimal("85.50"), Decimal("100.00"), Decimal("0.00"), Decimal("7.25"), None]
    for n, text in enumerate(AWKWARD_TEXTS):
        learner = UserFactory(
            email=f"hv{n}@example.vn",
            full_name=text,
            work_unit=AWKWARD_TEXTS[-1 - n],
            commune=[world.thuc_phan, world.nung_tri_cao, world.long_sap][n % 3],
            learner_group=list(LearnerGroup)[n % len(LearnerGroup)],
        )
        enrolment = EnrolmentFactory(learner=learner, course=world.course_b)
        for module in [*required[: 2 * n - 1 if n else 0], optional, hidden]:
            ModuleProgressFactory(learner=learner, module=module, completed_at=_at(3))
        score = scores[n % len(scores)]
        if score is not None:
            ModulePartResult.objects.create(
                learner=learner, module=required[0], part="quiz:1", score=score
            )
        if n in (2, 5):
            completion = _complete(enrolment, days_ago=1)
            if n == 2:
                _certify(
                    completion,
                    _complete(EnrolmentFactory(learner=learner, course=world.course_a), days_ago=1),
                )
    return world


def _both(export_for) -> tuple[str, str]:
    """The CSV of one export through COPY and through the Python rows."""
    by_copy = export_for()
    assert by_copy.copy is not None
    by_python = dataclasses.replace(export_for(), copy=None)
    return "".join(exports.csv_chunks(by_copy)), "".join(exports.csv_chunks(by_python))


@pytest.mark.parametrize("who", ["national", "province_manager", "commune_manager"])
def test_roster_by_copy_matches_the_python_rows_for_every_scope(world, who):
    area = scope_resolve(user=getattr(world, who))

    by_copy, by_python = _both(lambda: exports.roster_export(area=area, filters=ReportFilters()))

    assert by_copy == by_python
    assert by_copy.startswith("\ufeff")
    assert by_copy.count("\r\n") >= 2


def test_roster_by_copy_matches_the_python_rows_with_filters(world):
    area = scope_resolve(user=world.national)
    filters = ReportFilters(
        course=world.course_b,
        group=LearnerGroup.CITIZEN,
        date_from=timezone.localdate() - dt.timedelta(days=30),
    )

    by_copy, by_python = _both(lambda: exports.roster_export(area=area, filters=filters))

    assert by_copy == by_python
    assert len(by_copy.splitlines()) > 1


def test_roster_by_copy_writes_times_in_the_current_time_zone(world):
    area = scope_resolve(user=world.national)

    with timezone.override("UTC"):
        by_copy, by_python = _both(
            lambda: exports.roster_export(area=area, filters=ReportFilters())
        )

    assert by_copy == by_python


def test_roster_by_copy_neutralises_formulas_and_rounds_like_python(world):
    area = scope_resolve(user=world.national)

    by_copy, _by_python = _both(lambda: exports.roster_export(area=area, filters=ReportFilters()))

    course_b = world.course_b.title
    rows = {row[1]: row for row in csv_rows(by_copy)[1:] if row[7] == course_b}
    assert rows["hv0@example.vn"][0] == "'=1+1"
    assert rows["hv1@example.vn"][0] == "'-Trần"
    assert rows["hv6@example.vn"][0] == "dòng một\ndòng hai"
    # 1, 5 and 7 of 8 required modules: 12.5, 62.5 and 87.5 rounded half to even.
    assert [rows[f"hv{n}@example.vn"][9] for n in (1, 3, 4)] == ["12", "62", "88"]
    assert [rows[f"hv{n}@example.vn"][11] for n in (0, 1, 3)] == ["85.50", "100", "7.25"]
    assert rows["hv2@example.vn"][9] == "100"
    assert rows["hv2@example.vn"][12].count("-") == 6


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
