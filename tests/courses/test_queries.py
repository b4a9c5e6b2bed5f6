"""Pages run a fixed number of queries whatever the number of modules, enrolments or courses.

Each test builds a small and a large case and compares the query counts of the same request.
A warm-up request fills Wagtail's site and session caches first, so both sides count the same
steady-state work.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.factories import CoursePageFactory, EnrolmentFactory, ModulePageFactory
from courses.models import Topic
from home.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db


def build_course(catalog, *, modules: int, learners: int):
    """A sequential course with live modules (added without revisions, which is quicker than
    the publishing factory and serves the same pages)."""
    course = CoursePageFactory(parent=catalog, sequential=True)
    pages = [course.add_child(instance=ModulePageFactory.build()) for _ in range(modules)]
    commune = CommuneFactory()
    for _ in range(learners):
        EnrolmentFactory(learner=UserFactory(commune=commune), course=course)
    return course, pages


def queries_of(client, url, *, warm_up: str | None = None) -> list[str]:
    client.get(warm_up or url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def assert_same_count(small: list[str], large: list[str]):
    assert len(small) == len(large), "\n".join(["small case:", *small, "", "large case:", *large])


def learner_halfway(course, modules):
    learner = UserFactory()
    services.enrolment_create(learner=learner, course=course)
    for module in modules[:2]:
        services.module_start(learner=learner, module=module)
        services.module_mark_done(learner=learner, course=course, module=module)
    return learner


@pytest.mark.parametrize("signed_in", [True, False], ids=["learner", "anonymous"])
def test_course_page_queries_do_not_grow_with_modules_or_enrolments(client, catalog, signed_in):
    counts = []
    for modules, learners in [(5, 2), (50, 20)]:
        course, pages = build_course(catalog, modules=modules, learners=learners)
        if signed_in:
            client.force_login(learner_halfway(course, pages))
        counts.append(queries_of(client, course.url))

    assert_same_count(*counts)


def test_module_page_queries_do_not_grow_with_modules_or_enrolments(client, catalog):
    counts = []
    for modules, learners in [(5, 2), (50, 20)]:
        course, pages = build_course(catalog, modules=modules, learners=learners)
        client.force_login(learner_halfway(course, pages))
        counts.append(queries_of(client, pages[2].url, warm_up=pages[1].url))

    assert_same_count(*counts)


def test_mark_as_done_queries_do_not_grow_with_modules(client, catalog):
    counts = []
    for modules in (5, 50):
        course, pages = build_course(catalog, modules=modules, learners=0)
        client.force_login(learner_halfway(course, pages))
        url = reverse("module_done", args=[course.pk, pages[2].pk])
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url)
        assert response.status_code == 302
        counts.append([query["sql"] for query in captured.captured_queries])

    assert_same_count(*counts)


def test_catalog_queries_do_not_grow_with_courses_modules_or_enrolments(client, catalog):
    counts = []
    for courses, modules, learners in [(2, 1, 1), (12, 4, 3)]:
        for _ in range(courses):
            build_course(catalog, modules=modules, learners=learners)
        counts.append(queries_of(client, catalog.url))

    assert_same_count(*counts)


def test_dashboard_queries_do_not_grow_with_enrolled_courses(client, catalog):
    learner = UserFactory()
    client.force_login(learner)
    counts = []
    for courses in (2, 8):
        for _ in range(courses):
            course, pages = build_course(catalog, modules=3, learners=1)
            services.enrolment_create(learner=learner, course=course)
            services.module_mark_done(learner=learner, course=course, module=pages[0])
        counts.append(queries_of(client, reverse("dashboard")))

    assert_same_count(*counts)


# The ceiling for any learner or anonymous page, warm caches included.
MAX_PAGE_QUERIES = 10


def test_learner_pages_stay_under_the_query_ceiling(client, catalog):
    course, pages = build_course(catalog, modules=6, learners=3)
    client.force_login(learner_halfway(course, pages))
    # Each page's own budget, at most the ceiling: the learner's row and their state in a
    # course come from the cache; the module page reads that state again because the warm-up
    # visit started the module (a write); the dashboard comes whole from the cache.
    budgets = {
        course.url: 0,
        pages[2].url: 3,
        reverse("dashboard"): 0,
        catalog.url: 5,
        "/": 0,
    }

    for url, budget in budgets.items():
        queries = queries_of(client, url)
        assert len(queries) <= min(budget, MAX_PAGE_QUERIES), (url, queries)


def test_anonymous_pages_come_from_the_cache_on_repeat_visits(client, catalog):
    course, _pages = build_course(catalog, modules=3, learners=2)

    for url in ("/", catalog.url, course.url, f"{catalog.url}?q=an+toan"):
        assert queries_of(client, url) == [], url


def test_opening_a_started_module_writes_nothing(client, catalog):
    course, pages = build_course(catalog, modules=3, learners=0)
    client.force_login(learner_halfway(course, pages))

    queries = queries_of(client, pages[2].url)  # the warm-up visit started it
    writes = [q for q in queries if not q.lstrip().upper().startswith("SELECT")]

    assert writes == []


def test_opening_a_module_for_the_first_time_records_it(client, catalog):
    course, pages = build_course(catalog, modules=3, learners=0)
    learner = learner_halfway(course, pages)
    client.force_login(learner)

    client.get(pages[2].url)

    assert learner.module_progress.filter(module=pages[2]).exists()


def test_a_started_module_page_reads_no_table_on_a_repeat_visit(client, catalog):
    """The learner's row (home.auth_backends), their enrolment and progress
    (courses.learner_state) come from the cache, like the route, the page and the outline."""
    course, pages = build_course(catalog, modules=5, learners=2)
    client.force_login(learner_halfway(course, pages))

    assert queries_of(client, pages[1].url) == []


def test_a_renamed_topic_shows_on_the_learners_course_page(client, catalog):
    course, pages = build_course(catalog, modules=2, learners=0)
    course.topic = topic = Topic.objects.create(name="An toàn số", slug="an-toan-so")
    course.save()
    client.force_login(learner_halfway(course, pages))
    assert "An toàn số" in client.get(course.url).content.decode()

    topic.name = "Chuyển đổi số trong cơ quan nhà nước"
    topic.save()

    assert "Chuyển đổi số trong cơ quan nhà nước" in client.get(course.url).content.decode()
