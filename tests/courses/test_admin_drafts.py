"""Drafts that Wagtail 8's autosave leaves behind: a trainer who starts a page again is told on
the title which page holds its address, and the statistics filters do not offer such drafts as
courses."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses import services
from courses.factories import CoursePageFactory, EnrolmentFactory, ModulePageFactory
from courses.models import CoursePage, ModulePage
from courses.reports.forms import ReportFilterForm
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client, catalog):
    services.catalog_grant_trainers(catalog=catalog)
    user = UserFactory(email="trainer@example.vn")
    user.groups.add(Group.objects.get(name=services.TRAINERS_GROUP))
    client.force_login(user)
    return client


def course_form(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Những kỹ năng số cơ bản.",
            "level": CoursePage.Level.BEGINNER,
            "duration_minutes": "60",
            "for_officials": "on",
            "issues_certificate": "on",
            "h5p_counts_toward_certificate": "on",
            "prerequisites": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def module_form(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "estimated_minutes": "20",
            "is_required": "on",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "comments": inline_formset([]),
        }
    )


def title_error(response):
    (error,) = response.context["form"].errors.as_data()["title"]
    return error.code, " ".join(error.messages)


def add_url(model: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("courses", model, parent.pk))


def test_starting_a_course_again_names_the_autosaved_draft_on_the_title(trainer_client, catalog):
    CoursePageFactory(parent=catalog, title="Kỹ năng số", slug="ky-nang-so", live=False)

    response = trainer_client.post(
        add_url("coursepage", catalog), course_form("Kỹ năng số", "ky-nang-so")
    )

    assert response.status_code == 200
    code, error = title_error(response)
    assert code == "slug_in_use_by_draft"
    assert "“Kỹ năng số”" in error
    assert "ky-nang-so" in error
    assert CoursePage.objects.filter(slug="ky-nang-so").count() == 1


def test_starting_a_module_again_names_the_autosaved_draft_on_the_title(trainer_client, course):
    ModulePageFactory(parent=course, title="Mật khẩu mạnh", slug="mat-khau-manh", live=False)

    response = trainer_client.post(
        add_url("modulepage", course), module_form("Mật khẩu mạnh", "mat-khau-manh")
    )

    assert response.status_code == 200
    code, error = title_error(response)
    assert code == "slug_in_use_by_draft"
    assert "“Mật khẩu mạnh”" in error
    assert ModulePage.objects.filter(slug="mat-khau-manh").count() == 1


def test_a_slug_held_by_a_published_course_is_named_on_the_title(trainer_client, catalog, course):
    response = trainer_client.post(
        add_url("coursepage", catalog), course_form("Một khóa khác", course.slug)
    )

    code, error = title_error(response)
    assert code == "slug_in_use"
    assert f"“{course.title}”" in error


def test_a_course_with_a_free_slug_is_created(trainer_client, catalog):
    response = trainer_client.post(
        add_url("coursepage", catalog), course_form("Kỹ năng số", "ky-nang-so")
    )

    assert response.status_code == 302
    assert CoursePage.objects.filter(slug="ky-nang-so").exists()


def test_statistics_filters_leave_out_drafts_that_were_never_published(catalog, course):
    CoursePageFactory(parent=catalog, title=course.title, slug="orphan-draft", live=False)
    withdrawn = CoursePageFactory(parent=catalog, title="Khóa đã thu hồi")
    withdrawn.unpublish()

    choices = dict(ReportFilterForm().fields["course"].choices)

    assert "orphan-draft" not in choices
    assert choices[course.slug] == course.title
    assert choices[withdrawn.slug] == "Khóa đã thu hồi"


def test_statistics_filters_keep_a_draft_that_has_enrolments(catalog, learner):
    draft = CoursePageFactory(parent=catalog, live=False)
    EnrolmentFactory(learner=learner, course=draft)

    assert draft.slug in dict(ReportFilterForm().fields["course"].choices)
