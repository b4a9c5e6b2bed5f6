"""Trainers find questions for a quiz by words and category, and import from a visible button."""

import re

import pytest
from django.urls import reverse

from quizzes.factories import QuestionCategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

CHOOSER_URL = "wagtailsnippetchoosers_quizzes_question:choose"
RESULTS_URL = "wagtailsnippetchoosers_quizzes_question:choose_results"


@pytest.fixture
def bank():
    passwords = QuestionCategoryFactory(name="Mật khẩu")
    scams = QuestionCategoryFactory(name="Lừa đảo")
    return {
        "strong": QuestionFactory(category=passwords, text="Mật khẩu mạnh có bao nhiêu ký tự?"),
        "otp": QuestionFactory(category=scams, text="Có nên đọc mã OTP cho người gọi điện?"),
        "link": QuestionFactory(category=scams, text="Tin nhắn có đường link lạ là gì?"),
    }


def chosen_texts(response) -> set[str]:
    html = (
        response.json()["html"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    return {text.strip() for text in re.findall(r">([^<>]+\?)\s*<", html)}


def test_question_chooser_offers_a_search_and_a_category_filter(trainer_client, bank):
    response = trainer_client.get(reverse(CHOOSER_URL))

    html = response.json()["html"]
    assert 'name="q"' in html
    assert re.search(r'<select name="category"[^>]*data-chooser-modal-search-filter', html)
    assert "Lừa đảo" in html and "All categories" in html


def test_question_chooser_searches_the_question_text(trainer_client, bank):
    response = trainer_client.get(reverse(RESULTS_URL), {"q": "OTP"})

    assert chosen_texts(response) == {bank["otp"].text}


def test_question_chooser_filters_by_category(trainer_client, bank):
    scams = bank["otp"].category

    response = trainer_client.get(reverse(RESULTS_URL), {"category": scams.pk})

    assert chosen_texts(response) == {bank["otp"].text, bank["link"].text}


def test_question_chooser_combines_search_and_category(trainer_client, bank):
    scams = bank["otp"].category

    response = trainer_client.get(reverse(RESULTS_URL), {"category": scams.pk, "q": "link"})

    assert chosen_texts(response) == {bank["link"].text}


def test_question_bank_shows_import_as_a_header_button(trainer_client):
    response = trainer_client.get(reverse("wagtailsnippets_quizzes_question:list"))

    html = response.content.decode()
    header = html[html.index('id="w-slim-header-buttons"') :].split("</nav>", 1)[0]
    import_url = reverse("wagtailsnippets_quizzes_question:import")
    assert f'href="{import_url}"' in header
    assert "Import questions from a file" in header
