import pytest

from tests.home.oidc.server import PROVIDER_ID, ProviderBrowser, provider_running

SITE_URL = "http://testserver"


@pytest.fixture(scope="session")
def identity_provider():
    """The test identity provider for the Django test client's site, for the whole session."""
    with provider_running(site_url=SITE_URL) as provider:
        yield provider


@pytest.fixture
def oidc_settings(settings, identity_provider):
    """The site registered with the test provider (as OIDC_PROVIDERS would set it)."""
    identity_provider.set_mode()
    settings.SOCIALACCOUNT_PROVIDERS = identity_provider.app_settings()
    yield settings
    identity_provider.set_mode()


@pytest.fixture
def provider_browser():
    return ProviderBrowser(site_url=SITE_URL)


@pytest.fixture
def sign_in_with_provider(client, provider_browser):
    """`sign_in_with_provider(login=..)`: press "Đăng nhập bằng …", sign in on the provider's
    pages, and return the site's answer to the callback."""

    def sign_in(*, login: str = "an", consent: bool = True, next_url: str = ""):
        url = f"/accounts/oidc/{PROVIDER_ID}/login/" + (f"?next={next_url}" if next_url else "")
        started = client.post(url)
        assert started.status_code == 302, started.content[:500]
        callback = provider_browser.sign_in(started["Location"], login=login, consent=consent)
        return client.get(callback)

    return sign_in
