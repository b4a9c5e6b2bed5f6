"""A course and its modules through moderation together: one submission, one approval
(issue 19 item 4; `courses.services.course_modules_publish_with_course`)."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import WorkflowState

from courses import services
from courses.factories import ModulePageFactory
from courses.models import ModulePage
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(catalog):
    services.catalog_grant_trainers(catalog=catalog)
    user = UserFactory(email="giangvien@example.vn")
    user.groups.add(Group.objects.get(name=services.TRAINERS_GROUP))
    return user


@pytest.fixture
def moderator(db):
    return UserFactory(superuser=True, email="kiemduyet@example.vn")


def draft(module, title, user):
    page = ModulePage.objects.get(pk=module.pk)
    page.title = title
    return page.save_revision(user=user)


def submit(page, user):
    page.specific.save_revision(user=user)
    page.get_workflow().start(page, user)


def state_of(page) -> WorkflowState:
    return WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at")


def approve(page, user):
    state_of(page).current_task_state.approve(user=user)


def reject(page, user):
    state_of(page).current_task_state.reject(user=user)


def live_title(module) -> str:
    return ModulePage.objects.get(pk=module.pk).title


def test_approving_the_course_publishes_the_modules_changed_before_it_was_submitted(
    course, trainer, moderator
):
    first, second, untouched = ModulePageFactory.create_batch(3, parent=course)
    draft(first, "Mật khẩu mạnh (bản mới)", trainer)
    draft(second, "Nhận diện lừa đảo (bản mới)", trainer)
    new = course.add_child(instance=ModulePage(title="Học phần mới", live=False))
    new.save_revision(user=trainer)
    untouched_revision = untouched.live_revision_id
    submit(course, trainer)

    approve(course, moderator)

    assert live_title(first) == "Mật khẩu mạnh (bản mới)"
    assert live_title(second) == "Nhận diện lừa đảo (bản mới)"
    assert ModulePage.objects.get(pk=new.pk).live
    assert not ModulePage.objects.get(pk=first.pk).has_unpublished_changes
    assert ModulePage.objects.get(pk=untouched.pk).live_revision_id == untouched_revision


def test_a_change_made_after_the_submission_stays_a_draft(course, trainer, moderator):
    module = ModulePageFactory(parent=course, title="Bản đang chạy")
    draft(module, "Bản đã gửi duyệt", trainer)
    submit(course, trainer)
    later = draft(module, "Bản sửa sau khi gửi", trainer)
    later.created_at = timezone.now() + timezone.timedelta(seconds=1)
    later.save(update_fields=["created_at"])

    approve(course, moderator)

    module = ModulePage.objects.get(pk=module.pk)
    assert module.title == "Bản đã gửi duyệt"
    assert module.has_unpublished_changes
    assert module.get_latest_revision().pk == later.pk


def test_a_module_in_its_own_moderation_is_left_to_it(course, trainer, moderator):
    module = ModulePageFactory(parent=course, title="Bản đang chạy")
    draft(module, "Bản chờ duyệt riêng", trainer)
    submit(module, trainer)
    submit(course, trainer)

    approve(course, moderator)

    assert live_title(module) == "Bản đang chạy"
    assert state_of(module).status == WorkflowState.STATUS_IN_PROGRESS


def test_a_rejected_course_publishes_nothing(course, trainer, moderator):
    module = ModulePageFactory(parent=course, title="Bản đang chạy")
    draft(module, "Bản bị từ chối", trainer)
    submit(course, trainer)

    reject(course, moderator)

    assert live_title(module) == "Bản đang chạy"
