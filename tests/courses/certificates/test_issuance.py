import logging
import threading
import unicodedata

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from courses.certificates import services
from courses.certificates.eligibility import certificate_eligibility
from courses.certificates.factories import CertificateFactory, course_complete, course_with_modules
from courses.certificates.services import (
    CertificateError,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from courses.models import Certificate, CourseCompletion
from courses.services import course_completion_evaluate
from home.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _certificate_files(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


@pytest.fixture
def learner():
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    commune = CommuneFactory(name="Phường Thục Phán", province=province)
    return UserFactory(full_name="Nguyễn Thị Hồng Nhung", commune=commune)


@pytest.fixture
def course():
    return course_with_modules(title="An toàn thông tin cơ bản", modules=2)


def test_completing_a_course_issues_one_certificate_with_what_it_prints(
    learner, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        completion = course_complete(learner=learner, course=course)

    certificate = Certificate.objects.get()
    assert certificate.learner == learner
    assert certificate.course_id == course.pk
    assert certificate.completion == completion
    assert certificate.learner_name == "Nguyễn Thị Hồng Nhung"
    assert certificate.course_title == "An toàn thông tin cơ bản"
    assert certificate.commune_name == "Phường Thục Phán"
    assert certificate.province_name == "Tỉnh Cao Bằng"
    assert certificate.completed_on == timezone.localdate(completion.completed_at)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.pdf  # rendered at once by the test task backend


def test_a_course_without_certificates_issues_none(learner, django_capture_on_commit_callbacks):
    course = course_with_modules(issues_certificate=False)
    with django_capture_on_commit_callbacks(execute=True):
        course_complete(learner=learner, course=course)
    assert CourseCompletion.objects.count() == 1
    assert not Certificate.objects.exists()


def test_completion_reported_twice_yields_one_certificate(
    learner, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        completion = course_complete(learner=learner, course=course)
        course_completion_evaluate(learner=learner, course=course)
    first = certificate_issue(completion=completion)
    again = certificate_issue(completion=completion)
    assert first.pk == again.pk
    assert Certificate.objects.count() == 1


def test_the_name_is_stored_in_nfc_when_typed_decomposed(
    course, django_capture_on_commit_callbacks
):
    decomposed = unicodedata.normalize("NFD", "Trần  Thị Ánh   Nguyệt ")
    learner = UserFactory(full_name=decomposed)
    with django_capture_on_commit_callbacks(execute=True):
        course_complete(learner=learner, course=course)
    assert Certificate.objects.get().learner_name == "Trần Thị Ánh Nguyệt"


def test_the_database_refuses_a_second_current_certificate(learner, course):
    existing = CertificateFactory(learner=learner, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(learner=learner, course=course, completion=existing.completion)


def test_a_replaced_certificate_steps_aside_for_its_replacement(learner, course):
    old = CertificateFactory(learner=learner, course=course)
    learner.full_name = "Nguyễn Thị Hồng Nhung (sửa)"
    learner.save()

    new = certificate_reissue(certificate=old, by=None)

    old.refresh_from_db()
    assert old.status == Certificate.Status.REPLACED
    assert old.replaced_by == new
    assert old.replaced_at is not None
    assert new.status == Certificate.Status.VALID
    assert new.code != old.code
    assert new.learner_name == "Nguyễn Thị Hồng Nhung (sửa)"
    assert new.completed_on == old.completed_on
    assert certificate_issue(completion=old.completion) == new


def test_revoking_needs_a_reason_and_a_valid_certificate(learner, course):
    certificate = CertificateFactory(learner=learner, course=course)
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, reason="  ", by=None)
    revoked = certificate_revoke(certificate=certificate, reason="Gian lận khi làm bài", by=None)
    assert revoked.status == Certificate.Status.REVOKED
    assert revoked.revoked_at is not None
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=revoked, reason="again", by=None)
    with pytest.raises(CertificateError):
        certificate_reissue(certificate=revoked, by=None)


def test_a_revoked_certificate_is_not_issued_again(learner, course):
    certificate = CertificateFactory(learner=learner, course=course)
    certificate_revoke(certificate=certificate, reason="Gian lận", by=None)
    assert certificate_issue(completion=certificate.completion).status == Certificate.Status.REVOKED
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "eligible", "reason"),
    [
        ("eligible", True, "eligible"),
        ("course without certificates", False, "the course does not issue certificates"),
        ("inactive account", False, "the learner's account is inactive"),
        ("no full name", False, "the learner's profile has no full name to print"),
        ("revoked before", False, "the learner's certificate for this course was revoked"),
    ],
)
def test_eligibility(case, eligible, reason, learner, course, caplog):
    completion = CourseCompletion.objects.create(learner=learner, course=course)
    if case == "course without certificates":
        course.issues_certificate = False
        course.save()
    elif case == "inactive account":
        learner.is_active = False
        learner.save()
    elif case == "no full name":
        learner.full_name = "  "
        learner.save()
    elif case == "revoked before":
        old = CertificateFactory(learner=learner, course=course, completion=completion)
        certificate_revoke(certificate=old, reason="Gian lận", by=None)
    completion.refresh_from_db()

    with caplog.at_level(logging.INFO, logger="courses.certificates.eligibility"):
        decision = certificate_eligibility(completion=completion)

    assert (decision.eligible, decision.reason) == (eligible, reason)
    if not eligible:
        assert reason in caplog.text


def test_an_ineligible_completion_gets_no_certificate(learner, course):
    learner.full_name = ""
    learner.save()
    completion = CourseCompletion.objects.create(learner=learner, course=course)
    assert certificate_issue(completion=completion) is None
    assert not Certificate.objects.exists()


def test_a_failing_issue_never_undoes_the_completion(
    learner, course, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("courses.certificates.services.certificate_issue", broken)
    with django_capture_on_commit_callbacks(execute=True):
        course_complete(learner=learner, course=course)
    assert CourseCompletion.objects.filter(learner=learner, course=course).exists()
    assert "Could not issue the certificate" in caplog.text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_concurrent_issues_for_one_completion_yield_one_certificate(learner, course, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent transactions need PostgreSQL (SQLite serialises writers).")
    completion = CourseCompletion.objects.create(learner=learner, course=course)
    workers = 6
    barrier = threading.Barrier(workers)
    results, errors = [], []
    # Widen the race: every worker's first look finds no certificate, so all of them insert
    # at once and only the database constraint can keep the one.
    real_current = services._current
    seen = threading.local()

    def first_look_finds_nothing(**kwargs):
        if not getattr(seen, "looked", False):
            seen.looked = True
            return None
        return real_current(**kwargs)

    monkeypatch.setattr(services, "_current", first_look_finds_nothing)

    def issue():
        try:
            barrier.wait()
            results.append(certificate_issue(completion=completion).pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1
