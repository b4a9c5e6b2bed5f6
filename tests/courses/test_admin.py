"""Trainers in the Wagtail admin: writing modules, moderation instead of publishing, the
learner progress view by commune, and the topic snippet."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses import services
from courses.factories import (
    CourseCompletionFactory,
    CoursePageFactory,
    EnrolmentFactory,
    ModuleProgressFactory,
)
from courses.models import CourseIndexPage, ModulePage, Topic
from home.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(catalog):
    services.catalog_grant_trainers(catalog=catalog)
    user = UserFactory(email="trainer@example.vn", full_name="Trần Thị Giảng Viên")
    user.groups.add(Group.objects.get(name=services.TRAINERS_GROUP))
    return user


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def admin_client_(client, db):
    client.force_login(UserFactory(superuser=True, email="admin@example.vn"))
    return client


def module_form(title: str, slug: str, **actions) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "estimated_minutes": "20",
            "is_required": "on",
            "body": streamfield(
                [("paragraph", rich_text("<p>Mật khẩu mạnh có ít nhất 12 ký tự.</p>"))]
            ),
            "comments": inline_formset([]),
            **actions,
        }
    )


def add_module_url(course) -> str:
    return reverse("wagtailadmin_pages:add", args=("courses", "modulepage", course.pk))


def in_progress_workflow(page) -> WorkflowState | None:
    return WorkflowState.objects.filter(
        base_content_type__model="page",
        object_id=str(page.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).first()


# --- moderation ----------------------------------------------------------------------------


def test_catalog_is_moderated_by_the_default_moderators_workflow(catalog):
    workflow = catalog.get_workflow()

    assert workflow is not None
    assert workflow == Workflow.objects.get(name="Ban kiểm duyệt")


def test_trainer_creates_a_module_and_submits_it_for_moderation(trainer_client, course):
    response = trainer_client.post(
        add_module_url(course),
        module_form("Mật khẩu mạnh", "mat-khau-manh", **{"action-submit": "Submit"}),
    )

    assert response.status_code == 302
    module = ModulePage.objects.child_of(course).get(slug="mat-khau-manh")
    assert not module.live
    assert module.has_unpublished_changes
    state = in_progress_workflow(module)
    assert state is not None
    assert state.workflow.name == "Ban kiểm duyệt"
    assert state.requested_by.email == "trainer@example.vn"


def test_trainer_asking_to_publish_a_new_module_only_saves_a_draft(trainer_client, course):
    response = trainer_client.post(
        add_module_url(course),
        module_form("Lừa đảo qua mạng", "lua-dao", **{"action-publish": "Publish"}),
    )

    assert response.status_code == 302
    module = ModulePage.objects.child_of(course).get(slug="lua-dao")
    assert not module.live
    assert module.live_revision is None


def test_trainer_cannot_publish_changes_to_a_live_course(trainer_client, trainer, course):
    perms = course.permissions_for_user(trainer)
    assert perms.can_edit()
    assert perms.can_add_subpage()
    assert not perms.can_publish()
    assert not perms.can_unpublish()

    response = trainer_client.post(
        reverse("wagtailadmin_pages:unpublish", args=[course.pk]), {"include_descendants": ""}
    )

    course.refresh_from_db()
    assert response.status_code in (302, 403)
    assert course.live


def test_trainer_edit_with_publish_leaves_the_live_title_unchanged(trainer_client, catalog, course):
    response = trainer_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        nested_form_data(
            {
                "title": "Tiêu đề mới",
                "slug": course.slug,
                "summary": course.summary,
                "level": course.level,
                "duration_minutes": "60",
                "for_officials": "on",
                "prerequisites": inline_formset([]),
                "comments": inline_formset([]),
                "action-publish": "Publish",
            }
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    course.refresh_from_db()
    assert course.title == "An toàn thông tin cơ bản"
    assert course.get_latest_revision_as_object().title == "Tiêu đề mới"


def test_moderator_approval_publishes_the_trainers_module(trainer_client, client, course):
    trainer_client.post(
        add_module_url(course),
        module_form("Mật khẩu mạnh", "mat-khau-manh", **{"action-submit": "Submit"}),
    )
    module = ModulePage.objects.get(slug="mat-khau-manh")
    task_state = in_progress_workflow(module).current_task_state
    client.force_login(UserFactory(superuser=True, email="moderator@example.vn"))

    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[module.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    assert response.status_code in (200, 302)
    module.refresh_from_db()
    assert module.live


def test_trainer_cannot_edit_pages_outside_the_catalog(trainer_client, catalog):
    home = catalog.get_parent()

    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))

    assert response.status_code in (302, 403)
    assert not home.permissions_for_user(response.wsgi_request.user).can_edit()


def test_trainer_cannot_add_a_module_directly_under_the_catalog(trainer_client, catalog):
    response = trainer_client.post(
        reverse("wagtailadmin_pages:add", args=("courses", "modulepage", catalog.pk)),
        module_form("Sai chỗ", "sai-cho", **{"action-submit": "Submit"}),
    )

    assert response.status_code in (302, 403)
    assert not Page.objects.filter(slug="sai-cho").exists()


def test_trainers_group_from_the_migration_reaches_the_admin():
    group = Group.objects.get(name=services.TRAINERS_GROUP)

    assert group.permissions.filter(codename="access_admin").exists()


def test_a_catalog_created_in_the_admin_is_opened_to_trainers(admin_client_):
    home = Site.objects.get(is_default_site=True).root_page

    response = admin_client_.post(
        reverse("wagtailadmin_pages:add", args=("courses", "courseindexpage", home.pk)),
        nested_form_data(
            {
                "title": "Khóa học",
                "slug": "khoa-hoc",
                "intro": rich_text(""),
                "comments": inline_formset([]),
                "featured_courses": inline_formset([]),
                "action-publish": "Publish",
            }
        ),
    )

    assert response.status_code == 302
    catalog = CourseIndexPage.objects.get(slug="khoa-hoc")
    granted = GroupPagePermission.objects.filter(group__name=services.TRAINERS_GROUP, page=catalog)
    assert set(granted.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
    }


# --- progress view -------------------------------------------------------------------------


@pytest.fixture
def progress_data(course, modules):
    """Two communes: Thục Phán has one learner enrolled only and one in progress; Lóng Sập has
    one learner who completed. A learner who left is not counted."""
    cao_bang = ProvinceFactory(name="Cao Bằng")
    son_la = ProvinceFactory(name="Sơn La")
    thuc_phan = CommuneFactory(name="Phường Thục Phán", province=cao_bang)
    long_sap = CommuneFactory(name="Xã Lóng Sập", province=son_la)
    enrolled, started, left = UserFactory.create_batch(3, commune=thuc_phan)
    completed = UserFactory(commune=long_sap)
    for learner in (enrolled, started, left, completed):
        EnrolmentFactory(learner=learner, course=course)
    ModuleProgressFactory(learner=started, module=modules[0])
    ModuleProgressFactory(learner=completed, module=modules[0])
    CourseCompletionFactory(learner=completed, course=course)
    services.enrolment_leave(learner=left, course=course)
    # Moving afterwards does not move the enrolment: it stays with the commune at enrolment.
    enrolled.commune = long_sap
    enrolled.save()
    return {"thuc_phan": thuc_phan, "long_sap": long_sap}


def test_progress_view_urls_live_in_the_admin(course):
    assert reverse("course_progress_index") == "/admin/course-progress/"
    assert reverse("course_progress_detail", args=[course.pk]) == (
        f"/admin/course-progress/{course.pk}/"
    )


def test_trainer_sees_learner_counts_by_commune(trainer_client, course, progress_data):
    response = trainer_client.get(reverse("course_progress_detail", args=[course.pk]))

    assert response.status_code == 200
    rows = {
        row["commune__name"]: (row["enrolled"], row["in_progress"], row["completed_count"])
        for row in response.context["rows"]
    }
    assert rows == {"Phường Thục Phán": (2, 1, 0), "Xã Lóng Sập": (1, 0, 1)}
    assert response.context["totals"] == {"enrolled": 3, "in_progress": 1, "completed": 1}
    content = response.content.decode()
    assert "Phường Thục Phán" in content
    assert "Sơn La" in content


def test_progress_index_lists_the_courses_a_trainer_can_edit_with_counts(
    trainer_client, course, progress_data
):
    response = trainer_client.get(reverse("course_progress_index"))

    assert response.status_code == 200
    [listed] = response.context["courses"]
    assert (listed, listed.learner_count, listed.completion_count) == (course, 3, 1)
    assert reverse("course_progress_detail", args=[course.pk]) in response.content.decode()


def test_progress_index_lists_draft_courses_for_their_trainers(trainer_client, catalog):
    draft = CoursePageFactory(parent=catalog, live=False)

    response = trainer_client.get(reverse("course_progress_index"))

    assert draft in list(response.context["courses"])


@pytest.fixture
def course_a_trainer(catalog, course):
    """A trainer whose page rights cover one course only, not the whole catalog."""
    group = Group.objects.create(name="Giảng viên khóa A")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=course, permission=Permission.objects.get(codename="change_page")
    )
    user = UserFactory(email="giangvien-a@example.vn")
    user.groups.add(group)
    return user


def test_progress_detail_is_refused_for_a_course_the_trainer_cannot_edit(
    client, catalog, course, course_a_trainer
):
    other = CoursePageFactory(parent=catalog, title="Khóa học của người khác")
    client.force_login(course_a_trainer)

    allowed = client.get(reverse("course_progress_detail", args=[course.pk]))
    refused = client.get(reverse("course_progress_detail", args=[other.pk]))

    assert allowed.status_code == 200
    assert refused.status_code == 403


def test_progress_index_lists_only_courses_the_user_can_edit(
    client, catalog, course, course_a_trainer
):
    CoursePageFactory(parent=catalog, title="Khóa học của người khác")
    client.force_login(course_a_trainer)

    response = client.get(reverse("course_progress_index"))

    assert response.status_code == 200
    assert list(response.context["courses"]) == [course]


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_progress_views_are_closed_to_people_without_admin_access(client, course, learner, who):
    if who == "learner":
        client.force_login(learner)

    for url in (
        reverse("course_progress_index"),
        reverse("course_progress_detail", args=[course.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "rows" not in (response.context or {})


def test_progress_detail_of_a_module_page_is_not_found(trainer_client, modules):
    response = trainer_client.get(reverse("course_progress_detail", args=[modules[0].pk]))

    assert response.status_code == 404


# --- topic snippet -------------------------------------------------------------------------


def test_topic_is_managed_as_a_snippet(admin_client_):
    response = admin_client_.post(
        reverse("wagtailsnippets_courses_topic:add"),
        {"name": "Chính phủ số", "slug": "chinh-phu-so"},
    )

    assert response.status_code == 302
    assert Topic.objects.filter(name="Chính phủ số", slug="chinh-phu-so").exists()
    listing = admin_client_.get(reverse("wagtailsnippets_courses_topic:list"))
    assert "Chính phủ số" in listing.content.decode()


def test_topic_slug_must_be_unique(admin_client_):
    Topic.objects.create(name="Chính phủ số", slug="chinh-phu-so")

    response = admin_client_.post(
        reverse("wagtailsnippets_courses_topic:add"),
        {"name": "Chính phủ số 2", "slug": "chinh-phu-so"},
    )

    assert response.status_code == 200
    assert Topic.objects.count() == 1


def test_trainer_can_choose_a_topic_for_a_course(trainer_client, course):
    topic = Topic.objects.create(name="Chính phủ số", slug="chinh-phu-so")

    chooser = trainer_client.get(reverse("wagtailsnippetchoosers_courses_topic:choose"))
    saved = trainer_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        nested_form_data(
            {
                "title": course.title,
                "slug": course.slug,
                "summary": course.summary,
                "topic": str(topic.pk),
                "level": course.level,
                "duration_minutes": "60",
                "prerequisites": inline_formset([]),
                "comments": inline_formset([]),
            }
        ),
    )

    assert chooser.status_code == 200
    assert "Chính phủ số" in chooser.json()["html"]
    assert saved.status_code == 302
    course.refresh_from_db()
    assert course.get_latest_revision_as_object().topic == topic
