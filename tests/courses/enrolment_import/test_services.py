import csv
import datetime as dt
import io
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from courses.enrolment_import.services import (
    import_job_confirm,
    import_job_create,
    import_job_fail,
    import_job_run,
    import_jobs_expire,
    spreadsheet_safe,
)
from courses.models import Enrolment, ImportJob, ManagerScope
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from home.models import CommuneChange, LearnerGroup, User
from tests.home.spreadsheets.builders import windows_1258

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.usefixtures("english")

HEADER = "Họ và tên,Email,Số điện thoại,Tỉnh/Thành phố,Xã/Phường,Nhóm,Đơn vị công tác\n"


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"
    return settings.ENROLMENT_IMPORT_DIR


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.vn", superuser=True, commune=None)


def csv_upload(text: str, name="learners.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def run(*, owner, text, courses, dry_run=False) -> ImportJob:
    job = import_job_create(owner=owner, upload=csv_upload(text), courses=courses)
    job = import_job_run(job=job, dry_run=True)
    if dry_run or job.status != ImportJob.Status.CHECKED:
        return job
    return import_job_run(job=import_job_confirm(job=job), dry_run=False)


def report_lines(job) -> list[list[str]]:
    raw = job.report.open("rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))[1:]


def test_import_creates_accounts_with_commune_history_enrols_them_and_sends_invitations(
    admin, course, thuc_phan
):
    text = HEADER + (
        "Lò Thị Bích,bich@example.vn,0912 345 678,Cao Bằng,phuong thuc phan,Cán bộ,UBND phường\n"
    )
    job = run(owner=admin, text=text, courses=[course])

    assert (job.status, job.created, job.enrolled, job.rejected) == ("done", 1, 1, 0), report_lines(
        job
    )[0][7]
    user = User.objects.get(email="bich@example.vn")
    assert (user.full_name, user.phone, user.commune, user.learner_group, user.work_unit) == (
        "Lò Thị Bích",
        "0912345678",
        thuc_phan,
        LearnerGroup.OFFICIAL,
        "UBND phường",
    )
    assert not user.has_usable_password()
    assert CommuneChange.objects.filter(user=user, old_commune=None, new_commune=thuc_phan).exists()
    enrolment = Enrolment.objects.get(learner=user, course=course)
    assert (enrolment.commune, enrolment.province, enrolment.learner_group) == (
        thuc_phan,
        thuc_phan.province,
        LearnerGroup.OFFICIAL,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bich@example.vn"]
    assert "http://testserver/accounts/password/reset/key/" in mail.outbox[0].body
    assert course.title in mail.outbox[0].body


def test_dry_run_counts_what_the_import_would_do_and_saves_nothing(
    admin, course, thuc_phan, learner
):
    text = HEADER + (
        "Lò Thị Bích,bich@example.vn,,Cao Bằng,01273,,\n"
        f"Nguyễn Thị Hồng Nhung,{learner.email},,,01273,,Sở Nội vụ\n"
        "Không Xã,khong@example.vn,,,99998,,\n"
    )
    job = run(owner=admin, text=text, courses=[course], dry_run=True)

    assert job.status == ImportJob.Status.CHECKED
    assert (job.created, job.updated, job.enrolled, job.rejected) == (1, 1, 2, 1)
    assert not User.objects.filter(email="bich@example.vn").exists()
    assert not Enrolment.objects.exists()
    learner.refresh_from_db()
    assert learner.work_unit == ""
    assert mail.outbox == []
    rejected = [line for line in report_lines(job) if line[7]]
    assert [(line[0], line[7]) for line in rejected] == [("4", "Unknown commune code “99998”.")]


def test_reimporting_the_same_file_changes_nothing(admin, course, thuc_phan):
    text = HEADER + "Lò Thị Bích,bich@example.vn,0912345678,,01273,citizen,\n"
    run(owner=admin, text=text, courses=[course])
    mail.outbox.clear()
    before = (User.objects.count(), Enrolment.objects.count(), CommuneChange.objects.count())

    job = run(owner=admin, text=text, courses=[course])

    assert (job.created, job.updated, job.unchanged, job.enrolled) == (0, 0, 1, 0)
    assert (
        User.objects.count(),
        Enrolment.objects.count(),
        CommuneChange.objects.count(),
    ) == before
    assert mail.outbox == []


def test_person_is_matched_by_phone_and_moved_to_the_new_commune_with_history(
    admin, course, thuc_phan, cao_bang
):
    other = CommuneFactory(code="01279", name="Phường Nùng Trí Cao", province=cao_bang)
    person = UserFactory(email="", phone="0912345678", commune=other)
    person.email = "old@example.vn"
    person.save()
    text = HEADER + "Lò Thị Bích,,0912345678,,01273,,\n"

    job = run(owner=admin, text=text, courses=[course])

    person.refresh_from_db()
    assert (job.updated, job.created) == (1, 0)
    assert person.commune == thuc_phan
    assert CommuneChange.objects.filter(
        user=person, old_commune=other, new_commune=thuc_phan
    ).exists()


def test_enrolments_written_in_bulk_keep_the_province_of_each_learners_commune(
    admin, course, thuc_phan
):
    """The reports read a province's enrolments by the province kept on each row, so the bulk
    write (which bypasses `Enrolment.save`) must set it, for new and existing people alike."""
    ha_noi = ProvinceFactory(code="01", name="Hà Nội", codename="ha_noi")
    ba_dinh = CommuneFactory(code="00004", name="Phường Ba Đình", province=ha_noi)
    existing = UserFactory(email="an@example.vn", commune=ba_dinh)
    text = HEADER + (
        "Lò Thị Bích,bich@example.vn,,Cao Bằng,01273,Cán bộ,\n"
        "Nguyễn Văn An,an@example.vn,,Hà Nội,00004,Cán bộ,\n"
    )

    job = run(owner=admin, text=text, courses=[course])

    assert (job.created, job.enrolled, job.rejected) == (1, 2, 0)
    assert sorted(
        Enrolment.objects.filter(course=course).values_list("learner__email", "province__name")
    ) == [("an@example.vn", "Hà Nội"), ("bich@example.vn", "Cao Bằng")]
    assert Enrolment.objects.get(learner=existing).commune == ba_dinh


def test_row_whose_email_and_phone_name_two_accounts_is_rejected(admin, course, thuc_phan):
    UserFactory(email="a@example.vn", commune=thuc_phan)
    UserFactory(email="b@example.vn", phone="0912345678", commune=thuc_phan)
    job = run(owner=admin, text=HEADER + "X,a@example.vn,0912345678,,01273,,\n", courses=[course])

    assert (job.rejected, job.enrolled) == (1, 0)
    assert "two different accounts" in report_lines(job)[0][7]
    assert not Enrolment.objects.exists()


def test_duplicate_rows_in_the_file_are_rejected_after_the_first(admin, course, thuc_phan):
    text = HEADER + "A,a@example.vn,,,01273,,\nA again,A@example.vn,,,01273,,\n"
    job = run(owner=admin, text=text, courses=[course])

    assert (job.created, job.rejected) == (1, 1)
    assert "row 2" in report_lines(job)[1][7]
    assert User.objects.filter(email__iexact="a@example.vn").count() == 1


def test_province_manager_cannot_import_into_or_take_over_people_of_another_province(
    course, thuc_phan
):
    manager = UserFactory(email="m@example.vn", is_staff=True)
    ManagerScope.objects.create(user=manager, level="province", province=thuc_phan.province)
    elsewhere = CommuneFactory(code="04000")
    UserFactory(email="far@example.vn", commune=elsewhere)
    text = HEADER + f"A,a@example.vn,,,{elsewhere.code},,\nB,far@example.vn,,,01273,,\n"

    job = run(owner=manager, text=text, courses=[course])

    assert (job.created, job.updated, job.rejected) == (0, 0, 2)
    reasons = [line[7] for line in report_lines(job)]
    assert "outside the area you manage" in reasons[0]
    assert "outside the area you manage" in reasons[1]


def test_user_without_a_scope_cannot_import(course, thuc_phan, learner):
    job = run(owner=learner, text=HEADER + "A,a@example.vn,,,01273,,\n", courses=[course])

    assert job.status == ImportJob.Status.FAILED
    assert not User.objects.filter(email="a@example.vn").exists()


def test_refused_enrolment_rolls_back_the_whole_row(admin, course, thuc_phan):
    from django.utils import timezone

    course.enrolment_closes_at = timezone.now() - timezone.timedelta(days=1)
    course.save_revision().publish()
    job = run(owner=admin, text=HEADER + "A,a@example.vn,,,01273,,\n", courses=[course])

    assert (job.created, job.rejected) == (0, 1)
    assert not User.objects.filter(email="a@example.vn").exists()


def test_file_above_the_size_limit_is_refused_before_it_is_stored(admin, course, monkeypatch):
    from courses.enrolment_import import parsing
    from courses.enrolment_import.services import ImportRefused

    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 10)
    with pytest.raises(ImportRefused, match="too large"):
        import_job_create(owner=admin, upload=csv_upload(HEADER), courses=[course])
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+84", "'+84"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tA", "'\tA"),
        ("Nhung", "Nhung"),
        ("", ""),
    ],
)
def test_report_cells_cannot_run_as_formulas(value, safe):
    assert spreadsheet_safe(value) == safe


def test_report_lists_each_row_with_a_formula_safe_reason(admin, course, thuc_phan):
    job = run(owner=admin, text=HEADER + "=HYPERLINK(1),a@example.vn,,,01273,,\n", courses=[course])

    line = report_lines(job)[0]
    assert line[2] == "'=HYPERLINK(1)"
    assert "formula" in line[7]


def test_command_imports_and_dry_run_saves_nothing(admin, course, thuc_phan, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "A,a@example.vn,,,01273,,\n", encoding="utf-8")
    out = io.StringIO()

    call_command("import_learners", str(path), "--course", course.slug, "--dry-run", stdout=out)
    assert "dry run: 1 created" in out.getvalue()
    assert not User.objects.filter(email="a@example.vn").exists()

    call_command("import_learners", str(path), "--course", course.slug, stdout=out)
    assert Enrolment.objects.filter(learner__email="a@example.vn", course=course).exists()


def test_command_says_how_it_read_the_file(admin, course, thuc_phan, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(windows_1258(HEADER + "Lò Thị Bích,a@example.vn,,,01273,,\n"))
    out = io.StringIO()

    call_command("import_learners", str(path), "--course", course.slug, "--dry-run", stdout=out)

    assert "The file was read as Windows-1258 text." in out.getvalue()


def test_round_trip_of_5000_rows_then_reimport_changes_nothing(admin, course, thuc_phan):
    rows = "".join(
        f"Học viên {n},hv{n}@example.vn,09{n:08d},Cao Bằng,Phường Thục Phán,Người dân,\n"
        for n in range(5000)
    )
    started = time.monotonic()
    job = run(owner=admin, text=HEADER + rows, courses=[course])
    first = time.monotonic() - started
    assert (job.created, job.enrolled, job.rejected) == (5000, 5000, 0)
    snapshot = (User.objects.count(), Enrolment.objects.count(), CommuneChange.objects.count())

    job = run(owner=admin, text=HEADER + rows, courses=[course])

    assert (job.created, job.updated, job.unchanged, job.enrolled) == (0, 0, 5000, 0)
    assert (User.objects.count(), Enrolment.objects.count(), CommuneChange.objects.count()) == (
        snapshot
    )
    print(f"first import {first:.1f}s")


def test_header_only_file_fails_with_a_clear_message(admin, course):
    job = run(owner=admin, text=HEADER, courses=[course])

    assert job.status == ImportJob.Status.FAILED
    assert job.error == "The file has no learner rows under its header: one row per person."


def test_unexpected_error_fails_the_job_instead_of_leaving_it_checking(
    admin, course, thuc_phan, monkeypatch
):
    from courses.enrolment_import import services

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_batch_apply", broken)
    job = run(owner=admin, text=HEADER + "A,a@example.vn,,,01273,,\n", courses=[course])

    assert job.status == ImportJob.Status.FAILED
    assert "unexpected error" in job.error
    assert job.finished_at is not None


def test_xlsx_with_phones_and_codes_stored_as_numbers_is_imported_with_their_zeros(
    admin, course, thuc_phan
):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.strip().split(","))
    workbook.active.append(["Lò Thị Bích", "bich@example.vn", 912345678, 4, 1273, "Cán bộ", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())
    job = import_job_create(owner=admin, upload=upload, courses=[course])
    job = import_job_run(
        job=import_job_confirm(job=import_job_run(job=job, dry_run=True)), dry_run=False
    )

    assert (job.status, job.created, job.rejected) == ("done", 1, 0)
    user = User.objects.get(email="bich@example.vn")
    assert (user.phone, user.commune) == ("0912345678", thuc_phan)


def test_utf16_unicode_text_from_old_excel_is_imported(admin, course, thuc_phan):
    text = (HEADER + "Lò Thị Bích,bich@example.vn,,Cao Bằng,Phường Thục Phán,,\n").replace(
        ",", "\t"
    )
    upload = SimpleUploadedFile("list.txt", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    job = import_job_run(
        job=import_job_create(owner=admin, upload=upload, courses=[course]), dry_run=True
    )

    assert (job.status, job.created, job.rejected) == ("checked", 1, 0)


def test_windows_1258_file_is_imported_and_the_job_says_how_it_was_read(admin, course, thuc_phan):
    upload = SimpleUploadedFile(
        "list.csv",
        windows_1258(HEADER + "Lò Thị Bích,a@example.vn,,,01273,,\n"),
    )
    job = import_job_run(
        job=import_job_create(owner=admin, upload=upload, courses=[course]), dry_run=True
    )

    assert (job.status, job.created, job.rejected) == (ImportJob.Status.CHECKED, 1, 0)
    assert job.notices == "The file was read as Windows-1258 text."
    assert report_lines(job)[0][2] == "Lò Thị Bích"


def test_invalid_phone_next_to_an_email_imports_the_row_without_it_and_warns(
    admin, course, thuc_phan
):
    job = run(
        owner=admin, text=HEADER + "Lò Thị Bích,a@example.vn,12345,,01273,,\n", courses=[course]
    )

    assert (job.created, job.rejected, job.warned) == (1, 0, 1)
    assert User.objects.get(email="a@example.vn").phone == ""
    assert report_lines(job)[0][7:] == [
        "",
        "“12345” is not a valid Vietnamese phone number: the row was imported without it.",
        "",
    ]


def test_dry_run_counts_equal_the_import_counts_for_a_mixed_file(admin, course, thuc_phan, learner):
    text = HEADER + (
        "Mới Một,moi1@example.vn,0912000001,,01273,,\n"
        "Mới Hai,moi2@example.vn,,,01273,Người dân,\n"
        f"Nguyễn Thị Hồng Nhung,{learner.email},,,01273,,Sở Nội vụ\n"
        "Sai,sai@,,,01273,,\n"
        "Mới Một lần nữa,MOI1@example.vn,,,01273,,\n"
    )
    checked = run(owner=admin, text=text, courses=[course], dry_run=True)
    counts = (
        checked.created,
        checked.updated,
        checked.unchanged,
        checked.enrolled,
        checked.rejected,
    )

    done = import_job_run(job=import_job_confirm(job=checked), dry_run=False)

    assert counts == (2, 1, 0, 3, 2)
    assert (done.created, done.updated, done.unchanged, done.enrolled, done.rejected) == counts
    assert Enrolment.objects.filter(course=course).count() == 3


def invitation_sets_the_password(client, message) -> bool:
    """Follow the invitation's link as the learner would and choose a password."""
    link = message.body.split("http://testserver", 1)[1].split()[0]
    form = client.get(link, follow=True)
    if "password1" not in form.content.decode():
        return False
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "Hoc-vu-so-2025!", "password2": "Hoc-vu-so-2025!"},
    )
    user = User.objects.get(email=message.to[0])
    return user.check_password("Hoc-vu-so-2025!")


def test_new_accounts_get_a_primary_email_address_and_an_invitation_that_sets_a_password(
    admin, course, thuc_phan, client
):
    from allauth.account.models import EmailAddress

    run(owner=admin, text=HEADER + "A,a@example.vn,,,01273,,\n", courses=[course])

    user = User.objects.get(email="a@example.vn")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary")) == [
        ("a@example.vn", True)
    ]
    assert not EmailAddress.objects.get(user=user).verified
    assert invitation_sets_the_password(client, mail.outbox[0])
    # Following the e-mailed link proved the address: no second verification is asked for.
    assert EmailAddress.objects.get(user=user).verified


def test_existing_learner_is_enrolled_only_in_the_courses_they_lack(
    admin, course, thuc_phan, learner, catalog
):
    from courses.factories import CoursePageFactory
    from courses.services import enrolment_create

    second = CoursePageFactory(parent=catalog, title="Dịch vụ công trực tuyến")
    enrolment_create(learner=learner, course=course)
    text = HEADER + f"{learner.full_name},{learner.email},,,01273,,\n"

    job = run(owner=admin, text=text, courses=[course, second])

    assert (job.unchanged, job.enrolled) == (1, 1)
    assert report_lines(job)[0][6] == "Dịch vụ công trực tuyến"
    assert set(Enrolment.objects.filter(learner=learner).values_list("course_id", flat=True)) == {
        course.pk,
        second.pk,
    }


def test_learner_who_left_the_course_is_enrolled_again_keeping_the_enrolment(
    admin, course, thuc_phan, learner
):
    from courses.services import enrolment_create, enrolment_leave

    first = enrolment_create(learner=learner, course=course)
    enrolment_leave(learner=learner, course=course)
    text = HEADER + f"{learner.full_name},{learner.email},,,01273,,\n"

    job = run(owner=admin, text=text, courses=[course])

    assert job.enrolled == 1
    assert Enrolment.objects.get(learner=learner, course=course) == first
    assert Enrolment.objects.get(pk=first.pk).left_at is None


def test_course_with_prerequisites_rejects_new_accounts_whole(admin, catalog, course, thuc_phan):
    from courses.factories import CoursePageFactory
    from courses.models import CoursePrerequisite

    advanced = CoursePageFactory(parent=catalog, title="Nâng cao")
    CoursePrerequisite.objects.create(course=advanced, required_course=course)

    job = run(owner=admin, text=HEADER + "A,a@example.vn,,,01273,,\n", courses=[course, advanced])

    assert (job.created, job.rejected) == (0, 1)
    assert "Complete these courses first: An toàn thông tin cơ bản." in report_lines(job)[0][7]
    assert not User.objects.filter(email="a@example.vn").exists()
    assert not Enrolment.objects.exists()


def test_account_created_elsewhere_during_the_import_rejects_only_its_row(
    admin, course, thuc_phan, monkeypatch, client
):
    """The batch written together fails on the unique e-mail; its rows are redone one by one."""
    from courses.enrolment_import import services

    UserFactory(email="taken@example.vn", commune=thuc_phan)
    monkeypatch.setattr(services, "_accounts_for", lambda rows: ({}, {}))
    text = (
        HEADER
        + "A,a@example.vn,,,01273,,\nB,taken@example.vn,,,01273,,\nC,c@example.vn,,,01273,,\n"
    )

    job = run(owner=admin, text=text, courses=[course])

    assert (job.created, job.enrolled, job.rejected) == (2, 2, 1)
    assert "Another account took this e-mail" in report_lines(job)[1][7]
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.vn", "c@example.vn"]
    assert invitation_sets_the_password(client, mail.outbox[1])
    assert CommuneChange.objects.filter(user__email="taken@example.vn").count() == 0
    assert set(Enrolment.objects.values_list("learner__email", flat=True)) == {
        "a@example.vn",
        "c@example.vn",
    }


def test_command_lists_rejected_rows_and_fails_on_a_file_it_cannot_read(
    admin, course, thuc_phan, tmp_path
):
    from django.core.management.base import CommandError

    path = tmp_path / "list.csv"
    path.write_text(HEADER + "A,a@example.vn,,,01273,,\nB,b@,,,01273,,\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("import_learners", str(path), "--course", course.slug, stdout=out, stderr=err)

    assert "1 created" in out.getvalue()
    assert "1 rejected" in out.getvalue()
    assert err.getvalue() == "row 3: “b@” is not a valid e-mail address.\n"
    old_excel = tmp_path / "list.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    with pytest.raises(CommandError, match=r"\(\.xls\) files are not supported"):
        call_command("import_learners", str(old_excel), "--course", course.slug, stdout=out)
    with pytest.raises(CommandError, match="No live course with slug: khong-co"):
        call_command("import_learners", str(path), "--course", "khong-co", stdout=out)


def run_bytes(*, owner, data: bytes, courses) -> ImportJob:
    upload = SimpleUploadedFile("learners.csv", data, content_type="text/csv")
    job = import_job_create(owner=owner, upload=upload, courses=courses)
    return import_job_run(job=job, dry_run=True)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 2000,
        b"Ho ten\x00,Email\n\x00a,b\n",
        b"\xff\xfe" + b"\x00" * 100,
    ],
)
def test_a_file_of_nul_bytes_fails_with_a_message_instead_of_staying_checking(admin, course, data):
    job = run_bytes(owner=admin, data=data, courses=[course])

    assert job.status == ImportJob.Status.FAILED
    assert job.error
    assert "\x00" not in job.error
    assert job.finished_at is not None


def test_nul_bytes_in_cells_are_dropped_and_the_row_is_imported(admin, course, thuc_phan):
    data = (HEADER + "Lò Thị\x00 Bích,bich@exam\x00ple.vn,,Cao Bằng,01273,,UBND\x1b\n").encode()

    job = run_bytes(owner=admin, data=data, courses=[course])

    assert (job.status, job.created, job.rejected) == ("checked", 1, 0)
    job = import_job_run(job=import_job_confirm(job=job), dry_run=False)
    user = User.objects.get(email="bich@example.vn")
    assert (user.full_name, user.work_unit) == ("Lò Thị Bích", "UBND")


def test_a_failure_message_quoting_the_file_is_stored_without_control_characters(admin, course):
    job = import_job_create(owner=admin, upload=csv_upload(HEADER), courses=[course])

    job = import_job_fail(job=job, message="Cột “\x00Tên\x07” không rõ")

    assert (job.status, job.error) == ("failed", "Cột “Tên” không rõ")


def test_the_task_fails_the_job_even_when_the_run_itself_breaks(admin, course, monkeypatch):
    from courses.enrolment_import import tasks

    def broken(**kwargs):
        raise RuntimeError("the failure could not be recorded")

    monkeypatch.setattr(tasks, "import_job_run", broken)
    job = import_job_create(owner=admin, upload=csv_upload(HEADER), courses=[course])

    tasks.import_job_run_task.enqueue(job.pk, True, "en")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "unexpected error" in job.error


def test_a_job_running_longer_than_the_time_limit_is_failed_with_a_message(admin, course, settings):
    settings.ENROLMENT_IMPORT_TIMEOUT = 600
    now = timezone.now()
    stuck, running, checked = (
        import_job_create(owner=admin, upload=csv_upload(HEADER), courses=[course])
        for _ in range(3)
    )
    ImportJob.objects.filter(pk__in=[stuck.pk, checked.pk]).update(
        started_at=now - dt.timedelta(seconds=601)
    )
    ImportJob.objects.filter(pk=checked.pk).update(status=ImportJob.Status.CHECKED)
    ImportJob.objects.filter(pk=running.pk).update(started_at=now - dt.timedelta(seconds=599))

    assert import_jobs_expire(now=now) == 1

    stuck.refresh_from_db()
    assert stuck.status == ImportJob.Status.FAILED
    assert "did not finish within 10 minutes" in stuck.error
    assert stuck.finished_at == now
    assert ImportJob.objects.get(pk=running.pk).status == ImportJob.Status.CHECKING
    assert ImportJob.objects.get(pk=checked.pk).status == ImportJob.Status.CHECKED


def test_confirming_an_import_starts_its_time_limit_again(admin, course, thuc_phan, settings):
    settings.ENROLMENT_IMPORT_TIMEOUT = 600
    job = run(
        owner=admin, text=HEADER + "A,a@example.vn,,,01273,,\n", courses=[course], dry_run=True
    )
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))

    job = import_job_confirm(job=job)

    assert import_jobs_expire() == 0
    assert job.status == ImportJob.Status.IMPORTING


def test_the_import_writes_accounts_and_enrolments_only_through_their_services():
    """One write path (STYLE rule 11): the import calls `learners_create`,
    `learner_update_profile`, `enrolment_create` and `enrolments_create_many`, never the
    tables those services keep."""
    source = (ROOT / "courses" / "enrolment_import" / "services.py").read_text()

    for model in ("Enrolment", "CommuneChange", "EmailAddress", "User"):
        assert not re.search(rf"\b{model}\.objects\.(bulk_)?(create|update)", source), model
    # The new account is built here (from the row) and saved by `learners_create`.
    for model in ("Enrolment", "CommuneChange", "EmailAddress"):
        assert not re.search(rf"\b{model}\(", source), model
