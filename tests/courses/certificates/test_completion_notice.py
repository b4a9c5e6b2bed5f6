"""A learner who completes a course is told so, with their certificate or when it will come."""

import pytest
from django.conf import settings
from django.urls import reverse

from courses import services
from courses.certificates.factories import CertificateFactory
from courses.certificates.selectors import completion_notice
from courses.factories import CourseCompletionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def complete(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)


@pytest.fixture(autouse=True)
def _certificate_files(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


def test_the_course_page_of_a_completed_course_links_the_certificate(
    learner_client, learner, course, modules, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the certificate is made on commit
        complete(learner, course, modules)
    certificate = course.certificates.get()

    html = learner_client.get(course.url).content.decode()

    assert f"You have completed the course “{course.title}”." in html
    assert reverse("certificate_download", args=[certificate.display_code]) in html


def test_marking_the_last_module_done_leads_to_the_notice(learner_client, learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    for module in modules[:-1]:
        services.module_mark_done(learner=learner, course=course, module=module)

    response = learner_client.post(
        reverse("module_done", args=[course.pk, modules[-1].pk]), follow=True
    )

    assert "data-course-complete" in response.content.decode()


def test_a_certificate_still_being_made_is_announced_as_being_prepared(learner, course):
    completion = CourseCompletionFactory(learner=learner, course=course)
    CertificateFactory(learner=learner, course=course, completion=completion, pdf="")

    notice = completion_notice(learner=learner, course=course)

    assert notice.certificate_pending
    assert not notice.certificate_ready


def test_a_completion_whose_certificate_is_not_issued_yet_is_being_prepared(learner, course):
    CourseCompletionFactory(learner=learner, course=course)

    notice = completion_notice(learner=learner, course=course)

    assert notice.certificate is None
    assert notice.certificate_pending


def test_a_course_without_certificates_promises_none(learner_client, learner, course, modules):
    course.issues_certificate = False
    course.save_revision().publish()
    complete(learner, course, modules)

    html = learner_client.get(course.url).content.decode()

    assert "data-course-complete" in html
    assert "data-certificate-pending" not in html
    assert "certificate (PDF)" not in html


def test_no_notice_before_the_course_is_complete(learner, course):
    assert completion_notice(learner=learner, course=course) is None
