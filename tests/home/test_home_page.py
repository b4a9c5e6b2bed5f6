import re

import pytest

from home.factories import CommuneFactory, UserFactory
from home.selectors import site_counters


def counter_values(response) -> list[str]:
    return re.findall(r'<span class="counter-value">([^<]*)</span>', response.content.decode())


@pytest.mark.django_db
def test_home_page_is_served_at_the_site_root(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["page"].specific_class.__name__ == "HomePage"


@pytest.mark.django_db
def test_home_page_shows_live_learner_and_commune_counters(client, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    settings.SITE_FIGURES_CACHE_SECONDS = 0
    first, second = CommuneFactory(), CommuneFactory()
    UserFactory.create_batch(2, commune=first)
    UserFactory(commune=second)

    before = counter_values(client.get("/"))
    UserFactory(commune=CommuneFactory())
    after = counter_values(client.get("/"))

    assert before == ["3", "2"]
    assert after == ["4", "3"]


@pytest.mark.django_db
def test_site_counters_leave_out_inactive_accounts_and_accounts_without_commune():
    commune = CommuneFactory()
    UserFactory(commune=commune)
    UserFactory(commune=commune, is_active=False)
    UserFactory(commune=None, is_staff=True)

    assert site_counters() == {"learners": 1, "communes": 1}


@pytest.mark.django_db
def test_home_page_invites_visitors_to_sign_up(client):
    response = client.get("/")

    assert 'href="/accounts/signup/"' in response.content.decode()


@pytest.mark.django_db
def test_home_page_title_names_the_platform_once(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert re.search(r"<title>\s*Bình dân học vụ số\s*</title>", html)


@pytest.mark.django_db
def test_pages_declare_an_inline_favicon_so_browsers_make_no_extra_request(client):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="data:,">' in html


@pytest.mark.django_db
def test_site_counters_are_counted_once_per_period_not_per_view(django_assert_num_queries):
    UserFactory()
    site_counters()

    with django_assert_num_queries(0):
        assert site_counters()["learners"] == 1
