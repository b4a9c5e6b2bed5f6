"""A learner belongs to the portal they signed up on (or were imported into), and e-mails sent
to them link to that portal's host: their session lives there. Without a portal: the national
site (WAGTAILADMIN_BASE_URL)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from courses.classes.factories import ClassFactory
from courses.classes.reminders import reminders_send
from courses.enrolment_import.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from courses.services import TRAINERS_GROUP
from home.factories import UserFactory
from home.models import LearnerGroup, User
from tests.courses.portals.conftest import HOST_A, HOST_B, NATIONAL_HOST, on

pytestmark = pytest.mark.django_db

PASSWORD = "Hoc-vu-so-2025!"
NATIONAL = "https://hocvuso.example.vn"


@pytest.fixture(autouse=True)
def national_address(settings):
    settings.WAGTAILADMIN_BASE_URL = NATIONAL


def sign_up(client, host, email, province="01", commune="00004"):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Nguyễn Thị Hoa",
            "email": email,
            "province": province,
            "commune": commune,
            "learner_group": LearnerGroup.CITIZEN,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        **on(host),
    )
    assert response.status_code == 302
    return User.objects.get(email=email)


def test_sign_up_remembers_the_portal_the_learner_signed_up_on(client, portal_a, portal_b):
    assert sign_up(client, HOST_A, "a@example.vn").portal == portal_a
    client.logout()
    # The province chosen does not matter: the portal is where the account was made.
    assert sign_up(client, HOST_B, "b@example.vn").portal == portal_b
    client.logout()
    assert sign_up(client, NATIONAL_HOST, "n@example.vn").portal is None


@pytest.fixture
def trainer(db):
    user = UserFactory(email="giangvien@example.vn", commune=None, learner_group="")
    user.groups.add(Group.objects.get_or_create(name=TRAINERS_GROUP)[0])
    return user


@pytest.fixture
def klass(ha_noi, national_course, trainer):
    return ClassFactory(
        name="Lớp Ba Đình",
        commune=ha_noi.communes.get(),
        courses=[national_course],
        trainers=[trainer],
    )


def test_a_reminder_links_to_the_learners_portal_whichever_host_the_trainer_uses(
    klass, trainer, portal_a, learner_a, learner_b
):
    learner_a.portal = portal_a
    learner_a.save()

    reminders_send(
        klass=klass, learners=[learner_a, learner_b], sent_by=trainer, today=dt.date(2026, 6, 1)
    )

    by_learner = {message.to[0]: message.body for message in mail.outbox}
    portal_body = by_learner[learner_a.email]
    assert "http://ha-noi.localhost/khoa-hoc-cua-toi/" in portal_body
    assert "http://ha-noi.localhost/lop-hoc/nhac-nho/tat/" in portal_body
    assert NATIONAL not in portal_body
    assert f"{NATIONAL}/khoa-hoc-cua-toi/" in by_learner[learner_b.email]


def test_the_weekly_digest_links_to_the_trainers_portal(klass, trainer, portal_b):
    trainer.portal = portal_b
    trainer.save()

    call_command("send_class_digest", stdout=None)

    (message,) = mail.outbox
    assert "http://cao-bang.localhost/admin/classes/" in message.body


def test_the_weekly_digest_of_a_national_trainer_links_to_the_national_site(klass, trainer):
    call_command("send_class_digest", stdout=None)

    (message,) = mail.outbox
    assert f"{NATIONAL}/admin/classes/" in message.body


def test_an_imported_learner_belongs_to_their_provinces_portal_and_is_invited_there(
    settings, tmp_path, portal_a, cao_bang, national_course
):
    settings.ENROLMENT_IMPORT_DIR = tmp_path / "imports"
    admin = UserFactory(email="admin@example.vn", superuser=True, commune=None)
    text = (
        "Họ và tên,Email,Số điện thoại,Tỉnh/Thành phố,Xã/Phường,Nhóm,Đơn vị công tác\n"
        "Lê Văn An,an@example.vn,,Hà Nội,Ba Đình,Công dân,\n"
        "Lò Thị Bích,bich@example.vn,,Cao Bằng,Thục Phán,Công dân,\n"
    )
    upload = SimpleUploadedFile("hoc-vien.csv", text.encode(), content_type="text/csv")
    job = import_job_create(owner=admin, upload=upload, courses=[national_course])
    job = import_job_run(job=job, dry_run=True)
    job = import_job_run(job=import_job_confirm(job=job), dry_run=False)
    assert job.created == 2

    assert User.objects.get(email="an@example.vn").portal == portal_a
    assert User.objects.get(email="bich@example.vn").portal is None  # Cao Bằng has no portal
    by_learner = {message.to[0]: message for message in mail.outbox}
    ha_noi = by_learner["an@example.vn"]
    assert "http://ha-noi.localhost/accounts/password/reset/key/" in ha_noi.body
    assert "Cổng học tập Hà Nội" in ha_noi.subject
    assert f"{NATIONAL}/accounts/password/reset/key/" in by_learner["bich@example.vn"].body
