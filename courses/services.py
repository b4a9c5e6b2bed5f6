"""Write-side operations on learning: enrolment, module progress and course completion.

Each public function takes keyword-only arguments, runs in one transaction and relies on
database constraints (one enrolment, one progress row, one completion per learner and course),
so double clicks, two tabs and parallel requests change the state once. Refusals raise
`LearningError` with a message for the learner.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from courses import rules
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    ModulePage,
    ModulePartResult,
    ModuleProgress,
)
from courses.selectors import (
    course_outline,
    learner_completed_module_ids,
    missing_prerequisites,
)
from courses.signals import course_completed

logger = logging.getLogger(__name__)


class LearningError(Exception):
    """A refused action; `str(error)` is the message shown to the learner."""


def _get_or_create(model, defaults=None, **lookup):
    """get_or_create that survives a concurrent insert of the same row."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(defaults=defaults, **lookup)
    except IntegrityError:
        return model.objects.get(**lookup), False


@transaction.atomic
def enrolment_create(*, learner, course: CoursePage) -> Enrolment:
    """Enrol the learner (or re-activate a left enrolment, keeping its progress)."""
    existing = Enrolment.objects.select_for_update().filter(learner=learner, course=course).first()
    if existing and existing.is_active:
        return existing
    if not learner.commune_id:
        raise LearningError(_("Choose your commune in your profile before enrolling."))
    if not rules.enrolment_window_open(
        opens_at=course.enrolment_opens_at, closes_at=course.enrolment_closes_at, now=timezone.now()
    ):
        raise LearningError(_("Enrolment in this course is closed."))
    missing = missing_prerequisites(learner=learner, course=course)
    if missing:
        raise LearningError(
            _("Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(c.title for c in missing)}
        )
    if existing:
        existing.left_at = None
        existing.save(update_fields=["left_at"])
        return existing
    enrolment, _created = _get_or_create(
        Enrolment,
        learner=learner,
        course=course,
        defaults={"commune_id": learner.commune_id, "learner_group": learner.learner_group},
    )
    if enrolment.left_at is not None:
        enrolment.left_at = None
        enrolment.save(update_fields=["left_at"])
    return enrolment


@transaction.atomic
def enrolment_leave(*, learner, course: CoursePage) -> None:
    """Leave the course. Progress is kept for a later re-enrolment."""
    updated = Enrolment.objects.filter(learner=learner, course=course, left_at=None).update(
        left_at=timezone.now()
    )
    if not updated:
        raise LearningError(_("You are not enrolled in this course."))


def _active_enrolment(*, learner, course) -> Enrolment:
    """The learner's active enrolment, locked until the transaction ends.

    The lock serialises a learner's progress writes in one course, so two modules finished at
    the same moment in two tabs cannot each miss the other and leave the course incomplete.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(learner=learner, course=course, left_at=None)
        .first()
    )
    if enrolment is None:
        raise LearningError(_("Enrol in the course first."))
    return enrolment


def _ensure_unlocked(*, learner, course: CoursePage, module: ModulePage) -> None:
    if not course.sequential:
        return
    modules = course_outline(course=course).modules
    states = rules.module_states(
        [rules.ModuleRef(m.pk, m.is_required) for m in modules],
        started=set(),
        completed=learner_completed_module_ids(learner=learner, module_ids=[m.pk for m in modules]),
        sequential=True,
    )
    if any(state.id == module.pk and state.locked for state in states):
        raise LearningError(_("Complete the previous modules first."))


def module_start(*, learner, module: ModulePage) -> ModuleProgress:
    """Record that the learner opened the module (the first time only)."""
    progress, _created = _get_or_create(ModuleProgress, learner=learner, module=module)
    return progress


@transaction.atomic
def module_mark_done(*, learner, course: CoursePage, module: ModulePage) -> ModuleProgress:
    """A learner's "Mark as done" on a module with no required graded activity."""
    if not module.is_child_of(course):
        raise LearningError(_("This module is not part of the course."))
    _active_enrolment(learner=learner, course=course)
    _ensure_unlocked(learner=learner, course=course, module=module)
    decision = rules.module_completion(parts=module.completion_parts(), passed=(), marked_done=True)
    if not decision.complete:
        raise LearningError(_("This module is complete once you pass its activities."))
    return _module_complete(learner=learner, course=course, module=module)


@transaction.atomic
def module_part_passed(
    *, learner, module: ModulePage, part: str, score=None
) -> ModulePartResult | None:
    """Called by the quizzes app when a learner passes a graded activity of a module.

    `part` is the block's completion key ("quiz:3"); `score` the percentage that counts for the
    course's completion rule (the latest reported value replaces the previous one). The module
    is completed once every required activity in it is passed. A part that is not one of the
    module's completion parts (an optional activity, or H5P in a course that does not count
    browser-reported scores) is practice: nothing is written and None is returned, so it can
    never complete a module, not even one without completion parts.
    """
    course = module.get_parent().specific
    _active_enrolment(learner=learner, course=course)
    parts = module.completion_parts()
    if part not in parts:
        logger.info("Part %s of module %s does not count; not recorded", part, module.pk)
        return None
    result, created = _get_or_create(ModulePartResult, learner=learner, module=module, part=part)
    if score is not None and (created or result.score != score):
        result.score = score
        result.save(update_fields=["score", "updated_at"])
    passed = ModulePartResult.objects.filter(learner=learner, module=module).values_list(
        "part", flat=True
    )
    if rules.module_completion(parts=parts, passed=passed, marked_done=False).complete:
        _module_complete(learner=learner, course=course, module=module)
    return result


def _module_complete(*, learner, course: CoursePage, module: ModulePage) -> ModuleProgress:
    progress, _created = _get_or_create(ModuleProgress, learner=learner, module=module)
    if progress.completed_at is None:
        # The conditional update makes a second, concurrent "done" a no-op.
        ModuleProgress.objects.filter(pk=progress.pk, completed_at=None).update(
            completed_at=timezone.now()
        )
        progress.refresh_from_db(fields=["completed_at"])
    course_completion_evaluate(learner=learner, course=course)
    return progress


@transaction.atomic
def course_completion_evaluate(*, learner, course: CoursePage) -> CourseCompletion | None:
    """Apply the course's completion rule; store the completion once and announce it once."""
    existing = CourseCompletion.objects.filter(learner=learner, course=course).first()
    if existing:
        return existing
    modules = course_outline(course=course).modules
    required = [m for m in modules if m.is_required]
    completed = learner_completed_module_ids(learner=learner, module_ids=[m.pk for m in modules])
    required_parts = {(m.pk, part) for m in required for part in m.parts}
    scores = [
        r.score
        for r in ModulePartResult.objects.filter(
            learner=learner, module_id__in=[m.pk for m in required]
        )
        if (r.module_id, r.part) in required_parts and r.score is not None
    ]
    decision = rules.course_completion(
        required_modules=[m.pk for m in required],
        completed_modules=completed,
        min_score=course.min_score,
        scores=scores,
    )
    if not decision.complete:
        logger.debug("Course %s not complete for %s: %s", course.pk, learner.pk, decision.reason)
        return None
    enrolment = Enrolment.objects.filter(learner=learner, course=course).first()
    completion, created = _get_or_create(
        CourseCompletion,
        learner=learner,
        course=course,
        defaults={"score": decision.score, "enrolment": enrolment},
    )
    if created:
        transaction.on_commit(
            lambda: course_completed.send(sender=CourseCompletion, completion=completion)
        )
    return completion


TRAINERS_GROUP = "Trainers"
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")


@transaction.atomic
def catalog_grant_trainers(*, catalog) -> None:
    """Let the Trainers group create and edit courses and modules under the catalog.

    Publishing is not granted: a trainer's changes go through the moderation workflow.
    """
    group, _created = Group.objects.get_or_create(name=TRAINERS_GROUP)
    for codename in TRAINER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=catalog, permission=permission)
