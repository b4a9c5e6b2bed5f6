import pytest
from django.core import mail

from home.factories import UserFactory

RESET_URL = "/accounts/password/reset/"


@pytest.fixture
def learner(db):
    return UserFactory(email="nhung@example.vn")


@pytest.mark.django_db
def test_wagtail_password_reset_sends_to_the_site_reset_and_sends_no_email(client, learner):
    for _request in range(16):
        response = client.post("/admin/password_reset/", {"email": learner.email})

        assert response.status_code == 302
        assert response.url == RESET_URL
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/password_reset/done/",
        "/admin/password_reset/complete/",
        "/admin/password_reset/confirm/MQ/set-password/",
    ],
)
def test_wagtail_password_reset_steps_are_switched_off(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_reset_requests_for_one_address_send_at_most_five_emails(client, learner):
    for _request in range(16):
        client.post(RESET_URL, {"email": learner.email})

    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_wagtail_account_page_changes_neither_password_nor_email(client):
    staff = UserFactory(superuser=True, commune=None)
    client.force_login(staff)

    page = client.get("/admin/account/").content.decode()

    assert 'name="password-old_password"' not in page
    assert 'name="name_email-email"' not in page
