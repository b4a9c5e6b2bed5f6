import csv

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from courses.reports import exports
from tests.courses.reports.world import build_world


@pytest.fixture
def world(db):
    return build_world()


def test_command_writes_the_roster_of_a_province_as_csv(world, tmp_path):
    output = tmp_path / "roster.csv"

    call_command(
        "export_completions", "--format", "csv", "--output", str(output), "--province", "04"
    )

    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert header == exports.roster_columns()
    assert sorted(row[1] for row in rows) == [
        "bich@example.vn",
        "duc@example.vn",
        "nhung@example.vn",
    ]


def test_command_writes_a_course_summary_as_xlsx(world, tmp_path):
    output = tmp_path / "summary.xlsx"

    call_command(
        "export_completions",
        "--format=xlsx",
        f"--output={output}",
        "--kind=summary",
        "--commune=01273",
        "--course=an-toan-thong-tin",
    )

    rows = list(openpyxl.load_workbook(output).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == tuple(exports.summary_columns())
    assert {row[2] for row in rows[1:]} == {"01273"}
    courses = {row[4] for row in rows[1:]}
    assert "An toàn thông tin cơ bản" in courses
    assert "Dịch vụ công trực tuyến" not in courses


@pytest.mark.parametrize(
    "option", ["--province=99", "--commune=1", "--course=khong-co", "--from=hom-qua"]
)
def test_command_refuses_unknown_areas_and_bad_filters(world, tmp_path, option):
    with pytest.raises(CommandError):
        call_command("export_completions", "--format=csv", f"--output={tmp_path / 'x.csv'}", option)
