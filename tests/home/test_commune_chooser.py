"""Choosing a commune in the Wagtail admin with all 3,321 official communes loaded.

Every admin form that asks for a commune (user create and edit, completion targets, manager
scopes) sends only the chosen one and picks it with the commune chooser; the chooser and the
commune list read a page of communes with their provinces in a fixed number of queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.reports.factories import ManagerScopeFactory, TargetFactory
from home.factories import UserFactory
from home.models import Commune
from home.places import places_load

pytestmark = pytest.mark.django_db

# Wagtail's admin chrome (menu, user, site settings) reads a couple of dozen rows of its own.
MAX_QUERIES = 40
MAX_PAGE_BYTES = 150_000


@pytest.fixture
def places(db):
    places_load()
    return Commune.objects.select_related("province")


@pytest.fixture
def thuc_phan(places):
    return places.get(code="01273")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(superuser=True, commune=None, email="admin@example.vn"))
    return client


def get_counting_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


def admin_form_urls(thuc_phan) -> dict[str, str]:
    learner = UserFactory(commune=thuc_phan, email="hocvien@example.vn")
    target = TargetFactory(commune=thuc_phan, expected_completions=10)
    # In the loaded commune: a factory-made province could take a code the real ones hold.
    manager = UserFactory(email="xa@example.vn", commune=thuc_phan)
    scope = ManagerScopeFactory(user=manager, commune=thuc_phan)
    return {
        "user edit": reverse("wagtailusers_users:edit", args=[learner.pk]),
        "user create": reverse("wagtailusers_users:add"),
        "target edit": reverse("statistics_targets:edit", args=[target.pk]),
        "target create": reverse("statistics_targets:add"),
        "scope edit": reverse("manager_scopes:edit", args=[scope.pk]),
        "scope create": reverse("manager_scopes:add"),
    }


def test_admin_forms_that_ask_for_a_commune_stay_small_and_few_queries(admin_client, thuc_phan):
    for name, url in admin_form_urls(thuc_phan).items():
        response, queries = get_counting_queries(admin_client, url)
        html = response.content.decode()

        assert queries <= MAX_QUERIES, name
        assert len(response.content) < MAX_PAGE_BYTES, name
        assert html.count("<option") < 200, name
        assert reverse("commune_chooser:choose") in html, name


def test_user_edit_page_shows_the_learners_commune_with_its_province(admin_client, thuc_phan):
    learner = UserFactory(commune=thuc_phan)

    response = admin_client.get(reverse("wagtailusers_users:edit", args=[learner.pk]))

    assert "Phường Thục Phán, Tỉnh Cao Bằng" in response.content.decode()
    assert len(response.content) < MAX_PAGE_BYTES


@pytest.mark.parametrize(
    "url_name", ["communes:index", "statistics_targets:index", "manager_scopes:index"]
)
def test_lists_of_communes_targets_and_scopes_read_a_page_in_a_fixed_number_of_queries(
    admin_client, places, url_name
):
    for commune in places[:60]:
        TargetFactory(commune=commune, expected_completions=1)
        ManagerScopeFactory(user=UserFactory(commune=commune), commune=commune)

    _response, queries = get_counting_queries(admin_client, reverse(url_name))

    assert queries <= MAX_QUERIES


def test_chooser_finds_a_commune_typed_without_diacritics(admin_client, places):
    response, queries = get_counting_queries(
        admin_client, reverse("commune_chooser:choose_results"), q="thuc phan"
    )

    assert queries <= MAX_QUERIES
    assert "Phường Thục Phán, Tỉnh Cao Bằng" in response.content.decode()


def test_chooser_filters_by_province(admin_client, places):
    cao_bang = places.get(code="01273").province

    response, queries = get_counting_queries(
        admin_client, reverse("commune_chooser:choose_results"), province=cao_bang.pk
    )

    html = response.content.decode()
    assert queries <= MAX_QUERIES
    assert "Tỉnh Cao Bằng" in html
    assert "Thành phố Hà Nội" not in html


def test_chooser_modal_lists_a_page_of_communes(admin_client, places):
    response, queries = get_counting_queries(admin_client, reverse("commune_chooser:choose"))

    assert queries <= MAX_QUERIES
    assert response.json()["html"].count("data-chooser-modal-choice") == 20


def test_a_commune_chosen_in_the_chooser_is_saved_on_the_target(admin_client, thuc_phan):
    target = TargetFactory(commune=Commune.objects.get(code="04045"), expected_completions=5)

    response = admin_client.post(
        reverse("statistics_targets:edit", args=[target.pk]),
        {"commune": thuc_phan.pk, "course": "", "learner_group": "", "expected_completions": 7},
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.commune, target.expected_completions) == (thuc_phan, 7)
