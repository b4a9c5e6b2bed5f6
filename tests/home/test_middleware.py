"""Control characters in parameters, form fields and cookies never reach the database.

PostgreSQL refuses NUL in a text value: before `ControlCharacterMiddleware` a `%00` in a search
or a cookie was a server error there. Run these tests on PostgreSQL too (DATABASE_URL).
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from home.factories import UserFactory
from home.middleware import ControlCharacterMiddleware
from home.text import control_characters_replace

NUL = "\x00"


def through_middleware(request):
    seen = {}

    def view(request):
        seen["request"] = request
        return HttpResponse()

    ControlCharacterMiddleware(view)(request)
    return seen["request"]


def test_control_characters_but_tabs_and_line_breaks_are_replaced():
    assert control_characters_replace("a\x00b\x1bc\x7fd\te\nf\r", "?") == "a?b?c?d\te\nf\r"


def test_query_form_and_cookie_values_reach_views_without_control_characters():
    request = RequestFactory().post(
        "/khoa-hoc/?q=an%00toan&topic=%01",
        {"full_name": "Lò\x00 Thị Bích", "note": "dòng 1\r\ndòng 2\tcột"},
    )
    request.COOKIES["sessionid"] = "abc\x00def"

    request = through_middleware(request)

    assert request.GET["q"] == "an\ufffdtoan"
    assert request.GET["topic"] == "\ufffd"
    assert request.POST["full_name"] == "Lò\ufffd Thị Bích"
    assert request.POST["note"] == "dòng 1\r\ndòng 2\tcột"
    assert request.COOKIES["sessionid"] == "abc\ufffddef"
    assert not request.GET._mutable
    assert not request.POST._mutable


def test_a_view_that_reads_the_raw_body_still_can():
    body = b'{"verb": "answered\\u0000"}'
    request = RequestFactory().post("/xapi/", body, content_type="multipart/form-data; boundary=x")

    request = through_middleware(request)

    assert request.body == body


@pytest.mark.django_db
def test_catalog_search_for_a_nul_finds_nothing_instead_of_failing(client, catalog, course):
    response = client.get(catalog.url, {"q": NUL})

    assert response.status_code == 200
    assert list(response.context["courses"]) == []


@pytest.mark.django_db
def test_a_session_cookie_with_a_nul_is_a_visitor_without_a_session(client, catalog):
    client.cookies["sessionid"] = "abcdefgh" + NUL + "ijklmnop"

    assert client.get(catalog.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "params", "status"),
    [
        ("statistics_dashboard", {"course": NUL, "group": NUL, "start": NUL}, 200),
        ("statistics_dashboard", {"province": NUL}, 404),  # as any unknown province
        ("statistics_dashboard", {"commune": NUL}, 404),
        ("statistics_targets:index", {"q": NUL, "commune": NUL}, 200),
        ("manager_scopes:index", {"q": NUL}, 200),
        ("certificates:index", {"q": NUL}, 200),
        ("wagtailusers_users:index", {"q": NUL}, 200),
        ("provinces:index", {"q": NUL}, 200),
        ("communes:index", {"q": NUL}, 200),
        ("wagtailsnippets_quizzes_question:list", {"q": NUL}, 200),
        ("wagtailsnippets_quizzes_quiz:list", {"q": NUL}, 200),
        ("wagtailsnippets_quizzes_questioncategory:list", {"q": NUL}, 200),
        ("wagtailsnippets_quizzes_h5pactivity:list", {"q": NUL}, 200),
        ("course_progress_index", {"q": NUL, "course": NUL}, 200),
        ("enrolment_import", {"q": NUL}, 200),
        ("wagtailadmin_pages:search", {"q": NUL}, 200),
        ("commune_options", {"province": NUL}, 200),
    ],
)
def test_our_searches_and_filters_answer_a_nul_like_any_unknown_value(client, name, params, status):
    client.force_login(UserFactory(superuser=True, commune=None))

    response = client.get(reverse(name), params)

    assert response.status_code == status


@pytest.mark.django_db
def test_a_form_field_with_a_nul_is_an_answer_not_a_server_error(client, thuc_phan_learner):
    client.force_login(thuc_phan_learner)

    response = client.post(
        reverse("profile"), {"full_name": "Lò Thị" + NUL, "province": NUL, "commune": NUL}
    )

    assert response.status_code == 200  # the form again, with its errors


@pytest.fixture
def catalog(db):
    from courses.factories import CourseIndexPageFactory

    return CourseIndexPageFactory()


@pytest.fixture
def course(catalog):
    from courses.factories import CoursePageFactory

    return CoursePageFactory(parent=catalog, title="An toàn thông tin cơ bản")


@pytest.fixture
def thuc_phan_learner(cao_bang):
    return UserFactory(commune=cao_bang.communes.first())


def test_querydict_cleaning_keeps_every_value_of_a_repeated_key():
    request = RequestFactory().get("/?g=a%00&g=b")
    request = through_middleware(request)

    assert request.GET.getlist("g") == ["a\ufffd", "b"]
