import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.models import ManagerScope, Target
from courses.reports.factories import TargetFactory
from courses.reports.services import target_import_csv
from home.models import LearnerGroup
from tests.courses.reports.world import build_world
from tests.home.spreadsheets.builders import windows_1258, xlsx_workbook


@pytest.fixture
def world(db):
    return build_world()


def _upload(text: str, encoding="utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile("targets.csv", text.encode(encoding), content_type="text/csv")


def test_dry_run_reports_changes_and_saves_nothing(world):
    report = target_import_csv(
        upload=_upload("commune,group,target\n01273,,12\n04045,citizen,4\n1279,,5\n"),
        dry_run=True,
    )

    assert report.ok
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 1, 1, 1)
    assert not report.saved
    assert (
        Target.objects.get(
            commune=world.thuc_phan, course=None, learner_group=""
        ).expected_completions
        == 10
    )


def test_import_saves_new_and_changed_targets(world):
    report = target_import_csv(
        upload=_upload(
            "commune;group;target;course\n01273;;1.200;\n04045;Người dân;4;\n"
            "01273;official;7;an-toan-thong-tin\n"
        ),
        dry_run=False,
    )

    assert report.saved, report.problems
    assert (
        Target.objects.get(
            commune=world.thuc_phan, course=None, learner_group=""
        ).expected_completions
        == 1200
    )
    assert (
        Target.objects.get(
            commune=world.long_sap, learner_group=LearnerGroup.CITIZEN
        ).expected_completions
        == 4
    )
    assert (
        Target.objects.get(commune=world.thuc_phan, course=world.course_a).expected_completions == 7
    )


# (csv body after the header "commune,group,target,course", line of the problem, words in it)
BAD_LINES = [
    ("99999,,5,\n", 2, "99999"),
    (",,5,\n", 2, "empty"),
    ("01273,students,5,\n", 2, "students"),
    ("01273,,-3,\n", 2, "-3"),
    ("01273,,nhiều,\n", 2, "nhiều"),
    ("01273,,2.5,\n", 2, "2.5"),
    ("01273,,5,khoa-hoc-khong-co\n", 2, "khoa-hoc-khong-co"),
    ("01273,,5,\n01273,,6,\n", 3, "line 2"),
    ("01273,,5,\n\n04045,,99999999999,\n", 4, "too large"),
]


@pytest.mark.parametrize(("body", "line", "words"), BAD_LINES)
def test_bad_lines_are_reported_with_their_number_and_nothing_is_saved(
    world, english, body, line, words
):
    before = list(Target.objects.values_list("pk", "expected_completions"))

    report = target_import_csv(
        upload=_upload("commune,group,target,course\n" + body), dry_run=False
    )

    assert not report.saved
    assert [p.line for p in report.problems] == [line]
    assert words in report.problems[0].message
    assert list(Target.objects.values_list("pk", "expected_completions")) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"commune,so_luong\n01273,5\n", "target"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(world, english, content, words):
    upload = SimpleUploadedFile("targets.csv", content)

    report = target_import_csv(upload=upload, dry_run=True)

    assert not report.ok
    assert words in report.problems[0].message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("targets.csv", "Mã xã\tNhóm\tChỉ tiêu\n04045\tNgười dân\t4\n".encode("utf-16")),
        ("targets.csv", windows_1258("Mã xã;Nhóm;Chỉ tiêu\n04045;Người dân;4\n")),
        (
            "targets.xlsx",
            xlsx_workbook(
                {
                    "Hướng dẫn": [["Chỉ tiêu năm 2026"]],
                    "Chỉ tiêu": [
                        ["CHỈ TIÊU"],
                        ["Mã xã", "Nhóm", "Chỉ tiêu"],
                        ["04045", "Người dân", 4],
                    ],
                }
            ),
        ),
    ],
    ids=["utf-16", "windows-1258", "xlsx"],
)
def test_targets_are_read_from_any_file_the_reader_reads_and_a_second_run_changes_nothing(
    world, name, content
):
    first = target_import_csv(upload=SimpleUploadedFile(name, content), dry_run=False)
    second = target_import_csv(upload=SimpleUploadedFile(name, content), dry_run=False)

    assert first.saved, first.problems
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert (
        Target.objects.get(
            commune=world.long_sap, learner_group=LearnerGroup.CITIZEN
        ).expected_completions
        == 4
    )


def test_one_target_per_commune_course_and_group(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(commune=world.thuc_phan, course=None, learner_group="")
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(
            commune=world.thuc_phan, course=world.course_a, learner_group=LearnerGroup.OFFICIAL
        )


def test_import_page_shows_the_dry_run_report_with_line_numbers(client, world):
    client.force_login(world.national)

    response = client.post(
        reverse("statistics_target_import"),
        {"file": _upload("commune,group,target\n01273,,5\n99999,,5\n"), "dry_run": "on"},
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert [p.line for p in report.problems] == [3]
    assert "99999" in response.content.decode()


def test_import_page_saves_and_redirects(client, world):
    client.force_login(world.national)

    response = client.post(
        reverse("statistics_target_import"), {"file": _upload("commune,group,target\n04045,,20\n")}
    )

    assert response.status_code == 302
    assert Target.objects.get(commune=world.long_sap, learner_group="").expected_completions == 20


def test_national_administrator_edits_a_target_in_the_admin(client, world):
    client.force_login(world.national)
    target = Target.objects.get(commune=world.long_sap)

    response = client.post(
        reverse("statistics_targets:edit", args=[target.pk]),
        {
            "commune": world.long_sap.pk,
            "course": "",
            "learner_group": "",
            "expected_completions": 30,
        },
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.expected_completions == 30


def test_national_administrator_assigns_a_scope_by_email(client, world):
    client.force_login(world.national)
    from home.factories import UserFactory

    person = UserFactory(email="can-bo@example.vn", commune=None)

    response = client.post(
        reverse("manager_scopes:add"),
        {
            "email": "Can-Bo@example.vn",
            "level": "commune",
            "commune": world.long_sap.pk,
            "province": world.son_la.pk,
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    scope = ManagerScope.objects.get(user=person)
    assert (scope.level, scope.commune, scope.province) == ("commune", world.long_sap, None)
    assert type(person).objects.get(pk=person.pk).has_perm("wagtailadmin.access_admin")


def test_scope_form_requires_the_place_of_the_level(client, world):
    client.force_login(world.national)
    from home.factories import UserFactory

    UserFactory(email="can-bo@example.vn", commune=None)

    response = client.post(
        reverse("manager_scopes:add"), {"email": "can-bo@example.vn", "level": "province"}
    )

    assert response.status_code == 200
    assert "province" in response.context["form"].errors
