"""The course catalog: page tree, filters, accent-blind search, pagination and course cards."""

import html
import re
from urllib.parse import parse_qs

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from courses import services
from courses.factories import (
    CoursePageFactory,
    ModulePageFactory,
    TopicFactory,
)
from courses.models import CourseIndexPage, CoursePage, ModulePage
from courses.selectors import CATALOG_PAGE_SIZE
from home.factories import UserFactory
from home.models import HomePage, LearnerGroup

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


# --- page tree -----------------------------------------------------------------------------


def test_catalog_lives_under_the_home_page_and_holds_only_courses():
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]


def test_courses_live_in_the_catalog_and_hold_only_modules():
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert ModulePage.allowed_subpage_models() == []


def test_modules_cannot_be_created_outside_a_course(catalog, course):
    assert ModulePage.can_create_at(course)
    assert not ModulePage.can_create_at(catalog)
    assert not CoursePage.can_create_at(course)
    assert CoursePage.can_create_at(catalog)


def test_site_has_a_single_catalog(catalog):
    assert not CourseIndexPage.can_create_at(catalog.get_parent())


def test_catalog_is_served_at_khoa_hoc(client, catalog):
    response = client.get("/khoa-hoc/")

    assert response.status_code == 200
    assert response.context["page"] == catalog


# --- drafts and private courses ------------------------------------------------------------


def test_draft_courses_are_not_listed(client, catalog, course):
    CoursePageFactory(parent=catalog, title="Bản nháp chưa xuất bản", live=False)

    response = client.get(catalog.url)

    assert titles(response) == [course.title]
    assert "Bản nháp" not in response.content.decode()


def test_draft_courses_are_not_found_by_search(client, catalog):
    CoursePageFactory(parent=catalog, title="Bản nháp chưa xuất bản", live=False)

    response = client.get(catalog.url, {"q": "ban nhap"})

    assert titles(response) == []


def test_unpublished_course_disappears_from_the_catalog(client, catalog, course):
    course.unpublish()

    assert titles(client.get(catalog.url)) == []


def test_courses_behind_a_view_restriction_are_not_listed(client, catalog, course):
    hidden = CoursePageFactory(parent=catalog, title="Khóa học nội bộ")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    assert titles(client.get(catalog.url)) == [course.title]


# --- filters -------------------------------------------------------------------------------


@pytest.fixture
def varied_courses(catalog):
    safety = TopicFactory(name="An toàn số", slug="an-toan-so")
    services_topic = TopicFactory(name="Dịch vụ công", slug="dich-vu-cong")
    return {
        "safety": CoursePageFactory(
            parent=catalog,
            title="An toàn thông tin cơ bản",
            topic=safety,
            level=CoursePage.Level.BEGINNER,
            for_officials=True,
            for_digital_team=True,
            for_citizens=True,
        ),
        "public_services": CoursePageFactory(
            parent=catalog,
            title="Dịch vụ công trực tuyến",
            topic=services_topic,
            level=CoursePage.Level.INTERMEDIATE,
            for_officials=True,
            for_digital_team=False,
            for_citizens=False,
        ),
        "team": CoursePageFactory(
            parent=catalog,
            title="Kỹ năng cho Tổ công nghệ số cộng đồng",
            topic=safety,
            level=CoursePage.Level.ADVANCED,
            for_officials=False,
            for_digital_team=True,
            for_citizens=False,
        ),
    }


def test_catalog_filters_by_topic(client, catalog, varied_courses):
    response = client.get(catalog.url, {"topic": "dich-vu-cong"})

    assert titles(response) == ["Dịch vụ công trực tuyến"]
    assert response.context["selected"]["topic"] == "dich-vu-cong"


def test_catalog_filters_by_level(client, catalog, varied_courses):
    response = client.get(catalog.url, {"level": "advanced"})

    assert titles(response) == ["Kỹ năng cho Tổ công nghệ số cộng đồng"]


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (LearnerGroup.OFFICIAL, ["An toàn thông tin cơ bản", "Dịch vụ công trực tuyến"]),
        (
            LearnerGroup.DIGITAL_TEAM,
            ["An toàn thông tin cơ bản", "Kỹ năng cho Tổ công nghệ số cộng đồng"],
        ),
        (LearnerGroup.CITIZEN, ["An toàn thông tin cơ bản"]),
    ],
)
def test_catalog_filters_by_learner_group(client, catalog, varied_courses, group, expected):
    assert titles(client.get(catalog.url, {"group": group})) == expected


def test_catalog_combines_filters(client, catalog, varied_courses):
    response = client.get(catalog.url, {"topic": "an-toan-so", "group": "official"})

    assert titles(response) == ["An toàn thông tin cơ bản"]


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "khong-ton-tai"},
        {"level": "expert"},
        {"group": "alien"},
        {"topic": "'; DROP TABLE courses_topic; --", "level": "", "group": "x" * 500},
        {"page": "abc"},
    ],
    ids=["topic", "level", "group", "garbage", "page"],
)
def test_catalog_ignores_unknown_filter_values(client, catalog, varied_courses, params):
    response = client.get(catalog.url, params)

    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert response.context["selected"] == {"topic": "", "level": "", "group": "", "q": ""}


def test_catalog_offers_only_topics_of_published_courses(client, catalog, varied_courses):
    draft_topic = TopicFactory(name="Chủ đề nháp", slug="chu-de-nhap")
    CoursePageFactory(parent=catalog, topic=draft_topic, live=False)
    TopicFactory(name="Chủ đề trống", slug="chu-de-trong")

    response = client.get(catalog.url, {"topic": "chu-de-nhap"})

    assert [topic.slug for topic in response.context["topics"]] == ["an-toan-so", "dich-vu-cong"]
    assert len(titles(response)) == 3, "a topic without published courses is not a filter"


# --- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "an toan thong tin",
        "An toàn thông tin",
        "AN TOÀN THÔNG TIN",
        "an toàn thong tin",
        "  an   toan  thong    tin ",
        "thông tin",
    ],
)
def test_search_ignores_diacritics_and_case(client, catalog, varied_courses, query):
    response = client.get(catalog.url, {"q": query})

    assert titles(response) == ["An toàn thông tin cơ bản"]


def test_search_finds_a_course_by_a_word_with_d_stroke(client, catalog, varied_courses):
    assert titles(client.get(catalog.url, {"q": "cong dong"})) == [
        "Kỹ năng cho Tổ công nghệ số cộng đồng"
    ]
    assert titles(client.get(catalog.url, {"q": "cộng đồng"})) == [
        "Kỹ năng cho Tổ công nghệ số cộng đồng"
    ]


def test_search_looks_in_the_summary(client, catalog):
    CoursePageFactory(
        parent=catalog,
        title="Chuyển đổi số",
        summary="Thanh toán không dùng tiền mặt bằng điện thoại.",
    )
    CoursePageFactory(parent=catalog, title="Khóa học khác", summary="Nội dung khác.")

    assert titles(client.get(catalog.url, {"q": "thanh toan khong dung tien mat"})) == [
        "Chuyển đổi số"
    ]


def test_search_without_a_match_shows_no_course(client, catalog, varied_courses):
    response = client.get(catalog.url, {"q": "trí tuệ nhân tạo"})

    assert titles(response) == []
    assert response.context["paginator"].count == 0


def test_search_keeps_the_query_in_the_form(client, catalog, varied_courses):
    response = client.get(catalog.url, {"q": "An toàn"})

    assert response.context["selected"]["q"] == "An toàn"
    assert 'value="An toàn"' in response.content.decode()


def test_search_combines_with_filters(client, catalog, varied_courses):
    response = client.get(catalog.url, {"q": "dich vu", "level": "beginner"})

    assert titles(response) == []


def test_search_finds_a_course_by_its_topic(client, catalog, varied_courses):
    assert "An toàn thông tin cơ bản" in titles(client.get(catalog.url, {"q": "an toan so"}))


# --- pagination ----------------------------------------------------------------------------


@pytest.fixture
def many_courses(catalog):
    return [
        CoursePageFactory(parent=catalog, title=f"Khóa học số {n:02d}")
        for n in range(CATALOG_PAGE_SIZE + 1)
    ]


def test_catalog_shows_twelve_courses_a_page(client, catalog, many_courses):
    first = client.get(catalog.url)
    second = client.get(catalog.url, {"page": 2})

    assert CATALOG_PAGE_SIZE == 12
    assert len(titles(first)) == 12
    assert titles(second) == ["Khóa học số 12"]
    assert first.context["paginator"].count == 13


def test_page_number_past_the_end_shows_the_last_page(client, catalog, many_courses):
    assert titles(client.get(catalog.url, {"page": 99})) == ["Khóa học số 12"]


def next_page_link(response) -> dict[str, list[str]]:
    match = re.search(r'<a href="\?([^"]*)" rel="next">', response.content.decode())
    assert match, "no link to the next page"
    return parse_qs(html.unescape(match.group(1)))


def test_pagination_links_keep_the_filters_and_the_search(client, catalog, many_courses):
    response = client.get(catalog.url, {"q": "khoa hoc so", "level": "beginner"})

    assert next_page_link(response) == {
        "q": ["khoa hoc so"],
        "level": ["beginner"],
        "page": ["2"],
    }


def test_pagination_links_encode_reserved_characters_of_the_search_text(client, catalog):
    response = client.get(catalog.url, {"q": "khóa học & số #1"})

    assert parse_qs(response.context["filter_query"]) == {"q": ["khóa học & số #1"]}


# --- cards ---------------------------------------------------------------------------------


def test_course_card_shows_duration_module_count_and_learner_count(client, catalog, thuc_phan):
    course = CoursePageFactory(parent=catalog, title="Kỹ năng số", duration_minutes=95)
    ModulePageFactory.create_batch(4, parent=course)
    ModulePageFactory(parent=course, live=False)
    learners = UserFactory.create_batch(3, commune=thuc_phan)
    for learner in learners:
        services.enrolment_create(learner=learner, course=course)
    services.enrolment_leave(learner=learners[0], course=course)

    response = client.get(catalog.url)

    [card] = response.context["courses"]
    assert (card.duration_minutes, card.module_count, card.learner_count) == (95, 4, 2)
    content = response.content.decode()
    with translation.override("vi"):
        assert translation.gettext("%(minutes)s minutes") % {"minutes": 95} in content
        for singular, plural, count in [
            ("%(counter)s module", "%(counter)s modules", 4),
            ("%(counter)s learner", "%(counter)s learners", 2),
        ]:
            assert translation.ngettext(singular, plural, count) % {"counter": count} in content


def test_course_card_of_a_course_without_modules_shows_zero(client, catalog, course):
    [card] = client.get(catalog.url).context["courses"]

    assert (card.module_count or 0, card.learner_count) == (0, 0)


def test_module_counts_are_per_course(client, catalog):
    first = CoursePageFactory(parent=catalog, title="A")
    second = CoursePageFactory(parent=catalog, title="B")
    ModulePageFactory.create_batch(2, parent=first)
    ModulePageFactory.create_batch(5, parent=second)

    cards = client.get(catalog.url).context["courses"]

    assert [(card.title, card.module_count) for card in cards] == [("A", 2), ("B", 5)]
