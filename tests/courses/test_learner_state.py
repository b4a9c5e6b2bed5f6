"""The learner's own rows come from the cache, and every write path retires them: the page
read after a write shows the new state (`courses.learner_state`).

Each test reads a page first (which fills the cache), writes through one path, and reads the
page again. The quiz, H5P and video paths are tested beside their own views
(tests/quizzes, tests/courses/videos).
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.certificates.factories import CertificateFactory
from courses.certificates.services import certificate_revoke
from courses.factories import CoursePageFactory, ModulePageFactory
from courses.learner_state import learner_course_state
from courses.models import CourseCompletion, ModuleProgress

pytestmark = pytest.mark.django_db


def standing(client, course):
    """The learner's progress as the course page shows it."""
    response = client.get(course.url)
    assert response.status_code == 200
    return response.context["progress"]


def completed(progress) -> list[bool]:
    return [row.state.completed for row in progress.rows]


@pytest.fixture
def enrolled_client(client, learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    return client


def test_a_second_view_reads_the_learner_rows_from_the_cache(enrolled_client, course):
    standing(enrolled_client, course)

    with CaptureQueriesContext(connection) as captured:
        standing(enrolled_client, course)

    tables = {q["sql"].split(" FROM ", 1)[1].split(" ", 1)[0].strip('"') for q in captured}
    assert not tables & {"courses_enrolment", "courses_moduleprogress", "courses_coursecompletion"}


def test_marking_a_module_done_shows_on_the_next_view(enrolled_client, course, modules):
    assert completed(standing(enrolled_client, course)) == [False, False, False]

    response = enrolled_client.post(reverse("module_done", args=[course.pk, modules[0].pk]))

    assert response.status_code == 302
    assert completed(standing(enrolled_client, course)) == [True, False, False]


def test_opening_a_module_shows_it_started_on_the_next_view(enrolled_client, course, modules):
    assert not standing(enrolled_client, course).rows[1].state.started

    enrolled_client.get(modules[1].url)

    assert standing(enrolled_client, course).rows[1].state.started


def test_a_passed_part_that_completes_the_module_shows_on_the_next_view(
    enrolled_client, learner, course, modules, graded_parts
):
    graded_parts[modules[0].pk] = ["quiz:1"]
    standing(enrolled_client, course)

    services.module_part_passed(learner=learner, module=modules[0], part="quiz:1", score=80)

    assert completed(standing(enrolled_client, course))[0]


def test_completing_the_course_shows_on_the_next_view(enrolled_client, learner, course, modules):
    for module in modules[:2]:
        services.module_mark_done(learner=learner, course=course, module=module)
    assert standing(enrolled_client, course).completion is None

    services.module_mark_done(learner=learner, course=course, module=modules[2])

    assert standing(enrolled_client, course).completion is not None


def test_enrolling_shows_on_the_next_view(client, learner, course, modules):
    client.force_login(learner)
    assert not standing(client, course).enrolled

    client.post(reverse("course_enrol", args=[course.pk]))

    assert standing(client, course).enrolled


def test_leaving_shows_on_the_next_view(enrolled_client, course):
    assert standing(enrolled_client, course).enrolled

    enrolled_client.post(reverse("course_leave", args=[course.pk]))

    assert not standing(enrolled_client, course).enrolled


def test_enrolling_again_after_leaving_shows_on_the_next_view(enrolled_client, learner, course):
    services.enrolment_leave(learner=learner, course=course)
    assert not standing(enrolled_client, course).enrolled

    services.enrolment_create(learner=learner, course=course)

    assert standing(enrolled_client, course).enrolled


def test_a_bulk_enrolment_shows_on_the_next_view(client, learner, course, modules):
    client.force_login(learner)
    assert not standing(client, course).enrolled

    services.enrolments_create_many(pairs=[(learner, course)])

    assert standing(client, course).enrolled


def test_deleting_progress_rows_shows_on_the_next_view(enrolled_client, learner, course, modules):
    services.module_mark_done(learner=learner, course=course, module=modules[0])
    services.module_mark_done(learner=learner, course=course, module=modules[1])
    assert completed(standing(enrolled_client, course)) == [True, True, False]

    ModuleProgress.objects.get(learner=learner, module=modules[0]).delete()  # as the admin does
    assert completed(standing(enrolled_client, course)) == [False, True, False]

    ModuleProgress.objects.filter(learner=learner).delete()  # a queryset: one signal per row
    assert completed(standing(enrolled_client, course)) == [False, False, False]


def test_deleting_a_completion_shows_on_the_next_view(enrolled_client, learner, course, modules):
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)
    assert standing(enrolled_client, course).completion is not None

    CourseCompletion.objects.filter(learner=learner, course=course).delete()

    assert standing(enrolled_client, course).completion is None


def test_a_deleted_learner_leaves_no_state_behind(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    services.module_mark_done(learner=learner, course=course, module=modules[0])
    ids = {"learner_id": learner.pk, "course_id": course.pk, "module_ids": [m.pk for m in modules]}
    assert learner_course_state(**ids).enrolment is not None

    learner.delete()

    state = learner_course_state(**ids)
    assert (state.enrolment, state.progress) == (None, ())


def test_a_module_published_later_counts_the_progress_read_before(
    enrolled_client, learner, course, modules
):
    """The state's key carries the content version: progress in a module that was not live
    when the state was cached is read again once the module is published."""
    modules[2].unpublish()
    services.module_start(learner=learner, module=modules[2])
    assert len(standing(enrolled_client, course).rows) == 2

    modules[2].save_revision().publish()

    assert standing(enrolled_client, course).rows[2].state.started


def test_a_write_inside_a_transaction_is_retired_again_when_it_commits(
    learner, course, modules, django_capture_on_commit_callbacks
):
    """A page read between the write and the commit caches the old rows: the commit retires
    them."""
    services.enrolment_create(learner=learner, course=course)
    ids = {"learner_id": learner.pk, "course_id": course.pk, "module_ids": [m.pk for m in modules]}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.module_mark_done(learner=learner, course=course, module=modules[0])
    stale = ModuleProgress.objects.filter(learner=learner).update(completed_at=None)
    learner_course_state(**ids)  # a reader caches what the database says now
    ModuleProgress.objects.filter(learner=learner).update(
        completed_at=modules[0].first_published_at
    )
    for callback in callbacks:
        callback()

    assert stale == 1
    assert learner_course_state(**ids).progress[0].completed_at is not None


def test_deleting_a_learner_reads_no_module_per_progress_row(learner, course, modules):
    services.enrolment_create(learner=learner, course=course)
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)

    with CaptureQueriesContext(connection) as captured:
        learner.delete()

    assert not [q for q in captured if 'FROM "courses_modulepage"' in q["sql"]]


# --- the dashboard: one cache entry per learner, retired by every write of theirs ------------


def dashboard(client) -> dict:
    """What the learner's dashboard shows: active courses with their percent, completed
    courses, and certificates with their state."""
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    context = response.context
    return {
        "active": [(e.course.title, e.progress.percent) for e in context["active"]],
        "completed": [e.course.title for e in context["completed"]],
        "certificates": [(c.code, c.is_valid, c.has_pdf) for c in context["certificates"]],
    }


def test_a_second_dashboard_view_reads_nothing_from_the_database(enrolled_client, learner, course):
    CertificateFactory(learner=learner, course=course)
    first = dashboard(enrolled_client)

    with CaptureQueriesContext(connection) as captured:
        second = dashboard(enrolled_client)

    assert second == first
    assert first["certificates"] and first["active"] == [] and first["completed"]
    assert captured.captured_queries == []


def test_marking_a_module_done_shows_on_the_dashboard(enrolled_client, course, modules):
    assert dashboard(enrolled_client)["active"] == [(course.title, 0)]

    enrolled_client.post(reverse("module_done", args=[course.pk, modules[0].pk]))

    assert dashboard(enrolled_client)["active"] == [(course.title, 33)]


def test_completing_the_course_moves_it_on_the_dashboard(enrolled_client, learner, course, modules):
    dashboard(enrolled_client)

    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)

    shown = dashboard(enrolled_client)
    assert (shown["active"], shown["completed"]) == ([], [course.title])


def test_enrolling_and_leaving_show_on_the_dashboard(client, learner, course, catalog):
    other = CoursePageFactory(parent=catalog, title="Chuyển đổi số")
    ModulePageFactory(parent=other)
    client.force_login(learner)
    assert dashboard(client)["active"] == []

    services.enrolments_create_many(pairs=[(learner, course), (learner, other)])
    assert sorted(title for title, _ in dashboard(client)["active"]) == sorted(
        [course.title, other.title]
    )

    services.enrolment_leave(learner=learner, course=other)
    assert dashboard(client)["active"] == [(course.title, 0)]


def test_a_course_unpublished_leaves_the_dashboard(enrolled_client, course):
    assert dashboard(enrolled_client)["active"] == [(course.title, 0)]

    course.unpublish()

    assert dashboard(enrolled_client)["active"] == []


def test_a_certificate_issued_revoked_or_given_its_pdf_shows_on_the_dashboard(
    enrolled_client, learner, course, admin_user
):
    assert dashboard(enrolled_client)["certificates"] == []

    certificate = CertificateFactory(learner=learner, course=course)
    assert dashboard(enrolled_client)["certificates"] == [(certificate.code, True, False)]

    certificate.pdf.save("chung-chi.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    assert dashboard(enrolled_client)["certificates"] == [(certificate.code, True, True)]

    certificate_revoke(certificate=certificate, reason="Cấp nhầm", by=admin_user)
    assert dashboard(enrolled_client)["certificates"] == [(certificate.code, False, True)]


def test_another_learners_write_keeps_the_dashboard_cached(
    enrolled_client, course, modules, other_learner
):
    dashboard(enrolled_client)
    services.enrolment_create(learner=other_learner, course=course)
    services.module_mark_done(learner=other_learner, course=course, module=modules[0])

    with CaptureQueriesContext(connection) as captured:
        dashboard(enrolled_client)

    assert captured.captured_queries == []


# --- the course page's shared fragments (`{% chrome %}` keyed by the learner's point) -------


def module_list(client, course) -> list[str]:
    """The course page's module list as the HTML says it: each item's class and link."""
    html = client.get(course.url).content.decode()
    items = re.findall(r'<li class="module-item([^"]*)">\s*(<a href|<span)', html)
    return [(state.strip() or "-") + (" link" if tag == "<a href" else "") for state, tag in items]


def test_learners_at_different_points_each_see_their_own_module_list(
    client, learner, other_learner, sequential_course, sequential_modules
):
    for who in (learner, other_learner):
        services.enrolment_create(learner=who, course=sequential_course)
    services.module_mark_done(
        learner=other_learner, course=sequential_course, module=sequential_modules[0]
    )
    other = Client()
    other.force_login(other_learner)
    client.force_login(learner)

    for _ in range(2):  # the second time from the shared cache
        assert module_list(client, sequential_course) == ["- link", "is-locked", "is-locked"]
        assert module_list(other, sequential_course) == ["is-done link", "- link", "is-locked"]

    services.module_mark_done(
        learner=learner, course=sequential_course, module=sequential_modules[0]
    )
    assert module_list(client, sequential_course) == ["is-done link", "- link", "is-locked"]
    services.enrolment_leave(learner=learner, course=sequential_course)
    assert module_list(client, sequential_course) == ["is-done", "-", "is-locked"]


def test_a_republished_course_shows_its_new_header_and_module_titles(
    enrolled_client, course, modules
):
    enrolled_client.get(course.url)
    course.title = "An toàn thông tin nâng cao"
    course.save_revision().publish()
    modules[0].title = "Mật khẩu mạnh"
    modules[0].save_revision().publish()

    html = enrolled_client.get(course.url).content.decode()

    assert "<h1>An toàn thông tin nâng cao</h1>" in html
    assert ">Mật khẩu mạnh</a>" in html


def test_a_preview_shows_the_draft_header_and_leaves_the_cached_one_alone(
    enrolled_client, course, modules
):
    enrolled_client.get(course.url)  # the live header, cached
    course.title = "Bản nháp chưa xuất bản"

    preview = course.make_preview_request().content.decode()
    live = enrolled_client.get(course.url).content.decode()

    assert "<h1>Bản nháp chưa xuất bản</h1>" in preview
    assert "Bản nháp chưa xuất bản" not in live
