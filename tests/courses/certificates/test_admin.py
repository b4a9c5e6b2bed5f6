import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from courses.certificates.factories import CertificateFactory
from courses.models import Certificate
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _certificate_files(settings, tmp_path):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def certificates():
    return [
        CertificateFactory(learner__full_name="Phạm Thị Thu Hà", course__title="An toàn mạng"),
        CertificateFactory(learner__full_name="Trần Văn Đức", course__title="Dịch vụ công"),
    ]


def refused(response) -> bool:
    """Wagtail answers a refused admin page by sending the user back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def admin_user_with(*codenames):
    group = Group.objects.create(name="Cán bộ cấp chứng nhận")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__in=codenames, content_type__app_label="courses"),
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


def test_administrators_list_and_search_certificates(admin_client, certificates):
    index = reverse("certificates:index")
    page = admin_client.get(index).content.decode()
    assert "Phạm Thị Thu Hà" in page and "Trần Văn Đức" in page

    page = admin_client.get(index, {"q": "Thu Hà"}).content.decode()
    assert "Phạm Thị Thu Hà" in page and "Trần Văn Đức" not in page

    typed_code = certificates[1].display_code.lower()
    page = admin_client.get(index, {"q": typed_code}).content.decode()
    assert "Trần Văn Đức" in page and "Phạm Thị Thu Hà" not in page


def test_nobody_adds_edits_or_deletes_a_certificate_by_hand(admin_client, certificates):
    pk = certificates[0].pk
    assert refused(admin_client.get(reverse("certificates:add")))
    assert refused(admin_client.get(reverse("certificates:edit", args=[pk])))
    assert refused(admin_client.get(reverse("certificates:delete", args=[pk])))
    assert refused(admin_client.post(reverse("certificates:delete", args=[pk])))
    assert Certificate.objects.filter(pk=pk).exists()
    inspect = admin_client.get(reverse("certificates:inspect", args=[pk]))
    assert inspect.status_code == 200
    page = inspect.content.decode()
    assert reverse("certificates:revoke", args=[pk]) in page
    assert reverse("certificates:reissue", args=[pk]) in page
    assert certificates[0].display_code in page


def test_revoking_in_the_admin_needs_a_reason(admin_client, certificates):
    certificate = certificates[0]
    url = reverse("certificates:revoke", args=[certificate.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"reason": ""}).status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    response = admin_client.post(url, {"reason": "Học viên nhờ người khác làm bài"})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "Học viên nhờ người khác làm bài"
    assert certificate.changed_by.is_superuser


def test_reissuing_after_a_name_correction(admin_client, certificates):
    certificate = certificates[0]
    certificate.learner.full_name = "Phạm Thị Thu Hà (Hằng)"
    certificate.learner.save()
    url = reverse("certificates:reissue", args=[certificate.pk])
    assert "Phạm Thị Thu Hà (Hằng)" in admin_client.get(url).content.decode()

    response = admin_client.post(url, {"confirm": "on"})

    new = Certificate.objects.get(status=Certificate.Status.VALID, learner=certificate.learner)
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:inspect", args=[new.pk])
    assert new.learner_name == "Phạm Thị Thu Hà (Hằng)"
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert certificate.replaced_by == new


def test_viewers_see_certificates_but_cannot_revoke(client, certificates):
    client.force_login(admin_user_with("view_certificate"))
    pk = certificates[0].pk
    assert client.get(reverse("certificates:index")).status_code == 200
    assert refused(client.get(reverse("certificates:revoke", args=[pk])))
    assert refused(client.post(reverse("certificates:revoke", args=[pk]), {"reason": "x"}))
    assert refused(client.get(reverse("certificates:reissue", args=[pk])))
    assert Certificate.objects.get(pk=pk).status == Certificate.Status.VALID


def test_change_permission_allows_revoking(client, certificates):
    client.force_login(admin_user_with("view_certificate", "change_certificate"))
    certificate = certificates[0]
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Sai"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_staff_without_certificate_permissions_see_nothing(client, certificates):
    client.force_login(admin_user_with())
    assert refused(client.get(reverse("certificates:index")))


def test_issuer_settings_are_edited_in_the_wagtail_settings(admin_client):
    from wagtail.models import Site

    from courses.models import CertificateSettings

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["courses", "certificatesettings", site.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "issuing_organisation": "Sở Thông tin và Truyền thông tỉnh Cao Bằng",
            "heading": "Giấy chứng nhận",
            "statement": "đã hoàn thành khóa học",
            "place": "Cao Bằng",
            "signer_name": "Nông Văn Hải",
            "signer_title": "Giám đốc",
        },
    )
    assert response.status_code == 302
    issuer = CertificateSettings.for_site(site)
    assert (issuer.signer_name, issuer.place) == ("Nông Văn Hải", "Cao Bằng")
