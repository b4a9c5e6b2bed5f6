"""A certificate earned on a portal carries that portal's issuer, stored when it is issued,
and its check page answers on every portal."""

import pytest
from django.urls import reverse

from courses.certificates.rendering import certificate_context
from courses.certificates.services import certificate_reissue
from courses.models import Certificate, CertificateSettings
from home.factories import UserFactory
from tests.courses.portals.conftest import HOST_A, HOST_B, NATIONAL_HOST, on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _certificate_files(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


def complete_on(client, host, learner, course, modules):
    client.force_login(learner)
    client.post(reverse("course_enrol", args=[course.pk]), **on(host))
    for module in modules:
        client.get(module.get_url_parts()[2], **on(host))
        client.post(reverse("module_done", args=[course.pk, module.pk]), **on(host))


def test_a_certificate_earned_on_a_portal_names_the_portal_as_issuer(
    client,
    django_capture_on_commit_callbacks,
    portal_a,
    learner_a,
    national_course,
    national_modules,
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_on(client, HOST_A, learner_a, national_course, national_modules)

    certificate = Certificate.objects.get(learner=learner_a)
    assert certificate.issuer_site == portal_a.site
    assert certificate.issuer_name == "Cổng học tập Hà Nội"
    context = certificate_context(certificate=certificate)
    assert context["organisation"] == "Cổng học tập Hà Nội"
    assert context["date_line"].startswith("Hà Nội")
    assert certificate.pdf


def test_a_certificate_earned_nationally_keeps_the_national_issuer(
    client,
    django_capture_on_commit_callbacks,
    portal_a,
    learner_a,
    national_course,
    national_modules,
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_on(client, NATIONAL_HOST, learner_a, national_course, national_modules)

    certificate = Certificate.objects.get(learner=learner_a)
    assert certificate.issuer_site is None and certificate.issuer_name == ""
    assert certificate_context(certificate=certificate)["organisation"] == "Bình dân học vụ số"


def test_the_issuer_is_kept_when_the_portal_renames_itself_later(
    client,
    django_capture_on_commit_callbacks,
    portal_a,
    learner_a,
    national_course,
    national_modules,
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_on(client, HOST_A, learner_a, national_course, national_modules)
    issuer = CertificateSettings.for_site(portal_a.site)
    issuer.issuing_organisation = "Sở Khoa học và Công nghệ Hà Nội"
    issuer.save()

    certificate = Certificate.objects.get(learner=learner_a)
    assert certificate_context(certificate=certificate)["organisation"] == "Cổng học tập Hà Nội"


def test_a_reissued_certificate_keeps_its_portal_issuer(
    client,
    django_capture_on_commit_callbacks,
    portal_a,
    learner_a,
    national_course,
    national_modules,
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_on(client, HOST_A, learner_a, national_course, national_modules)
    administrator = UserFactory(email="quantri@example.vn", is_superuser=True, is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        replacement = certificate_reissue(
            certificate=Certificate.objects.get(learner=learner_a), by=administrator
        )

    assert replacement.issuer_name == "Cổng học tập Hà Nội"
    assert replacement.issuer_site == portal_a.site


def test_a_portal_certificate_verifies_on_every_portal(
    client,
    django_capture_on_commit_callbacks,
    portal_a,
    portal_b,
    learner_a,
    national_course,
    national_modules,
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_on(client, HOST_A, learner_a, national_course, national_modules)
    code = Certificate.objects.get(learner=learner_a).display_code
    client.logout()

    for host in (HOST_A, HOST_B, NATIONAL_HOST):
        page = client.get(reverse("certificate_verify", kwargs={"code": code}), **on(host))
        data = client.get(
            reverse("certificate_verify_json", kwargs={"code": code}), **on(host)
        ).json()
        assert page.status_code == 200, host
        assert 'data-certificate-status="valid"' in page.content.decode()
        assert "Cổng học tập Hà Nội" in page.content.decode()
        assert data["status"] == "valid" and data["issuer"] == "Cổng học tập Hà Nội"
