"""A learner signs in with the identity provider for the first time, in Chromium, against a real
OpenID Connect provider (tests/home/oidc/provider.mjs) on loopback."""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from home.models import Commune, User
from home.places import places_load
from tests.e2e.browser import elements_sticking_out, screenshot
from tests.home.oidc.server import PROVIDER_NAME, provider_running

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PAGE_TIMEOUT_MS = 30_000


@pytest.fixture
def provider_for_live_server(live_server, settings):
    with provider_running(site_url=live_server.url) as provider:
        settings.SOCIALACCOUNT_PROVIDERS = provider.app_settings()
        yield provider


def test_learner_signs_in_with_the_provider_chooses_a_commune_and_lands_on_my_courses(
    provider_for_live_server, page, network_log
):
    places_load()
    commune = Commune.objects.select_related("province").get(name="Phường Thục Phán")
    provider_origin = provider_for_live_server.issuer
    page.context.route(f"{provider_origin}/**", lambda route: route.continue_())

    page.goto("/khoa-hoc-cua-toi/", timeout=PAGE_TIMEOUT_MS)
    expect(page).to_have_url("/accounts/login/?next=/khoa-hoc-cua-toi/")
    screenshot(page, "oidc-sign-in-page-360")
    page.get_by_role("button", name=f"Đăng nhập bằng {PROVIDER_NAME}").click()

    # The provider's own pages: sign-in, then consent.
    page.wait_for_url(f"{provider_origin}/**", timeout=PAGE_TIMEOUT_MS)
    page.fill("input[name=login]", "an")
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/accounts/3rdparty/signup/", timeout=PAGE_TIMEOUT_MS)
    expect(page.locator("h1")).to_have_text("Hoàn tất hồ sơ")
    expect(page.locator("#id_full_name")).to_have_value("Nguyễn Thị An")
    expect(page.locator("#id_email")).to_have_value("an@example.vn")
    assert not User.objects.exists()
    page.select_option("#id_province", value=commune.province.code)
    expect(page.locator(f"#id_commune option[value='{commune.code}']")).to_have_count(1)
    page.select_option("#id_commune", value=commune.code)
    page.select_option("#id_learner_group", value="official")
    assert elements_sticking_out(page) == []
    screenshot(page, "oidc-first-sign-in-profile-360")
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/khoa-hoc-cua-toi/", timeout=PAGE_TIMEOUT_MS)
    expect(page.locator("h1")).to_have_text("Khóa học của tôi")
    user = User.objects.get()
    assert user.commune == commune
    assert SocialAccount.objects.get(user=user).uid == "an"
    assert [
        url for url in network_log.outside_live_server() if not url.startswith(provider_origin)
    ] == []
