import pytest
from django.test import override_settings
from wagtail.wagtail_hooks import require_wagtail_login

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


WAGTAIL_LOGIN_URLS = ["/_util/login/", "/admin/login/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", WAGTAIL_LOGIN_URLS)
def test_wagtail_login_never_checks_a_posted_password_and_sends_to_the_site_login(
    client, learner, url
):
    response = client.post(url, {"username": learner.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert not is_logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LOGIN_URL, *WAGTAIL_LOGIN_URLS])
def test_the_sixth_password_for_one_account_is_refused_on_every_login_path(client, learner, url):
    def post_password(password):
        # allauth's form names the e-mail "login", Wagtail's and Django's "username".
        return client.post(
            url, {"login": learner.email, "username": learner.email, "password": password}
        )

    for _attempt in range(5):
        post_password("wrong-password")

    post_password(DEFAULT_PASSWORD)

    assert not is_logged_in(client)


@pytest.mark.django_db
def test_wagtail_private_page_login_keeps_next_on_the_site_login(client):
    response = client.get("/_util/login/?next=/khoa-hoc/rieng/")

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next=%2Fkhoa-hoc%2Frieng%2F"


def test_wagtail_sends_visitors_of_login_restricted_pages_to_the_site_login():
    response = require_wagtail_login("/khoa-hoc/rieng/")

    assert response.url == f"{LOGIN_URL}?next=/khoa-hoc/rieng/"
