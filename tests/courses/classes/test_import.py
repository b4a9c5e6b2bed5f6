"""Filling classes from the learner import: the "Lớp" column and a class for the whole file,
matched in the importer's area, checked in the dry run with the rules of joining by code, and
written once through `class_members_add_many` (#16, decision 021).

Messages are checked in Vietnamese (the classes conftest sets it)."""

import csv
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.classes.factories import ClassFactory, ClassMemberFactory
from courses.classes.models import ClassMember
from courses.classes.services import class_members_add_many
from courses.enrolment_import import matching
from courses.enrolment_import.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from courses.models import Enrolment, ImportJob
from home.factories import UserFactory
from home.models import User

HEADER = "Họ và tên,Email,Xã/Phường,Lớp\n"
PLAIN_HEADER = "Họ và tên,Email,Xã/Phường\n"


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.vn", superuser=True, commune=None)


def upload_of(text: str, name="lop.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def check(*, owner, text=None, courses=(), klass=None, upload=None) -> ImportJob:
    job = import_job_create(
        owner=owner, upload=upload or upload_of(text), courses=list(courses), klass=klass
    )
    return import_job_run(job=job, dry_run=True)


def confirm(job: ImportJob) -> ImportJob:
    return import_job_run(job=import_job_confirm(job=job), dry_run=False)


def report(job) -> list[list[str]]:
    raw = job.report.open("rb").read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw)))[1:]


def members(klass) -> set[str]:
    return set(ClassMember.objects.filter(klass=klass).values_list("learner__email", flat=True))


# Matching (pure)


def _index(*classes):
    index = matching.ClassIndex()
    for pk, name, commune in classes:
        index.add(pk=pk, name=name, commune=commune)
    return index


THUC_PHAN = matching.PlaceRef(pk=1, code="01273", name="Phường Thục Phán", province_id=4)
DONG_KHE = matching.PlaceRef(pk=2, code="01279", name="Xã Đông Khê", province_id=4)
LONG_SAP = matching.PlaceRef(pk=3, code="04000", name="Xã Lóng Sập", province_id=14)


def test_a_class_is_found_by_its_name_whatever_the_case_and_diacritics_of_the_cell():
    index = _index((10, "Lớp cán bộ phường Thục Phán", THUC_PHAN))

    found = matching.class_match(
        cell="  lop can bo  PHUONG thuc phan ",
        commune=THUC_PHAN,
        classes=index,
        scope=matching.Scope(province_id=4),
    )

    assert (found.klass.pk, found.warning) == (10, None)


def test_a_name_shared_by_two_classes_is_told_apart_by_the_rows_commune():
    index = _index((10, "Lớp người dân", THUC_PHAN), (11, "Lớp người dân", DONG_KHE))
    scope = matching.Scope(province_id=4)

    here = matching.class_match(cell="Lớp người dân", commune=DONG_KHE, classes=index, scope=scope)
    elsewhere = matching.class_match(
        cell="Lớp người dân",
        commune=matching.PlaceRef(pk=9, code="01300", name="Xã Khác", province_id=4),
        classes=index,
        scope=scope,
    )

    assert here.klass.pk == 11
    assert elsewhere.klass is None
    assert elsewhere.warning == _(
        "Several classes are named “%(class)s” (%(classes)s): the learner was not added to a "
        "class. Give the classes different names, or choose the class for the whole file."
    ) % {
        "class": "Lớp người dân",
        "classes": "Lớp người dân (Phường Thục Phán), Lớp người dân (Xã Đông Khê)",
    }


def test_a_class_outside_the_importers_area_or_unknown_is_a_warning_not_a_class():
    index = _index((10, "Lớp Lóng Sập", LONG_SAP), (11, "Lớp Thục Phán", THUC_PHAN))
    commune_scope = matching.Scope(commune_id=THUC_PHAN.pk)

    outside = matching.class_match(
        cell="Lớp Lóng Sập", commune=THUC_PHAN, classes=index, scope=commune_scope
    )
    unknown = matching.class_match(
        cell="Lớp không có", commune=THUC_PHAN, classes=index, scope=commune_scope
    )
    default = matching.class_match(
        cell="", commune=THUC_PHAN, classes=index, scope=commune_scope, default=index.by_pk[10]
    )

    assert outside.klass is None
    assert outside.warning.startswith("Lớp “Lớp Lóng Sập” nằm ngoài địa bàn bạn quản lý")
    assert unknown.klass is None
    assert unknown.warning.startswith("Không có lớp nào tên “Lớp không có”")
    assert default.klass is None
    assert default.warning.startswith("Lớp “Lớp Lóng Sập” nằm ngoài địa bàn")


def test_an_empty_cell_takes_the_files_class_and_a_named_class_wins_over_it():
    index = _index((10, "Lớp A", THUC_PHAN), (11, "Lớp B", THUC_PHAN))
    scope = matching.Scope()

    def pick(cell):
        return matching.class_match(
            cell=cell, commune=THUC_PHAN, classes=index, scope=scope, default=index.by_pk[10]
        ).klass.pk

    assert (pick(""), pick("Lớp B")) == (10, 11)


# The import


def test_dry_run_shows_each_rows_class_and_saves_no_membership_then_confirm_adds_them_once(
    admin, klass, class_course, thuc_phan
):
    text = HEADER + (
        "Lò Thị Bích,bich@example.vn,01273,Lớp cán bộ phường Thục Phán\n"
        "Hà Văn Sơn,son@example.vn,01273,lop can bo phuong thuc phan\n"
        "Không Lớp,khonglop@example.vn,01273,\n"
    )

    job = check(owner=admin, text=text)

    assert (job.status, job.created, job.joined, job.warned) == ("checked", 3, 2, 0)
    label = "Lớp cán bộ phường Thục Phán (Phường Thục Phán)"
    assert [line[9] for line in report(job)] == [label, label, ""]
    assert ClassMember.objects.count() == 0
    assert not User.objects.filter(email="bich@example.vn").exists()

    job = confirm(job)

    assert (job.status, job.created, job.joined) == ("done", 3, 2)
    assert members(klass) == {"bich@example.vn", "son@example.vn"}
    klass.refresh_from_db()
    assert klass.member_count == 2
    assert set(
        Enrolment.objects.filter(course=class_course).values_list("learner__email", flat=True)
    ) == {"bich@example.vn", "son@example.vn"}

    again = confirm(check(owner=admin, text=text))

    assert (again.created, again.unchanged, again.joined, again.warned) == (0, 3, 0, 0)
    klass.refresh_from_db()
    assert (klass.member_count, ClassMember.objects.count()) == (2, 2)


def test_a_class_for_the_whole_file_needs_no_course_and_enrols_in_the_class_courses(
    admin, klass, class_course, learner, course
):
    text = (
        PLAIN_HEADER
        + f"Lò Thị Bích,bich@example.vn,01273\n{learner.full_name},{learner.email},01273\n"
    )

    job = confirm(check(owner=admin, text=text, klass=klass))

    assert (job.created, job.unchanged, job.joined, job.enrolled) == (1, 1, 2, 0)
    assert members(klass) == {"bich@example.vn", learner.email}
    assert Enrolment.objects.filter(course=class_course).count() == 2
    assert not Enrolment.objects.filter(course=course).exists()


def test_closed_full_and_other_commune_classes_warn_in_vietnamese_and_import_the_row(
    admin, klass, thuc_phan, other_commune, class_course
):
    ClassFactory(name="Lớp đã đóng", commune=thuc_phan, is_open=False, courses=[class_course])
    ClassFactory(name="Lớp nhỏ", commune=thuc_phan, capacity=1, courses=[class_course])
    ClassFactory(name="Lớp Đông Khê", commune=other_commune, courses=[class_course])
    text = HEADER + (
        "Một,mot@example.vn,01273,Lớp đã đóng\n"
        "Hai,hai@example.vn,01273,Lớp nhỏ\n"
        "Ba,ba@example.vn,01273,Lớp nhỏ\n"
        "Bốn,bon@example.vn,01273,Lớp Đông Khê\n"
        "Năm,nam@example.vn,01273,Lớp chưa có\n"
    )

    checked = check(owner=admin, text=text)
    checked_lines = report(checked)
    job = confirm(checked)

    for result in (checked, job):
        assert (result.created, result.rejected, result.joined, result.warned) == (5, 0, 1, 4)
    lines = report(job)
    assert [line[8] for line in lines] == [line[8] for line in checked_lines]
    assert [line[8] for line in lines] == [
        "Lớp “Lớp đã đóng” đã đóng, không nhận thêm học viên: học viên chưa được thêm vào lớp. "
        "Hãy mở lớp để thêm học viên từ tệp.",
        "",
        "Lớp “Lớp nhỏ” đã đủ chỗ (1 học viên): học viên chưa được thêm vào lớp.",
        "Lớp “Lớp Đông Khê” dành cho học viên của Xã Đông Khê, còn xã/phường của dòng này là "
        "Phường Thục Phán: học viên chưa được thêm vào lớp.",
        "Không có lớp nào tên “Lớp chưa có” trong địa bàn bạn quản lý: học viên chưa được "
        "thêm vào lớp.",
    ]
    assert User.objects.filter(email__in=["mot@example.vn", "nam@example.vn"]).count() == 2
    assert set(ClassMember.objects.values_list("learner__email", flat=True)) == {"hai@example.vn"}


def test_capacity_is_kept_across_batches_in_the_dry_run_as_in_the_import(
    admin, thuc_phan, class_course, monkeypatch
):
    from courses.enrolment_import import services

    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    small = ClassFactory(name="Lớp năm chỗ", commune=thuc_phan, capacity=5, courses=[class_course])
    text = HEADER + "".join(f"Học viên {i},hv{i}@example.vn,01273,Lớp năm chỗ\n" for i in range(7))

    checked = check(owner=admin, text=text)
    assert (checked.joined, checked.warned) == (5, 2)
    job = confirm(checked)

    assert (job.joined, job.warned) == (5, 2)
    small.refresh_from_db()
    assert small.member_count == 5


def test_a_commune_manager_cannot_fill_another_communes_class(
    commune_manager, klass, other_class, thuc_phan
):
    text = HEADER + "Lò Thị Bích,bich@example.vn,,Lớp Lóng Sập\n"

    job = confirm(check(owner=commune_manager, text=text, klass=other_class))

    assert (job.created, job.joined, job.warned) == (1, 0, 1)
    assert report(job)[0][8] == (
        "Lớp “Lớp Lóng Sập” nằm ngoài địa bàn bạn quản lý: học viên chưa được thêm vào lớp này."
    )
    assert ClassMember.objects.count() == 0


def test_an_existing_member_whose_enrolment_was_left_is_not_added_twice(admin, klass, learner):
    ClassMemberFactory(klass=klass, learner=learner)
    text = HEADER + f"{learner.full_name},{learner.email},01273,{klass.name}\n"

    job = confirm(check(owner=admin, text=text))

    assert (job.unchanged, job.joined, job.warned) == (1, 0, 0)
    assert ClassMember.objects.count() == 1


def test_an_xlsx_file_with_a_class_column_fills_the_class(admin, klass):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["DANH SÁCH HỌC VIÊN"])
    sheet.write_row(2, 0, ["STT", "Họ và tên", "Email", "Xã/Phường", "Tên lớp"])
    sheet.write_row(3, 0, [1, "Lò Thị Bích", "bich@example.vn", "Phường Thục Phán", klass.name])
    workbook.close()
    upload = SimpleUploadedFile("lop.xlsx", buffer.getvalue())

    job = confirm(check(owner=admin, upload=upload))

    assert (job.created, job.joined) == (1, 1)
    assert members(klass) == {"bich@example.vn"}


def test_the_batch_service_keeps_the_joining_rules(klass, learner, other_commune):
    klass.capacity = 1
    klass.save()
    stranger = UserFactory(email="la@example.vn", commune=other_commune)
    second = UserFactory(email="hai@example.vn", commune=klass.commune)

    refusals = class_members_add_many(klass=klass, learners=[learner, stranger, second])

    assert {pk: refusal.code for pk, refusal in refusals.items()} == {
        stranger.pk: "other_commune",
        second.pk: "full",
    }
    klass.refresh_from_db()
    assert klass.member_count == 1
    assert class_members_add_many(klass=klass, learners=[learner])[learner.pk].code == "member"


def test_200_rows_with_a_class_column_take_a_bounded_number_of_queries(
    admin, thuc_phan, class_course, other_commune
):
    names = ["Lớp một", "Lớp hai"]
    for name in names:
        ClassFactory(name=name, commune=thuc_phan, courses=[class_course])

    def queries(rows):
        text = HEADER + "".join(
            f"Học viên {rows} {i},hv{rows}-{i}@example.vn,01273,{names[i % 2]}\n"
            for i in range(rows)
        )
        job = check(owner=admin, text=text)
        job = import_job_confirm(job=job)
        with CaptureQueriesContext(connection) as captured:
            job = import_job_run(job=job, dry_run=False)
        assert job.joined == rows
        return len(captured)

    few, many = queries(10), queries(200)

    assert many <= few + 5, (few, many)
    assert many < 60


# The upload form


def test_the_upload_form_offers_only_the_classes_the_uploader_manages(
    client, commune_manager, klass, other_class
):
    client.force_login(commune_manager)

    page = client.get(reverse("enrolment_import")).content.decode()
    response = client.post(
        reverse("enrolment_import"),
        {"file": upload_of(PLAIN_HEADER + "A,a@example.vn,\n"), "klass": other_class.pk},
    )

    assert f'value="{klass.pk}"' in page and f'value="{other_class.pk}"' not in page
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_the_job_page_shows_the_class_each_learner_will_join(client, commune_manager, klass):
    client.force_login(commune_manager)

    response = client.post(
        reverse("enrolment_import"),
        {"file": upload_of(PLAIN_HEADER + "Lò Thị Bích,bich@example.vn,\n"), "klass": klass.pk},
    )

    job = ImportJob.objects.get()
    assert response.url == reverse("enrolment_import_job", kwargs={"job_id": job.pk})
    page = client.get(response.url).content.decode()
    assert 'data-count="joined">1<' in page
    assert "Lớp cán bộ phường Thục Phán (Phường Thục Phán)" in page
    assert "Các lớp học viên sẽ vào" in page


def test_the_command_fills_the_class_given_by_its_id(klass, tmp_path):
    path = tmp_path / "lop.csv"
    path.write_text(PLAIN_HEADER + "Lò Thị Bích,bich@example.vn,01273\n", encoding="utf-8")
    out = io.StringIO()

    call_command("import_learners", str(path), "--class", str(klass.pk), stdout=out)

    assert "1 created" in out.getvalue() and "1 added to classes" in out.getvalue()
    assert members(klass) == {"bich@example.vn"}
