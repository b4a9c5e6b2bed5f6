import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from courses.certificates.codes import code_display, code_generate
from courses.certificates.factories import CertificateFactory, course_complete, course_with_modules
from courses.certificates.services import (
    certificate_reissue,
    certificate_render,
    certificate_revoke,
)
from home.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "code",
    "status",
    "learner_name",
    "course_title",
    "completed_on",
    "province",
    "issuer",
    "revoked_on",
    "replaced_on",
    "replaced_by",
}


@pytest.fixture(autouse=True)
def _certificate_files_and_fresh_limits(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate():
    province = ProvinceFactory(name="Sơn La", codename="son_la")
    learner = UserFactory(
        full_name="Lò Thị Bích",
        email="bich@example.vn",
        phone="0912345678",
        commune=CommuneFactory(name="Xã Lóng Sập", province=province),
    )
    return certificate_render(
        certificate_id=CertificateFactory(
            learner=learner, course__title="Dịch vụ công trực tuyến"
        ).pk
    )


def verify_url(code: str) -> str:
    return reverse("certificate_verify", kwargs={"code": code})


def test_anyone_can_check_a_valid_certificate_without_signing_in(client, certificate):
    response = client.get(verify_url(certificate.display_code))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-certificate-status="valid"' in page
    for text in ("Lò Thị Bích", "Dịch vụ công trực tuyến", "Tỉnh Sơn La"):
        assert text in page
    assert certificate.completed_on.strftime("%d-%m-%Y") in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_page_shows_nothing_more_than_the_public_facts(client, certificate):
    page = client.get(verify_url(certificate.display_code)).content.decode()
    for private in ("bich@example.vn", "0912345678", "Xã Lóng Sập"):
        assert private not in page


def test_machines_get_the_same_answer_as_json(client, certificate):
    for url in (
        reverse("certificate_verify_json", kwargs={"code": certificate.display_code}),
        verify_url(certificate.display_code) + "?format=json",
    ):
        response = client.get(url)
        assert response.status_code == 200
        data = response.json()
        assert set(data) == PUBLIC_FIELDS
        assert data == {
            "code": certificate.display_code,
            "status": "valid",
            "learner_name": "Lò Thị Bích",
            "course_title": "Dịch vụ công trực tuyến",
            "completed_on": certificate.completed_on.isoformat(),
            "province": "Tỉnh Sơn La",
            "issuer": "Bình dân học vụ số",
            "revoked_on": None,
            "replaced_on": None,
            "replaced_by": None,
        }


def test_a_code_typed_in_lower_case_without_dashes_is_found(client, certificate):
    response = client.get(verify_url(certificate.code.lower()))
    assert response.status_code == 200


def test_a_revoked_certificate_says_so_with_the_date(client, certificate):
    revoked = certificate_revoke(certificate=certificate, reason="Gian lận", by=None)
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert 'data-certificate-status="revoked"' in page
    revoked_on = timezone.localdate(revoked.revoked_at)  # the date in Vietnam, as printed
    assert revoked_on.strftime("%d-%m-%Y") in page
    assert "Gian lận" not in page
    data = client.get(verify_url(certificate.display_code) + "?format=json").json()
    assert data["status"] == "revoked"
    assert data["revoked_on"] == revoked_on.isoformat()


def test_a_replaced_certificate_points_to_its_replacement(client, certificate):
    new = certificate_reissue(certificate=certificate, by=None)
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert 'data-certificate-status="replaced"' in page
    assert verify_url(new.display_code) in page
    data = client.get(verify_url(certificate.display_code) + "?format=json").json()
    assert (data["status"], data["replaced_by"]) == ("replaced", new.display_code)


def test_a_second_check_of_a_code_reads_no_table(client, certificate, django_assert_num_queries):
    client.get(verify_url(certificate.display_code))

    with django_assert_num_queries(0):
        again = client.get(verify_url(certificate.code.lower()))

    assert again.status_code == 200
    assert "Lò Thị Bích" in again.content.decode()


def test_a_certificate_checked_before_it_is_revoked_is_shown_revoked_at_once(
    client, certificate, django_capture_on_commit_callbacks
):
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert 'data-certificate-status="valid"' in page

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="Gian lận", by=None)

    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert 'data-certificate-status="revoked"' in page
    data = client.get(verify_url(certificate.display_code) + "?format=json").json()
    assert data["status"] == "revoked"


def test_a_certificate_checked_before_it_is_replaced_points_to_its_replacement_at_once(
    client, certificate, django_capture_on_commit_callbacks
):
    client.get(verify_url(certificate.display_code) + "?format=json")

    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=certificate, by=None)

    data = client.get(verify_url(certificate.display_code) + "?format=json").json()
    assert (data["status"], data["replaced_by"]) == ("replaced", new.display_code)


def test_visitors_not_signed_in_get_a_repeat_check_whole_from_the_cache(
    client, certificate, monkeypatch, django_capture_on_commit_callbacks
):
    first = client.get(verify_url(certificate.display_code)).content.decode()
    monkeypatch.setattr(
        "courses.certificates.views.certificate_answer_for_code",
        lambda **kwargs: pytest.fail("the view ran again"),
    )

    assert client.get(verify_url(certificate.display_code)).content.decode() == first

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="Gian lận", by=None)
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert 'data-certificate-status="revoked"' in page


def test_a_code_unknown_when_checked_is_found_once_issued(client):
    code = code_generate()
    assert client.get(verify_url(code_display(code))).status_code == 404

    CertificateFactory(code=code)

    assert client.get(verify_url(code_display(code))).status_code == 200


def answer_without_path(client, path):
    """The response, without the requested path (echoed by the language switcher) and the
    CSRF token, which differ from one request to the next anyway."""
    response = client.get(path)
    body = re.sub(r'\?next=[^"]*"', "NEXT", response.content.decode())
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return response.status_code, [t.name for t in response.templates], body


@pytest.mark.parametrize(
    "code",
    [
        "unknown",
        "malformed!",
        "0" * 200,
        "<script>alert(1)<",
        "..%2F..%2Fetc%2Fpasswd",
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-234",
    ],
)
def test_unknown_and_malformed_codes_get_the_same_404(client, certificate, code):
    unknown = answer_without_path(client, verify_url(code_display(code_generate())))
    other = answer_without_path(client, f"/certificates/{quote(code, safe='')}/")
    assert unknown[0] == other[0] == 404
    assert unknown == other
    assert "courses/certificates/not_found.html" in unknown[1]
    assert 'data-certificate-status="not_found"' in unknown[2]
    unknown_json = client.get(verify_url(code_display(code_generate())) + "?format=json")
    other_json = client.get(f"/certificates/{quote(code, safe='')}.json")
    assert unknown_json.status_code == other_json.status_code == 404
    assert unknown_json.json() == other_json.json() == {"error": "not_found"}


def test_guessing_codes_is_throttled_per_client(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_LIMIT = 5
    for _ in range(5):
        assert client.get(verify_url(code_display(code_generate()))).status_code == 404
    refused = client.get(verify_url(certificate.display_code))
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.CERTIFICATE_VERIFY_WINDOW)
    assert "Lò Thị Bích" not in refused.content.decode()
    refused_json = client.get(verify_url(certificate.display_code) + "?format=json")
    assert refused_json.status_code == 429
    assert refused_json.json()["error"] == "rate_limited"
    other_client = client.get(verify_url(certificate.display_code), REMOTE_ADDR="10.0.0.7")
    assert other_client.status_code == 200


def test_the_owner_downloads_the_stored_pdf(client, certificate, monkeypatch):
    def never(**kwargs):
        raise AssertionError("downloading must not render again")

    monkeypatch.setattr("courses.certificates.rendering.certificate_pdf", never)
    client.force_login(certificate.learner)
    response = client.get(reverse("certificate_download", args=[certificate.display_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificate-{certificate.display_code}.pdf" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    certificate.pdf.open("rb")
    assert body == certificate.pdf.read()


@pytest.mark.parametrize(
    ("who", "status"),
    [("stranger", 404), ("staff without permission", 404), ("viewer", 200), ("superuser", 200)],
)
def test_only_the_owner_and_authorised_administrators_download(client, certificate, who, status):
    user = UserFactory(is_staff=who != "stranger", is_superuser=who == "superuser")
    if who == "viewer":
        user.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(user)
    response = client.get(reverse("certificate_download", args=[certificate.display_code]))
    assert response.status_code == status


def test_a_revoked_certificate_is_no_longer_offered_to_its_owner(client, certificate):
    certificate_revoke(certificate=certificate, reason="Gian lận", by=None)
    url = reverse("certificate_download", args=[certificate.display_code])
    client.force_login(certificate.learner)
    assert client.get(url).status_code == 404
    assert "Download" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(reverse("certificate_download", args=[certificate.display_code]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_pdf_not_made_yet_shows_a_waiting_page(client):
    pending = CertificateFactory()
    client.force_login(pending.learner)
    response = client.get(reverse("certificate_download", args=[pending.display_code]))
    assert response.status_code == 202
    assert pending.course_title in response.content.decode()


def test_the_dashboard_lists_the_learners_certificates_with_download_links(
    client, django_capture_on_commit_callbacks
):
    learner = UserFactory(full_name="Hoàng Văn Cường")
    course = course_with_modules(title="Sử dụng VNeID")
    with django_capture_on_commit_callbacks(execute=True):
        course_complete(learner=learner, course=course)
    someone_else = CertificateFactory(course__title="Khóa học của người khác")
    client.force_login(learner)

    page = client.get(reverse("dashboard")).content.decode()

    certificate = learner.certificates.get()
    assert reverse("certificate_download", args=[certificate.display_code]) in page
    assert "Sử dụng VNeID" in page
    assert someone_else.course_title not in page
