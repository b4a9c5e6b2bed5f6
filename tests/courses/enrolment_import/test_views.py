"""The learner import in the Wagtail admin: who may use it, the check, confirmation, downloads.

Tasks run on the immediate backend in tests (elearn/settings/test.py), so an upload is checked
before the redirect; tests that need a job still running stop the task from being enqueued.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from courses.classes.factories import ClassFactory
from courses.enrolment_import import parsing, services, views
from courses.models import Enrolment, ImportJob
from courses.reports.factories import ManagerScopeFactory
from home.factories import CommuneFactory, UserFactory
from home.models import User

OK, FORBIDDEN, NOT_FOUND, REDIRECT = 200, 403, 404, 302
HEADER = "Họ và tên,Email,Số điện thoại,Tỉnh/Thành phố,Xã/Phường,Nhóm,Đơn vị công tác\n"
ROWS = (
    "Nguyễn Thị Hồng Nhung,nhung@example.vn,0912 345 678,Cao Bằng,Phường Thục Phán,Cán bộ,UBND\n"
    "Trần Văn Đức,duc@example.vn,,,99998,,\n"
    "Lò Thị Bích,bich@example.vn,,Cao Bằng,phuong nung tri cao,Người dân,\n"
)


class TaskStub:
    """Stands for the import task: records what is enqueued and runs nothing."""

    def __init__(self, record):
        self.record = record

    def enqueue(self, *args):
        self.record(args)


def vietnamese(message: str, **values) -> str:
    with translation.override("vi"):
        return _(message) % values if values else _(message)


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def nung_tri_cao(cao_bang):
    return CommuneFactory(code="01279", name="Phường Nùng Trí Cao", province=cao_bang)


@pytest.fixture
def people(thuc_phan, nung_tri_cao):
    return {
        "national": UserFactory(email="admin@example.vn", superuser=True, commune=None),
        "province_manager": ManagerScopeFactory(
            user__email="caobang@example.vn", province=thuc_phan.province
        ).user,
        "commune_manager": ManagerScopeFactory(
            user__email="thucphan@example.vn", commune=thuc_phan
        ).user,
        "other_commune_manager": ManagerScopeFactory(
            user__email="nungtricao@example.vn", commune=nung_tri_cao
        ).user,
        "editor_without_scope": editor(),
        "learner": UserFactory(email="hocvien@example.vn", commune=thuc_phan),
    }


def editor():
    """A user of the Wagtail admin (an editor) who has no statistics scope."""
    user = UserFactory(email="editor@example.vn", commune=None)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def upload(client, course, text=HEADER + ROWS, name="danh-sach.csv", data=None):
    file = SimpleUploadedFile(name, data if data is not None else text.encode("utf-8"))
    return client.post(reverse("enrolment_import"), {"file": file, "courses": [course.pk]})


def latest_job() -> ImportJob:
    return ImportJob.objects.latest("pk")


def job_url(job, name="enrolment_import_job"):
    return reverse(name, kwargs={"job_id": job.pk})


def counts(response) -> dict[str, str]:
    html = response.content.decode()
    found = {}
    for name in ("created", "updated", "unchanged", "enrolled", "rejected"):
        cell = html.split(f'data-count="{name}">', 1)[1]
        found[name] = cell.split("<", 1)[0]
    return found


# Access


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, REDIRECT),
        ("learner", REDIRECT),
        ("editor_without_scope", FORBIDDEN),
        ("commune_manager", OK),
        ("province_manager", OK),
        ("national", OK),
    ],
)
def test_upload_page_is_for_users_with_a_scope(client, people, course, who, status):
    if who:
        client.force_login(people[who])

    response = client.get(reverse("enrolment_import"))

    assert response.status_code == status
    if status == REDIRECT:
        assert "login" in response["Location"]


@pytest.mark.parametrize("who", ["learner", "editor_without_scope"])
def test_users_without_a_scope_cannot_upload(client, people, course, who):
    client.force_login(people[who])

    response = upload(client, course)

    assert response.status_code in (REDIRECT, FORBIDDEN)
    assert not ImportJob.objects.exists()


def test_upload_page_names_the_area_and_the_template_columns(client, people, course):
    client.force_login(people["commune_manager"])

    response = client.get(reverse("enrolment_import"))

    html = response.content.decode()
    assert "Phường Thục Phán" in html
    assert " | ".join(parsing.VIETNAMESE_HEADERS.values()) in html
    assert reverse("enrolment_import_template", kwargs={"fmt": "xlsx"}) in html


def test_upload_page_says_units_from_before_2025_are_read(client, people, course):
    client.force_login(people["commune_manager"])

    html = client.get(reverse("enrolment_import")).content.decode()

    assert "Đơn vị hành chính trước ngày 1/7/2025 cũng được đọc" in html


# Check (dry run), confirmation


def test_upload_shows_the_check_counts_and_each_rejected_row_with_its_reason(
    client, people, course
):
    client.force_login(people["national"])

    response = upload(client, course)
    job = latest_job()

    assert response.status_code == REDIRECT
    assert response["Location"] == job_url(job)
    page = client.get(job_url(job))
    assert job.status == ImportJob.Status.CHECKED
    assert counts(page) == {
        "created": "2",
        "updated": "0",
        "unchanged": "0",
        "enrolled": "2",
        "rejected": "1",
    }
    rejections = page.content.decode().split("data-import-rejections", 1)[1]
    assert "<td>3</td><td>Trần Văn Đức</td>" in rejections
    assert vietnamese("Unknown commune code “%(code)s”.", code="99998") in rejections
    assert "data-import-confirm" in page.content.decode()
    assert not User.objects.filter(email="nhung@example.vn").exists()
    assert mail.outbox == []


def test_confirming_imports_the_checked_rows_and_shows_the_result(client, people, course):
    client.force_login(people["national"])
    upload(client, course)
    job = latest_job()

    response = client.post(job_url(job, "enrolment_import_confirm"))

    job.refresh_from_db()
    assert response.status_code == REDIRECT
    assert job.status == ImportJob.Status.DONE
    page = client.get(job_url(job))
    assert counts(page)["created"] == "2"
    assert "data-import-confirm" not in page.content.decode()
    assert set(Enrolment.objects.values_list("learner__email", flat=True)) == {
        "nhung@example.vn",
        "bich@example.vn",
    }
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bich@example.vn",
        "nhung@example.vn",
    ]


def test_a_second_confirmation_is_refused_and_changes_nothing(client, people, course):
    client.force_login(people["national"])
    upload(client, course)
    job = latest_job()
    client.post(job_url(job, "enrolment_import_confirm"))
    before = (User.objects.count(), Enrolment.objects.count(), len(mail.outbox))

    response = client.post(job_url(job, "enrolment_import_confirm"), follow=True)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (User.objects.count(), Enrolment.objects.count(), len(mail.outbox)) == before
    assert vietnamese("This import is not waiting for confirmation.") in response.content.decode()


def test_confirmation_must_be_posted(client, people, course):
    client.force_login(people["national"])
    upload(client, course)

    response = client.get(job_url(latest_job(), "enrolment_import_confirm"))

    assert response.status_code == 405
    assert latest_job().status == ImportJob.Status.CHECKED


def test_commune_manager_imports_into_their_commune_only(client, people, course):
    client.force_login(people["commune_manager"])
    text = HEADER + (
        "Nguyễn Thị Hồng Nhung,nhung@example.vn,,,01273,,\n"
        "Lò Thị Bích,bich@example.vn,,Cao Bằng,Phường Nùng Trí Cao,,\n"
    )

    upload(client, course, text)
    job = latest_job()

    assert (job.created, job.rejected) == (1, 1)
    page = client.get(job_url(job)).content.decode()
    assert (
        vietnamese("%(commune)s is outside the area you manage.", commune="Phường Nùng Trí Cao")
        in page
    )


def test_a_file_refused_whole_shows_its_message_on_the_job_page(client, people, course):
    client.force_login(people["national"])

    upload(client, course, data=b"\xd0\xcf\x11\xe0" + b"\x00" * 60, name="danh-sach.xls")
    job = latest_job()

    assert job.status == ImportJob.Status.FAILED
    page = client.get(job_url(job)).content.decode()
    assert "data-import-error" in page
    assert vietnamese("Old Excel 97-2003 (.xls) files are not supported: save as .xlsx.") in page
    assert "data-import-confirm" not in page


def test_upload_without_a_course_a_class_or_a_class_column_fails_with_a_message(
    client, people, course
):
    """Courses are optional on the form: a file whose "Lớp" column names each row's class
    needs none (decision 027). A file without it then fails when it is read, saying why."""
    client.force_login(people["national"])
    file = SimpleUploadedFile("danh-sach.csv", (HEADER + ROWS).encode())

    client.post(reverse("enrolment_import"), {"file": file})

    job = latest_job()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == vietnamese(
        "Choose at least one course or a class, or name each row's class in a column “Lớp”."
    )
    assert not User.objects.filter(email="nhung@example.vn").exists()


def test_file_above_the_limit_is_refused_on_the_form(client, people, course, monkeypatch):
    client.force_login(people["national"])
    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 100)

    response = upload(client, course)

    assert response.status_code == OK
    assert response.context["form"].errors["file"] == [
        vietnamese(
            "The file is too large (%(size)d MB); the limit is %(limit)d MB. Split it.",
            size=0,
            limit=0,
        )
    ]
    assert not ImportJob.objects.exists()


# Jobs belong to their owner


@pytest.fixture
def someone_elses_job(client, people, course):
    client.force_login(people["commune_manager"])
    upload(client, course)
    client.logout()
    return latest_job()


@pytest.mark.parametrize("who", ["other_commune_manager", "province_manager"])
def test_another_manager_cannot_see_confirm_or_download_a_job(
    client, people, someone_elses_job, who
):
    client.force_login(people[who])
    job = someone_elses_job

    assert client.get(job_url(job)).status_code == NOT_FOUND
    assert client.post(job_url(job, "enrolment_import_confirm")).status_code == NOT_FOUND
    assert client.get(job_url(job, "enrolment_import_report")).status_code == NOT_FOUND
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_national_administrator_can_open_any_job(client, people, someone_elses_job):
    client.force_login(people["national"])

    assert client.get(job_url(someone_elses_job)).status_code == OK
    assert client.get(job_url(someone_elses_job, "enrolment_import_report")).status_code == OK


def test_a_manager_who_lost_their_scope_cannot_open_their_job(client, people, someone_elses_job):
    people["commune_manager"].manager_scope.delete()
    client.force_login(people["commune_manager"])

    assert client.get(job_url(someone_elses_job)).status_code == FORBIDDEN


def test_recent_imports_list_only_the_users_own_jobs(client, people, someone_elses_job):
    client.force_login(people["other_commune_manager"])

    response = client.get(reverse("enrolment_import"))

    assert list(response.context["jobs"]) == []


# Downloads


def test_csv_template_has_a_bom_the_header_and_an_example_row(client, people):
    client.force_login(people["commune_manager"])

    response = client.get(reverse("enrolment_import_template", kwargs={"fmt": "csv"}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, example = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == list(parsing.VIETNAMESE_HEADERS.values())
    assert example == views.TEMPLATE_EXAMPLE


def test_xlsx_template_has_the_header_and_keeps_the_phone_as_text(client, people):
    client.force_login(people["commune_manager"])

    response = client.get(reverse("enrolment_import_template", kwargs={"fmt": "xlsx"}))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, example = list(sheet.iter_rows(values_only=True))
    assert list(header) == list(parsing.VIETNAMESE_HEADERS.values())
    assert example[2] == "0912345678"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_itself_passes_the_check(client, people, course, thuc_phan, fmt):
    client.force_login(people["national"])
    template = client.get(reverse("enrolment_import_template", kwargs={"fmt": fmt})).content

    upload(client, course, data=template, name=f"learner-import-template.{fmt}")
    job = latest_job()

    assert (job.status, job.created, job.rejected) == ("checked", 1, 0)


def test_unknown_template_format_is_not_found(client, people):
    client.force_login(people["national"])

    assert client.get("/admin/enrolment-import/template.ods").status_code == NOT_FOUND


def test_templates_are_refused_to_users_without_a_scope(client, people):
    client.force_login(people["editor_without_scope"])

    response = client.get(reverse("enrolment_import_template", kwargs={"fmt": "csv"}))

    assert response.status_code == FORBIDDEN


def test_job_page_says_how_many_rejections_it_shows_and_offers_the_whole_report(
    client, people, course, monkeypatch
):
    monkeypatch.setattr("courses.enrolment_import.views.REPORT_EXCERPT_ROWS", 2)
    client.force_login(people["national"])
    rows = "".join(f"Người {n},n{n}@example.vn,,,99998,,\n" for n in range(3))
    upload(client, course, HEADER + rows + "Lò Thị Bích,bich@example.vn,12345,,01273,,\n")

    html = client.get(job_url(latest_job())).content.decode()

    assert "Đang hiển thị 2 trên tổng số 3." in html
    assert "Tải toàn bộ báo cáo (CSV)" in html
    assert "Đang hiển thị 1 trên tổng số 1." in html.split("data-import-warnings-shown", 1)[1]
    assert (
        "“12345” không phải số điện thoại Việt Nam hợp lệ: dòng đã được nhập nhưng không có "
        "số điện thoại này." in html
    )


def test_report_download_is_a_formula_safe_csv_with_a_bom_and_never_cached(client, people, course):
    client.force_login(people["national"])
    text = HEADER + (
        '"=HYPERLINK(""http://evil.example"",""bấm"")",x@example.vn,,,01273,,\n'
        "Lò Thị Bích,+84 912 345 678,@bich,,01273,,\n"
    )
    upload(client, course, text)

    response = client.get(job_url(latest_job(), "enrolment_import_report"))

    raw = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert raw.startswith(b"\xef\xbb\xbf")
    header, first, second = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(header) == 10
    assert first[2] == '\'=HYPERLINK("http://evil.example","bấm")'
    assert second[3] == "'+84 912 345 678"
    assert second[4] == "'@bich"
    dangerous = [c for line in (first, second) for c in line if c and c[0] in "=+-@\t\r"]
    assert dangerous == []


# Background work and progress


def test_upload_and_confirm_hand_the_work_to_the_task_in_the_users_language(
    client, people, course, monkeypatch
):
    enqueued = []
    monkeypatch.setattr(views, "import_job_run_task", TaskStub(enqueued.append))
    client.force_login(people["national"])

    upload(client, course)
    job = latest_job()

    assert enqueued == [(job.pk, True, "vi")]
    assert job.status == ImportJob.Status.CHECKING


def test_page_of_a_running_check_shows_rows_processed_and_reloads_itself(
    client, people, course, monkeypatch
):
    monkeypatch.setattr(views, "import_job_run_task", TaskStub(lambda args: None))
    client.force_login(people["national"])
    upload(client, course)
    job = latest_job()
    ImportJob.objects.filter(pk=job.pk).update(processed=1500)

    page = client.get(job_url(job)).content.decode()

    assert 'http-equiv="refresh"' in page
    assert 'data-status="checking"' in page
    assert "1500" in page
    assert "data-import-confirm" not in page
    assert "data-import-counts" not in page


def test_page_of_a_running_import_shows_its_percentage(client, people, course, monkeypatch):
    monkeypatch.setattr(views, "import_job_run_task", TaskStub(lambda args: None))
    client.force_login(people["national"])
    upload(client, course)
    job = latest_job()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING, total_rows=50_000, processed=12_500
    )

    page = client.get(job_url(job)).content.decode()

    assert "(25%)" in page
    assert 'http-equiv="refresh"' in page


def test_progress_is_saved_after_each_batch_of_a_large_file(client, people, course, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 100)
    seen = []
    apply = services._batch_apply

    def spy(**kwargs):
        seen.append(ImportJob.objects.values_list("processed", "total_rows").get())
        return apply(**kwargs)

    monkeypatch.setattr(services, "_batch_apply", spy)
    rows = "".join(f"Học viên {n},hv{n}@example.vn,,,01273,,\n" for n in range(350))
    client.force_login(people["national"])

    upload(client, course, HEADER + rows)

    assert seen == [(0, 350), (100, 350), (200, 350), (300, 350)]
    job = latest_job()
    assert (job.status, job.total_rows, job.created) == ("checked", 350, 350)


def test_a_job_stuck_past_the_time_limit_shows_as_failed_with_its_reason(
    client, people, course, settings, monkeypatch
):
    settings.ENROLMENT_IMPORT_TIMEOUT = 1800
    client.force_login(people["national"])
    monkeypatch.setattr(views, "import_job_run_task", TaskStub(lambda args: None))
    upload(client, course)  # queued, and no worker ever takes it
    job = latest_job()
    ImportJob.objects.filter(pk=job.pk).update(
        started_at=job.started_at - datetime.timedelta(seconds=1801)
    )

    page = client.get(job_url(job)).content.decode()

    assert 'data-status="failed"' in page
    assert "data-import-error" in page
    assert (
        vietnamese(
            "The import did not finish within %(minutes)d minutes: the import worker is "
            "probably not running. Rows already imported stay imported: upload the file "
            "again to finish.",
            minutes=30,
        )
        in page
    )


# Query count


def test_upload_page_query_count_does_not_grow_with_the_classes(client, people, course):
    client.force_login(people["national"])
    ClassFactory.create_batch(3)
    client.get(reverse("enrolment_import"))  # warm the per-process caches (site, locale)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("enrolment_import")).status_code == OK
    ClassFactory.create_batch(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("enrolment_import"))

    assert response.content.decode().count("Lớp kỹ năng số") >= 30
    assert len(many) == len(few)
