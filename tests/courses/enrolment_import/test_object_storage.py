"""Learner imports with `MEDIA_STORAGE=s3` (a real S3-compatible server, tests/object_storage.py):
the uploaded file and its report live in the bucket's private imports/ prefix, the import reads
the file from there, and the report reaches its importer through the app only."""

import pytest
import requests
from django.urls import reverse

from courses.enrolment_import.services import report_excerpt
from courses.models import ImportJob
from home.models import User
from tests.courses.enrolment_import.test_services import HEADER, admin, run  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def _import_folder(settings, tmp_path):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def job(s3_bucket, admin, course, thuc_phan):  # noqa: F811
    text = HEADER + (
        "Lò Thị Bích,bich@example.vn,0912 345 678,Cao Bằng,phuong thuc phan,Cán bộ,UBND phường\n"
        "Không Có Xã,khong@example.vn,,Cao Bằng,Xã Không Tồn Tại,,\n"
    )
    return run(owner=admin, text=text, courses=[course])


def test_the_import_reads_its_upload_from_the_bucket_and_writes_its_report_there(
    job, s3_bucket, tmp_path
):
    assert (job.status, job.created, job.rejected) == (ImportJob.Status.DONE, 1, 1)
    assert User.objects.filter(email="bich@example.vn").exists()
    assert s3_bucket.names("imports/") == sorted(
        [f"imports/{job.upload.name}", f"imports/{job.report.name}"]
    )
    assert not any((tmp_path / "imports").rglob("*.csv"))
    excerpt = report_excerpt(job=job)
    assert excerpt.rejected_total == 1
    assert excerpt.rejections[0]["name"] == "Không Có Xã"


def test_the_report_downloads_for_its_importer_and_not_from_the_bucket_directly(
    client,
    job,
    s3_bucket,
    admin,  # noqa: F811
):
    client.force_login(admin)
    response = client.get(reverse("enrolment_import_report", args=[job.pk]))

    assert response.status_code == 200
    assert "Không Có Xã" in b"".join(response.streaming_content).decode("utf-8-sig")
    for name in (job.upload.name, job.report.name):
        assert requests.get(s3_bucket.object_url(f"imports/{name}"), timeout=10).status_code == 403
