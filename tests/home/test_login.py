import pytest
from django.test import override_settings

from home.factories import DEFAULT_PASSWORD, UserFactory

LOGIN_URL = "/accounts/login/"
TOO_MANY_FAILURES = "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau."


@pytest.fixture
def learner(db):
    return UserFactory(email="nhung@example.vn")


def log_in(client, email, password, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password, **extra})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_learner_logs_in_with_email_and_password(client, learner):
    response = log_in(client, "nhung@example.vn", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_login_ignores_the_case_of_the_email(client, learner):
    log_in(client, "Nhung@Example.VN", DEFAULT_PASSWORD)

    assert is_logged_in(client)


@pytest.mark.django_db
def test_login_is_refused_after_five_failures_for_one_email_even_with_the_right_password(
    client, learner, vietnamese_catalogue
):
    for _attempt in range(5):
        assert log_in(client, learner.email, "wrong-password").status_code == 200

    response = log_in(client, learner.email, DEFAULT_PASSWORD)

    assert response.status_code == 200
    assert not is_logged_in(client)
    assert TOO_MANY_FAILURES in response.content.decode()


@pytest.mark.django_db
def test_four_failures_do_not_block_the_right_password(client, learner):
    for _attempt in range(4):
        log_in(client, learner.email, "wrong-password")

    log_in(client, learner.email, DEFAULT_PASSWORD)

    assert is_logged_in(client)


@pytest.mark.django_db
def test_failures_for_one_email_do_not_block_another_account(client, learner):
    other = UserFactory(email="bich@example.vn")
    for _attempt in range(5):
        log_in(client, learner.email, "wrong-password")

    log_in(client, other.email, DEFAULT_PASSWORD)

    assert is_logged_in(client)


@pytest.mark.django_db
def test_superuser_reaches_the_wagtail_admin_through_the_site_login(client):
    UserFactory(email="admin@example.vn", superuser=True)
    next_url = client.get("/admin/login/").url.split("next=", 1)[1]

    response = log_in(client, "admin@example.vn", DEFAULT_PASSWORD, next="/admin/")

    assert next_url == "%2Fadmin%2F"
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_login_with_an_unverified_email_is_held_when_verification_is_mandatory(client, learner):
    response = log_in(client, learner.email, DEFAULT_PASSWORD)

    assert not is_logged_in(client)
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
