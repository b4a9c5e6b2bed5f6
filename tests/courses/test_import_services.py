import csv
import io
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from courses.enrolment_import.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
    spreadsheet_safe,
)
from courses.models import Enrolment, ImportJob
from home.factories import CommuneFactory, UserFactory
from home.models import CommuneChange, LearnerGroup, ManagerScope, User

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
    assert (enrolment.commune, enrolment.learner_group) == (thuc_phan, LearnerGroup.OFFICIAL)
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
