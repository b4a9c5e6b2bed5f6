"""Deleting courses in the Wagtail admin: a course learners enrolled in keeps its history.

Its enrolments and completions are the statistics; deleting it is refused (one page, the
catalog above it, or several pages at once) with an offer to unpublish it instead.
"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import Page

from courses.factories import CourseCompletionFactory, CoursePageFactory, EnrolmentFactory
from courses.models import CoursePage, Enrolment
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, db):
    client.force_login(UserFactory(superuser=True, email="admin@example.vn"))
    return client


@pytest.fixture
def course_with_history(course, learner):
    enrolment = EnrolmentFactory(learner=learner, course=course)
    CourseCompletionFactory(learner=learner, course=course, enrolment=enrolment)
    return course


def delete_url(page) -> str:
    return reverse("wagtailadmin_pages:delete", args=(page.pk,))


def bulk_delete_url(*pages) -> str:
    ids = "&".join(f"id={page.pk}" for page in pages)
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete")) + f"?{ids}"


def error_messages(response) -> list[str]:
    return [str(m.message) for m in response.context["messages"] if m.level_tag == "error"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_a_course_with_enrolments_is_refused_and_unpublishing_offered(
    admin_client_, course_with_history, method
):
    response = getattr(admin_client_, method)(delete_url(course_with_history), follow=True)

    assert CoursePage.objects.filter(pk=course_with_history.pk).exists()
    assert Enrolment.objects.filter(course=course_with_history).count() == 1
    (message,) = error_messages(response)
    assert course_with_history.title in message
    assert reverse("wagtailadmin_pages:unpublish", args=(course_with_history.pk,)) in message


def test_deleting_the_catalog_above_a_course_with_enrolments_is_refused(
    admin_client_, catalog, course_with_history
):
    response = admin_client_.post(delete_url(catalog), follow=True)

    assert Page.objects.filter(pk=catalog.pk).exists()
    assert course_with_history.title in error_messages(response)[0]


def test_bulk_deleting_courses_is_refused_when_one_has_enrolments(
    admin_client_, catalog, course_with_history
):
    empty_course = CoursePageFactory(parent=catalog)

    response = admin_client_.post(
        bulk_delete_url(empty_course, course_with_history), {"confirm": "1"}, follow=True
    )

    assert CoursePage.objects.filter(pk__in=[empty_course.pk, course_with_history.pk]).count() == 2
    assert course_with_history.title in error_messages(response)[0]


def test_a_course_without_enrolments_can_be_deleted(admin_client_, course):
    response = admin_client_.post(delete_url(course))

    assert response.status_code == 302
    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_a_course_without_enrolments_can_be_bulk_deleted(admin_client_, catalog, course):
    admin_client_.post(bulk_delete_url(course), follow=True)

    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_the_database_refuses_to_delete_a_course_with_enrolments(course_with_history):
    with pytest.raises(ProtectedError):
        course_with_history.delete()

    assert Enrolment.objects.filter(course=course_with_history).exists()
