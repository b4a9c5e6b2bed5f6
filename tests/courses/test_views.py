"""What a learner does in the browser: enrol, leave, read modules, mark them done, the dashboard.

Messages are checked in Vietnamese, the language every visitor gets unless they switch.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from courses import services
from courses.factories import CoursePageFactory, ModulePageFactory
from courses.models import CourseCompletion, CoursePrerequisite, Enrolment, ModuleProgress
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


def in_vietnamese(message: str) -> str:
    with translation.override("vi"):
        translated = translation.gettext(message)
    assert translated != message, f"no Vietnamese translation for {message!r}"
    return translated


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def enrol_url(course):
    return reverse("course_enrol", args=[course.pk])


def leave_url(course):
    return reverse("course_leave", args=[course.pk])


def done_url(course, module):
    return reverse("module_done", args=[course.pk, module.pk])


def completed_module_ids(learner):
    return set(
        ModuleProgress.objects.filter(learner=learner, completed_at__isnull=False).values_list(
            "module_id", flat=True
        )
    )


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def enrolled(learner, course, modules):
    return services.enrolment_create(learner=learner, course=course)


# --- enrolment -----------------------------------------------------------------------------


def test_enrol_url_is_mounted_under_learning(course):
    assert enrol_url(course) == f"/learning/courses/{course.pk}/enrol/"


def test_enrolling_creates_the_enrolment_and_returns_to_the_course(learner_client, learner, course):
    response = learner_client.post(enrol_url(course))

    assert response.status_code == 302
    assert response.url == course.url
    assert Enrolment.objects.get(learner=learner, course=course).is_active
    assert messages_of(response) == [
        in_vietnamese("You are enrolled. Good luck with your studies!")
    ]


def test_double_click_on_enrol_keeps_one_enrolment(learner_client, learner, course):
    learner_client.post(enrol_url(course))
    learner_client.post(enrol_url(course))

    assert Enrolment.objects.filter(learner=learner, course=course).count() == 1


def test_anonymous_visitor_is_sent_to_sign_in_instead_of_enrolling(client, course):
    response = client.post(enrol_url(course))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("name", ["course_enrol", "course_leave"])
def test_get_on_enrol_and_leave_is_refused_and_changes_nothing(
    learner_client, learner, course, enrolled, name
):
    response = learner_client.get(reverse(name, args=[course.pk]))

    assert response.status_code == 405
    assert Enrolment.objects.get(learner=learner, course=course).is_active


def test_get_on_enrol_is_refused_before_enrolling(learner_client, course):
    response = learner_client.get(enrol_url(course))

    assert response.status_code == 405
    assert not Enrolment.objects.exists()


def test_get_on_mark_as_done_is_refused_and_changes_nothing(
    learner_client, learner, course, modules, enrolled
):
    response = learner_client.get(done_url(course, modules[0]))

    assert response.status_code == 405
    assert completed_module_ids(learner) == set()


def test_enrolling_in_a_closed_course_shows_why_and_creates_nothing(learner_client, catalog):
    course = CoursePageFactory(
        parent=catalog, enrolment_closes_at=timezone.now() - timedelta(days=1)
    )

    response = learner_client.post(enrol_url(course))

    assert response.url == course.url
    assert messages_of(response) == [in_vietnamese("Enrolment in this course is closed.")]
    assert not Enrolment.objects.exists()


def test_enrolling_without_the_prerequisite_names_it_and_creates_nothing(
    learner_client, catalog, course
):
    advanced = CoursePageFactory(parent=catalog, title="Chuyển đổi số nâng cao")
    CoursePrerequisite.objects.create(course=advanced, required_course=course)

    response = learner_client.post(enrol_url(advanced))

    assert messages_of(response) == [
        in_vietnamese("Complete these courses first: %(courses)s.") % {"courses": course.title}
    ]
    assert not Enrolment.objects.exists()


def test_course_page_tells_a_learner_which_prerequisite_is_missing(learner_client, catalog, course):
    advanced = CoursePageFactory(parent=catalog)
    CoursePrerequisite.objects.create(course=advanced, required_course=course)

    response = learner_client.get(advanced.url)

    assert response.status_code == 200
    assert [p.pk for p in response.context["missing_prerequisites"]] == [course.pk]
    assert enrol_url(advanced) not in response.content.decode()


def test_course_page_tells_a_learner_without_a_commune_to_choose_one_first(client, course):
    client.force_login(UserFactory(commune=None))

    html = client.get(course.url).content.decode()

    assert in_vietnamese("Choose your commune in your profile before enrolling.") in html
    assert f'href="{reverse("profile")}"' in html
    assert enrol_url(course) not in html


def test_course_page_and_enrolment_give_the_same_reason_when_closed_and_a_prerequisite_is_left(
    learner_client, catalog, course
):
    advanced = CoursePageFactory(
        parent=catalog, enrolment_closes_at=timezone.now() - timedelta(days=1)
    )
    CoursePrerequisite.objects.create(course=advanced, required_course=course)
    closed = in_vietnamese("Enrolment in this course is closed.")

    page = learner_client.get(advanced.url)
    response = learner_client.post(enrol_url(advanced))

    assert closed in page.content.decode()
    assert enrol_url(advanced) not in page.content.decode()
    assert messages_of(response) == [closed]
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_draft_course_is_not_found(learner_client, catalog):
    draft = CoursePageFactory(parent=catalog, live=False)

    response = learner_client.post(enrol_url(draft))

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_leaving_keeps_progress_and_the_course_offers_to_enrol_again(
    learner_client, learner, course, modules, enrolled
):
    services.module_mark_done(learner=learner, course=course, module=modules[0])

    response = learner_client.post(leave_url(course))

    assert messages_of(response) == [
        in_vietnamese("You have left the course. Your progress is kept.")
    ]
    assert not Enrolment.objects.get(learner=learner).is_active
    assert completed_module_ids(learner) == {modules[0].pk}
    page = learner_client.get(course.url)
    assert in_vietnamese("Enrol again") in page.content.decode()


def test_re_enrolling_after_leaving_shows_the_earlier_progress(
    learner_client, learner, course, modules, enrolled
):
    services.module_mark_done(learner=learner, course=course, module=modules[0])
    learner_client.post(leave_url(course))

    learner_client.post(enrol_url(course))
    response = learner_client.get(course.url)

    progress = response.context["progress"]
    assert progress.enrolled
    assert progress.percent == 33
    assert progress.next_module.pk == modules[1].pk


# --- reading modules -----------------------------------------------------------------------


def test_enrolled_learner_reads_a_module_and_its_start_is_recorded(
    learner_client, learner, modules, enrolled
):
    response = learner_client.get(modules[0].url)

    assert response.status_code == 200
    progress = ModuleProgress.objects.get(learner=learner, module=modules[0])
    assert progress.started_at is not None
    assert progress.completed_at is None


def test_anonymous_visitor_opening_a_module_is_sent_to_the_course(client, course, modules):
    response = client.get(modules[0].url)

    assert response.status_code == 302
    assert response.url == course.url
    assert not ModuleProgress.objects.exists()


def test_learner_not_enrolled_opening_a_module_is_sent_to_the_course_with_a_message(
    learner_client, course, modules
):
    response = learner_client.get(modules[0].url)

    assert response.url == course.url
    assert messages_of(response) == [in_vietnamese("Enrol in the course to read its modules.")]
    assert not ModuleProgress.objects.exists()


def test_locked_module_opened_by_url_redirects_to_the_course_with_a_message(
    learner_client, learner, sequential_course, sequential_modules
):
    services.enrolment_create(learner=learner, course=sequential_course)

    response = learner_client.get(sequential_modules[2].url)

    assert response.status_code == 302
    assert response.url == sequential_course.url
    assert messages_of(response) == [in_vietnamese("Complete the previous modules first.")]
    assert not ModuleProgress.objects.filter(module=sequential_modules[2]).exists()


def test_module_of_a_draft_course_is_not_found(learner_client, learner, catalog):
    course = CoursePageFactory(parent=catalog)
    module = ModulePageFactory(parent=course)
    services.enrolment_create(learner=learner, course=course)
    url = module.url
    course.unpublish()

    response = learner_client.get(url)

    assert response.status_code == 404


def test_draft_module_is_not_found(learner_client, course, enrolled):
    draft = ModulePageFactory(parent=course, live=False)

    response = learner_client.get(f"{course.url}{draft.slug}/")

    assert response.status_code == 404


def test_draft_course_page_is_not_found(learner_client, catalog):
    draft = CoursePageFactory(parent=catalog, live=False)

    response = learner_client.get(f"{catalog.url}{draft.slug}/")

    assert response.status_code == 404


# --- mark as done --------------------------------------------------------------------------


def test_mark_as_done_completes_the_module_and_moves_to_the_next(
    learner_client, learner, course, modules, enrolled
):
    response = learner_client.post(
        done_url(course, modules[0]), {"next_module": str(modules[1].pk)}
    )

    assert response.status_code == 302
    assert response.url == modules[1].url
    assert completed_module_ids(learner) == {modules[0].pk}
    assert messages_of(response) == [in_vietnamese("Module completed.")]


def test_mark_as_done_twice_keeps_the_first_completion_time(
    learner_client, learner, course, modules, enrolled
):
    learner_client.post(done_url(course, modules[0]))
    first = ModuleProgress.objects.get(learner=learner, module=modules[0]).completed_at

    learner_client.post(done_url(course, modules[0]))

    progress = ModuleProgress.objects.get(learner=learner, module=modules[0])
    assert progress.completed_at == first


def test_mark_as_done_never_redirects_to_a_module_outside_the_course(
    learner_client, catalog, course, modules, enrolled
):
    elsewhere = ModulePageFactory(parent=CoursePageFactory(parent=catalog))

    response = learner_client.post(done_url(course, modules[0]), {"next_module": elsewhere.pk})

    assert response.url == course.url


def test_mark_as_done_with_a_module_of_another_course_is_not_found(
    learner_client, learner, catalog, course, modules, enrolled
):
    other = CoursePageFactory(parent=catalog)
    foreign = ModulePageFactory(parent=other)
    services.enrolment_create(learner=learner, course=other)

    response = learner_client.post(done_url(course, foreign))

    assert response.status_code == 404
    assert completed_module_ids(learner) == set()


def test_mark_as_done_in_a_course_one_is_not_enrolled_in_is_refused(
    learner_client, learner, course, modules
):
    response = learner_client.post(done_url(course, modules[0]))

    assert response.url == course.url
    assert messages_of(response) == [in_vietnamese("Enrol in the course first.")]
    assert not ModuleProgress.objects.exists()


def test_mark_as_done_on_a_locked_module_is_refused(
    learner_client, learner, sequential_course, sequential_modules
):
    services.enrolment_create(learner=learner, course=sequential_course)

    response = learner_client.post(done_url(sequential_course, sequential_modules[1]))

    assert response.url == sequential_course.url
    assert messages_of(response) == [in_vietnamese("Complete the previous modules first.")]
    assert completed_module_ids(learner) == set()


def test_anonymous_mark_as_done_is_sent_to_sign_in(client, course, modules):
    response = client.post(done_url(course, modules[0]))

    assert response.url.startswith(reverse("account_login"))
    assert not ModuleProgress.objects.exists()


def test_module_with_required_activities_offers_no_mark_as_done_button(
    learner_client, modules, enrolled, graded_parts
):
    graded_parts[modules[0].pk] = ["quiz:1"]

    response = learner_client.get(modules[0].url)

    assert response.context["has_required_parts"] is True
    assert in_vietnamese("Mark as done") not in response.content.decode()


def test_finishing_the_last_module_completes_the_course(
    learner_client, learner, course, modules, enrolled
):
    for module in modules:
        learner_client.post(done_url(course, module))

    assert CourseCompletion.objects.filter(learner=learner, course=course).count() == 1
    page = learner_client.get(course.url)
    assert page.context["progress"].completion is not None
    assert page.context["progress"].percent == 100


# --- continue where you left off -----------------------------------------------------------


def test_course_page_continues_at_the_first_incomplete_module(
    learner_client, learner, course, modules, enrolled
):
    services.module_mark_done(learner=learner, course=course, module=modules[0])

    response = learner_client.get(course.url)

    assert response.context["progress"].next_module.pk == modules[1].pk
    content = response.content.decode()
    assert in_vietnamese("Continue where you left off") in content
    assert f'href="{modules[1].url}"' in content


def test_course_page_shows_locked_modules_without_links(
    learner_client, learner, sequential_course, sequential_modules
):
    services.enrolment_create(learner=learner, course=sequential_course)

    response = learner_client.get(sequential_course.url)

    content = response.content.decode()
    assert f'href="{sequential_modules[0].url}"' in content
    assert f'href="{sequential_modules[2].url}"' not in content
    assert [row.state.locked for row in response.context["progress"].rows] == [
        False,
        True,
        True,
    ]


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_is_at_khoa_hoc_cua_toi():
    assert reverse("dashboard") == "/khoa-hoc-cua-toi/"


def test_dashboard_lists_active_courses_with_progress_and_next_module(
    learner_client, learner, course, modules, enrolled
):
    services.module_mark_done(learner=learner, course=course, module=modules[0])

    response = learner_client.get(reverse("dashboard"))

    [entry] = response.context["active"]
    assert entry.course.pk == course.pk
    assert entry.progress.percent == 33
    assert entry.progress.next_module.pk == modules[1].pk
    assert response.context["completed"] == []
    assert f'href="{modules[1].url}"' in response.content.decode()


def test_dashboard_lists_completed_courses_apart_from_active_ones(
    learner_client, learner, catalog, course, modules, enrolled
):
    other = CoursePageFactory(parent=catalog)
    ModulePageFactory(parent=other)
    services.enrolment_create(learner=learner, course=other)
    for module in modules:
        services.module_mark_done(learner=learner, course=course, module=module)

    response = learner_client.get(reverse("dashboard"))

    assert [entry.course.pk for entry in response.context["completed"]] == [course.pk]
    assert [entry.course.pk for entry in response.context["active"]] == [other.pk]


def test_dashboard_leaves_out_courses_the_learner_left_and_draft_courses(
    learner_client, learner, catalog, course, enrolled
):
    draft = CoursePageFactory(parent=catalog)
    services.enrolment_create(learner=learner, course=draft)
    draft.unpublish()
    services.enrolment_leave(learner=learner, course=course)

    response = learner_client.get(reverse("dashboard"))

    assert response.context["active"] == []
    assert response.context["completed"] == []


def test_dashboard_shows_only_the_signed_in_learners_courses(
    client, learner, other_learner, course, enrolled
):
    client.force_login(other_learner)

    response = client.get(reverse("dashboard"))

    assert response.context["active"] == []
