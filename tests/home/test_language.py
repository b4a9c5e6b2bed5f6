import pytest
from django.conf import settings
from django.http import HttpResponse
from django.utils import translation

from home.middleware import SiteLanguageMiddleware

SIGNUP_URL = "/accounts/signup/"


def html_lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_site_is_vietnamese_by_default(client):
    response = client.get(SIGNUP_URL)

    assert html_lang(response) == "vi"
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["en", "en-US,en;q=0.9", "fr-FR,fr;q=0.8,en;q=0.5"])
def test_browser_accept_language_is_ignored(client, accept_language):
    response = client.get(SIGNUP_URL, headers={"accept-language": accept_language})

    assert html_lang(response) == "vi"
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_language_switcher_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": SIGNUP_URL})

    assert response.status_code == 302
    assert response.url == SIGNUP_URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert settings.LANGUAGE_COOKIE_NAME == "elearn_language"


@pytest.mark.django_db
def test_english_chosen_with_the_switcher_is_used_on_later_pages(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get(SIGNUP_URL, headers={"accept-language": "vi"})

    assert html_lang(response) == "en"
    assert "Full name" in response.content.decode()


@pytest.mark.django_db
def test_switching_back_to_vietnamese(client, vietnamese_catalogue):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})

    response = client.get(SIGNUP_URL)

    assert html_lang(response) == "vi"
    assert "Họ và tên" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(SIGNUP_URL)

    assert html_lang(response) == "vi"


def test_middleware_activates_the_cookie_language_for_the_view(rf):
    seen = []

    def view(request):
        seen.append(translation.get_language())
        return HttpResponse()

    request = rf.get("/", headers={"accept-language": "vi"})
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = SiteLanguageMiddleware(view)(request)

    assert seen == ["en"]
    assert request.LANGUAGE_CODE == "en"
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_language_links_switch_and_return_to_the_page(client):
    response = client.get("/ngon-ngu/en/", {"next": SIGNUP_URL})

    assert response.status_code == 302
    assert response.url == SIGNUP_URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert html_lang(client.get(SIGNUP_URL)) == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_language_links_never_send_visitors_to_another_site(client, next_url):
    response = client.get("/ngon-ngu/en/", {"next": next_url})

    assert response.url == "/"


@pytest.mark.django_db
def test_an_unknown_language_link_is_not_found(client):
    assert client.get("/ngon-ngu/fr/").status_code == 404


@pytest.mark.django_db
def test_pages_switch_language_with_links_not_a_form(client):
    html = client.get(SIGNUP_URL).content.decode()

    assert 'href="/ngon-ngu/en/?next=/accounts/signup/"' in html
    assert "/i18n/setlang/" not in html
