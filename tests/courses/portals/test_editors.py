"""A portal's editors edit their portal's pages only and see their province's learners only."""

import pytest
from django.urls import reverse

from courses import services
from courses.reports.factories import ManagerScopeFactory
from home.factories import UserFactory
from tests.courses.portals.conftest import HOST_A, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_a(portal_a):
    user = UserFactory(email="bientap.hanoi@example.vn", is_staff=True)
    user.groups.add(portal_a.editors)
    return user


def test_an_editor_of_a_edits_a_pages_only(
    editor_a, portal_a, portal_b, catalog_a, province_course, national_course
):
    def can_edit(page):
        return page.permissions_for_user(editor_a).can_edit()

    assert can_edit(portal_a.site.root_page)
    assert can_edit(catalog_a)
    assert can_edit(province_course)
    assert not can_edit(portal_b.site.root_page)
    assert not can_edit(national_course)


def test_an_editor_of_a_cannot_open_bs_pages_in_the_admin(client, editor_a, portal_a, portal_b):
    client.force_login(editor_a)
    own = client.get(reverse("wagtailadmin_pages:edit", args=[portal_a.site.root_page_id]))
    other = client.get(reverse("wagtailadmin_pages:edit", args=[portal_b.site.root_page_id]))

    assert own.status_code == 200
    assert other.status_code in (302, 403)
    assert other.status_code == 403 or other["Location"] != own.request["PATH_INFO"]


def test_an_editor_of_a_can_add_a_course_to_a_catalog(editor_a, catalog_a, portal_b):
    from courses.models import CourseIndexPage, CoursePage

    catalog_b = CourseIndexPage.objects.child_of(portal_b.site.root_page).get()

    assert catalog_a.permissions_for_user(editor_a).can_add_subpage()
    assert not catalog_b.permissions_for_user(editor_a).can_add_subpage()
    assert CoursePage in catalog_a.specific_class.allowed_subpage_models()


def test_an_editor_managing_a_sees_no_learner_of_b(
    client, editor_a, ha_noi, learner_a, learner_b, national_course
):
    ManagerScopeFactory(user=editor_a, province=ha_noi)
    services.enrolment_create(learner=learner_a, course=national_course)
    services.enrolment_create(learner=learner_b, course=national_course)
    client.force_login(editor_a)

    other_province = client.get(reverse("statistics_dashboard") + "?province=04", **on(HOST_A))
    roster = client.get(
        reverse("statistics_export", kwargs={"kind": "roster", "fmt": "csv"}), **on(HOST_A)
    )
    rows = b"".join(roster.streaming_content).decode("utf-8-sig")

    assert other_province.status_code == 403
    assert learner_a.email in rows
    assert learner_b.email not in rows
