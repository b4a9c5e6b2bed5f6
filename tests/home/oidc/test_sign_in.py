"""Sign-in through an OpenID Connect provider, against a real one (provider.mjs) on loopback."""

import logging
import time
import unicodedata
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY

from home.factories import UserFactory
from home.models import LearnerGroup, User
from tests.home.oidc.server import CLIENT_ID, PROVIDER_ID, PROVIDER_NAME

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/3rdparty/signup/"
ERROR_TEXT = "Không đăng nhập được bằng nhà cung cấp định danh"


def profile_form(commune_code: str = "01273", **overrides) -> dict:
    return {
        "full_name": "Nguyễn Thị An",
        "email": "an@example.vn",
        "province": "04",
        "commune": commune_code,
        "learner_group": LearnerGroup.OFFICIAL,
        "work_unit": "UBND phường",
        **overrides,
    }


def signed_in_user(client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def nothing_created():
    return not User.objects.exists() and not SocialAccount.objects.exists()


def test_first_sign_in_asks_for_the_commune_before_creating_the_account(
    oidc_settings, cao_bang, client, sign_in_with_provider
):
    answer = sign_in_with_provider(login="an", next_url="/khoa-hoc-cua-toi/")

    assert answer.status_code == 302
    assert answer["Location"] == SIGNUP_URL
    assert nothing_created()
    form_page = client.get(SIGNUP_URL)
    assert form_page.status_code == 200
    assert 'name="commune"' in form_page.text
    assert form_page.context["form"].initial["email"] == "an@example.vn"

    done = client.post(SIGNUP_URL, profile_form())

    assert done.status_code == 302
    assert done["Location"] == "/khoa-hoc-cua-toi/"
    user = User.objects.get()
    assert signed_in_user(client) == user
    assert user.commune.code == "01273"
    assert user.learner_group == LearnerGroup.OFFICIAL
    identity = SocialAccount.objects.get(user=user)
    assert (identity.provider, identity.uid) == (PROVIDER_ID, "an")
    assert EmailAddress.objects.get(user=user).verified
    assert user.commune_changes.count() == 1


def test_the_name_from_the_claims_is_stored_composed(
    oidc_settings, cao_bang, client, sign_in_with_provider
):
    sign_in_with_provider(login="an")
    form_page = client.get(SIGNUP_URL)
    offered = form_page.context["form"].initial["full_name"]

    client.post(SIGNUP_URL, profile_form(full_name=offered))

    stored = User.objects.get().full_name
    assert stored == unicodedata.normalize("NFC", "Nguyễn Thị An")
    assert stored != unicodedata.normalize("NFD", stored)


def test_second_sign_in_goes_straight_in(
    oidc_settings, cao_bang, client, sign_in_with_provider, provider_browser
):
    sign_in_with_provider(login="an")
    client.post(SIGNUP_URL, profile_form())
    client.post("/accounts/logout/")
    assert signed_in_user(client) is None

    answer = sign_in_with_provider(login="an")

    assert answer.status_code == 302
    assert answer["Location"] == "/"
    assert signed_in_user(client) == User.objects.get()
    assert SocialAccount.objects.count() == 1
    assert provider_browser.sign_in_pages_shown == 1  # the provider's session was still open


def test_the_subject_is_the_key_not_the_email(
    oidc_settings, cao_bang, client, sign_in_with_provider
):
    """A learner whose account was made through the provider and who later changes the
    e-mail address on the site still signs in as the same account."""
    sign_in_with_provider(login="an")
    client.post(SIGNUP_URL, profile_form())
    User.objects.update(email="other@example.vn")
    EmailAddress.objects.update(email="other@example.vn")
    client.post("/accounts/logout/")

    sign_in_with_provider(login="an")

    assert signed_in_user(client).email == "other@example.vn"
    assert User.objects.count() == 1


def test_a_verified_email_of_an_existing_account_is_not_linked_without_proof(
    oidc_settings, cao_bang, client, sign_in_with_provider, provider_browser
):
    owner = UserFactory(email="an@example.vn", password="Mat-khau-2025!")

    sign_in_with_provider(login="an")
    refused = client.post(SIGNUP_URL, profile_form())

    assert refused.status_code == 200
    assert "email" in refused.context["form"].errors
    assert "Đã có tài khoản dùng địa chỉ e-mail này" in refused.text
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1

    # The owner proves the account with the password, then links the provider.
    client.post("/accounts/login/", {"login": "an@example.vn", "password": "Mat-khau-2025!"})
    assert signed_in_user(client) == owner
    started = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", {"process": "connect"})
    linked = client.get(provider_browser.sign_in(started["Location"], login="an"))

    assert linked.status_code == 302
    assert SocialAccount.objects.get().user == owner
    assert User.objects.count() == 1


def test_with_mandatory_verification_an_existing_email_gets_a_notice_not_a_link(
    oidc_settings, cao_bang, client, sign_in_with_provider, mailoutbox
):
    """Production answers a taken address as sign-up does (decision 010): the page says a mail
    was sent, the owner is told an account exists; no account, no link."""
    oidc_settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    UserFactory(email="an@example.vn")

    sign_in_with_provider(login="an")
    answer = client.post(SIGNUP_URL, profile_form())

    assert answer.status_code == 302
    assert signed_in_user(client) is None
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()
    assert [message.to for message in mailoutbox] == [["an@example.vn"]]


@pytest.mark.parametrize("login", ["dung", "chi"])
def test_without_a_verified_email_the_learner_types_one(
    oidc_settings, cao_bang, client, sign_in_with_provider, login
):
    """No e-mail (dung) or an unverified one (chi): the form asks for it, explains why, and
    offers the way back; nothing exists before it is sent."""
    sign_in_with_provider(login=login)

    page = client.get(SIGNUP_URL)

    assert page.context["form"].initial["email"] == ""
    assert "không cung cấp địa chỉ e-mail đã xác minh" in page.text
    assert 'href="/accounts/login/"' in page.text
    assert nothing_created()


def test_a_tampered_id_token_is_refused_and_nothing_is_created(
    oidc_settings, identity_provider, cao_bang, client, sign_in_with_provider
):
    identity_provider.set_mode(tamper_id_token=True)

    answer = sign_in_with_provider(login="an")

    assert answer.status_code == 401
    assert ERROR_TEXT in answer.text
    assert 'href="/accounts/login/"' in answer.text
    assert signed_in_user(client) is None
    assert nothing_created()


def test_a_provider_claiming_another_issuer_is_refused(
    oidc_settings, identity_provider, cao_bang, client, sign_in_with_provider, provider_browser
):
    started = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/")
    callback = provider_browser.sign_in(started["Location"], login="an")
    identity_provider.set_mode(wrong_issuer=True)

    answer = client.get(callback)

    assert answer.status_code == 401
    assert ERROR_TEXT in answer.text
    assert nothing_created()


def test_a_replayed_callback_is_refused(
    oidc_settings, cao_bang, client, sign_in_with_provider, provider_browser
):
    started = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/")
    callback = provider_browser.sign_in(started["Location"], login="an")
    assert client.get(callback)["Location"] == SIGNUP_URL

    replayed = client.get(callback)

    assert replayed.status_code == 401
    assert ERROR_TEXT in replayed.text


def test_a_cancelled_consent_says_so_and_leads_back(oidc_settings, client, sign_in_with_provider):
    answer = sign_in_with_provider(login="binh", consent=False)

    assert answer.status_code == 302
    page = client.get(answer["Location"])
    assert "Bạn đã hủy đăng nhập" in page.text
    assert 'href="/accounts/login/"' in page.text
    assert nothing_created()


def test_a_provider_that_is_down_gives_a_message_not_a_server_error(
    settings, identity_provider, client
):
    from tests.home.oidc.server import free_port

    settings.SOCIALACCOUNT_PROVIDERS = identity_provider.app_settings(
        issuer=f"http://127.0.0.1:{free_port()}"
    )

    answer = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/")

    assert answer.status_code == 401
    assert ERROR_TEXT in answer.text
    assert 'href="/accounts/login/"' in answer.text


def test_the_sign_in_page_without_providers_is_as_before(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    page = client.get("/accounts/login/")

    assert page.status_code == 200
    assert "data-identity-providers" not in page.text
    assert "/accounts/oidc/" not in page.text
    assert "<hr" not in page.text


def test_the_sign_in_page_offers_each_configured_provider(oidc_settings, client):
    page = client.get("/accounts/login/?next=/khoa-hoc-cua-toi/")

    assert f"Đăng nhập bằng {PROVIDER_NAME}" in page.text
    action = f"/accounts/oidc/{PROVIDER_ID}/login/?process=login&amp;next=%2Fkhoa-hoc-cua-toi%2F"
    assert f'<form method="post" action="{action}">' in page.text


def test_the_provider_is_sent_pkce_a_nonce_and_the_openid_scope(oidc_settings, client):
    started = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/")

    query = parse_qs(urlsplit(started["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"][0] and query["state"][0]
    assert "openid" in query["scope"][0].split()


def test_sign_out_ends_the_provider_session_too(
    oidc_settings, identity_provider, cao_bang, client, sign_in_with_provider, provider_browser
):
    sign_in_with_provider(login="an")
    client.post(SIGNUP_URL, profile_form())

    answer = client.post("/accounts/logout/")

    assert signed_in_user(client) is None
    target = urlsplit(answer["Location"])
    assert f"{target.scheme}://{target.netloc}" == identity_provider.issuer
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2
    # The provider ends its session and sends the learner back: the next sign-in asks again.
    assert provider_browser.sign_out(answer["Location"]) == "/"
    assert provider_browser.sign_in_pages_shown == 1
    sign_in_with_provider(login="an")
    assert provider_browser.sign_in_pages_shown == 2


def test_sign_out_after_a_password_sign_in_stays_on_the_site(oidc_settings, client):
    UserFactory(email="hoa@example.vn", password="Mat-khau-2025!")
    client.post("/accounts/login/", {"login": "hoa@example.vn", "password": "Mat-khau-2025!"})

    answer = client.post("/accounts/logout/")

    assert answer["Location"] == "/"


def test_staff_who_must_use_the_provider_cannot_use_the_password(
    oidc_settings, cao_bang, client, sign_in_with_provider, provider_browser, caplog
):
    oidc_settings.OIDC_STAFF_REQUIRED = True
    staff = UserFactory(email="binh@example.vn", password="Mat-khau-2025!", is_staff=True)
    client.post("/accounts/login/", {"login": "binh@example.vn", "password": "Mat-khau-2025!"})
    started = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", {"process": "connect"})
    client.get(provider_browser.sign_in(started["Location"], login="binh"))
    client.post("/accounts/logout/")

    with caplog.at_level(logging.INFO, logger="elearn.accounts"):
        refused = client.post(
            "/accounts/login/", {"login": "binh@example.vn", "password": "Mat-khau-2025!"}
        )
        assert signed_in_user(client) is None
        assert refused.status_code == 302
        sign_in_with_provider(login="binh")

    assert signed_in_user(client) == staff
    lines = [record.getMessage() for record in caplog.records]
    assert any(f"password-refused user={staff.pk} staff=True" in line for line in lines)
    assert any(
        f"provider user={staff.pk} staff=True provider={PROVIDER_ID}" in line for line in lines
    )


def test_staff_without_an_identity_sign_in_with_the_password_and_are_asked_to_link(
    oidc_settings, client
):
    oidc_settings.OIDC_STAFF_REQUIRED = True
    staff = UserFactory(email="chi@example.vn", password="Mat-khau-2025!", is_staff=True)

    answer = client.post(
        "/accounts/login/", {"login": "chi@example.vn", "password": "Mat-khau-2025!"}, follow=True
    )

    assert signed_in_user(client) == staff
    assert "hãy liên kết định danh của bạn" in answer.text


def test_provider_sign_ins_count_against_the_login_rate_limit(oidc_settings, client):
    oidc_settings.ACCOUNT_RATE_LIMITS = {**oidc_settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}

    answers = [client.post(f"/accounts/oidc/{PROVIDER_ID}/login/").status_code for _ in range(3)]

    assert answers == [302, 302, 429]


def test_an_expired_id_token_is_refused(
    oidc_settings, identity_provider, cao_bang, client, provider_browser
):
    identity_provider.set_mode(short_lived_id_token=True)
    started = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/")
    callback = provider_browser.sign_in(started["Location"], login="an")
    # The ID token lives one second; the site reads it two seconds after it was issued.
    original = requests.Session.request

    def late_request(session, method, url, *args, **kwargs):
        answer = original(session, method, url, *args, **kwargs)
        if url.endswith("/token"):
            time.sleep(2.1)
        return answer

    with mock.patch.object(requests.Session, "request", late_request):
        answer = client.get(callback)

    assert answer.status_code == 401
    assert ERROR_TEXT in answer.text
    assert nothing_created()


def test_an_id_token_issued_with_another_nonce_is_refused(
    oidc_settings, identity_provider, cao_bang, client, sign_in_with_provider
):
    identity_provider.set_mode(another_nonce=True)

    answer = sign_in_with_provider(login="an")

    assert answer.status_code == 401
    assert ERROR_TEXT in answer.text
    assert nothing_created()


def test_userinfo_naming_another_subject_is_refused(
    oidc_settings, identity_provider, cao_bang, client, sign_in_with_provider
):
    identity_provider.set_mode(userinfo_of_another_subject=True)

    answer = sign_in_with_provider(login="an")

    assert answer.status_code == 401
    assert nothing_created()


def test_the_first_sign_in_form_fills_the_communes_without_javascript(
    oidc_settings, cao_bang, client, sign_in_with_provider
):
    sign_in_with_provider(login="an")

    page = client.post(
        SIGNUP_URL, {**profile_form(commune_code=""), "show_communes": "1", "full_name": "An"}
    )

    assert page.status_code == 200
    assert not page.context["form"].errors
    offered = {code for code, _name in page.context["form"].fields["commune"].widget.choices}
    assert offered == {"", "01273", "01279", "01288"}
    assert page.context["form"]["full_name"].value() == "An"
    assert nothing_created()
