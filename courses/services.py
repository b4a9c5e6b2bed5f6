"""Write-side operations on learning: enrolment, module progress and course completion.

Each public function takes keyword-only arguments, runs in one transaction and relies on
database constraints (one enrolment, one progress row, one completion per learner and course),
so double clicks, two tabs and parallel requests change the state once. Refusals raise
`LearningError` with a message for the learner.
"""

import contextvars
import logging
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from courses import rules
from courses.learner_state import learner_state_changed, progress_changed
from courses.models import (
    CourseCompletion,
    CoursePage,
    CoursePrerequisite,
    Enrolment,
    ModulePage,
    ModulePartResult,
    ModuleProgress,
)
from courses.reports.aggregates import counts_added
from courses.selectors import (
    CourseOutline,
    course_outline,
    course_outline_of_module,
    learner_completed_module_ids,
    missing_prerequisites,
)
from courses.signals import course_completed

logger = logging.getLogger(__name__)


class LearningError(Exception):
    """A refused action; `str(error)` is the message shown to the learner."""


@transaction.atomic
def enrolment_create(*, learner, course: CoursePage) -> Enrolment:
    """Enrol the learner (or re-activate a left enrolment, keeping its progress)."""
    existing = Enrolment.objects.select_for_update().filter(learner=learner, course=course).first()
    if existing and existing.is_active:
        return existing
    missing = missing_prerequisites(learner=learner, course=course) if learner.commune_id else []
    decision = rules.enrolment_eligibility(
        has_commune=bool(learner.commune_id),
        opens_at=course.enrolment_opens_at,
        closes_at=course.enrolment_closes_at,
        now=timezone.now(),
        missing_prerequisites=[c.pk for c in missing],
    )
    if decision.refusal == rules.NO_COMMUNE:
        raise LearningError(_("Choose your commune in your profile before enrolling."))
    if decision.refusal == rules.ENROLMENT_CLOSED:
        raise LearningError(_("Enrolment in this course is closed."))
    if decision.refusal == rules.PREREQUISITES_MISSING:
        raise LearningError(
            _("Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(c.title for c in missing)}
        )
    if existing:
        existing.left_at = None
        existing.save(update_fields=["left_at"])
        return existing
    # Django's get_or_create survives a concurrent insert of the same row (its own savepoint).
    enrolment, _created = Enrolment.objects.get_or_create(
        learner=learner,
        course=course,
        defaults={"commune_id": learner.commune_id, "learner_group": learner.learner_group},
    )
    if enrolment.left_at is not None:
        enrolment.left_at = None
        enrolment.save(update_fields=["left_at"])
    return enrolment


def courses_open_to_everyone(*, courses: Iterable[CoursePage]) -> bool:
    """True when `enrolment_create` can refuse nobody who has a commune: every course's
    enrolment window open now and no course with prerequisites."""
    courses = list(courses)
    now = timezone.now()
    if not all(
        rules.enrolment_window_open(
            opens_at=course.enrolment_opens_at, closes_at=course.enrolment_closes_at, now=now
        )
        for course in courses
    ):
        return False
    return not CoursePrerequisite.objects.filter(course__in=courses).exists()


def enrolments_create_many(*, pairs: Sequence[tuple[object, CoursePage]]) -> list[Enrolment]:
    """`enrolment_create` for many new enrolments at once, in two statements: the spreadsheet
    import's fast path. Each (learner, course) gets the row `enrolment_create` would make, with
    the learner's commune, its province and the learner's group as report columns.

    Only where `enrolment_create` could refuse nobody: raises ValueError when a learner has no
    commune or a course is not `courses_open_to_everyone`; an enrolment that exists already
    makes the database refuse the whole batch (IntegrityError), which the caller's transaction
    rolls back. Run it inside that transaction. The statistics table counts the batch in one
    upsert per 500 cells (`courses.reports.aggregates.counts_added`).
    """
    if not pairs:
        return []
    if any(not learner.commune_id for learner, _course in pairs):
        raise ValueError("Every learner enrolled in bulk needs a commune.")
    if not courses_open_to_everyone(courses={course.pk: course for _l, course in pairs}.values()):
        raise ValueError("Bulk enrolment is only for open courses without prerequisites.")
    provinces = Enrolment.province_ids(commune_ids={learner.commune_id for learner, _c in pairs})
    with transaction.atomic(savepoint=False):
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(
                learner_id=learner.pk,
                course_id=course.pk,
                commune_id=learner.commune_id,
                province_id=provinces.get(learner.commune_id),
                learner_group=learner.learner_group,
            )
            for learner, course in pairs
        )
        counts_added(enrolments=enrolments)
        learner_state_changed(pairs=[(e.learner_id, e.course_id) for e in enrolments])
    return enrolments


@transaction.atomic
def enrolment_leave(*, learner, course: CoursePage) -> None:
    """Leave the course. Progress is kept for a later re-enrolment."""
    updated = Enrolment.objects.filter(learner=learner, course=course, left_at=None).update(
        left_at=timezone.now()
    )
    if not updated:
        raise LearningError(_("You are not enrolled in this course."))
    learner_state_changed(pairs=[(learner.pk, course.pk)])


def _locked_enrolment(*, learner, course_id: int) -> Enrolment | None:
    """The learner's active enrolment, locked until the transaction ends, or None.

    The lock serialises a learner's progress writes in one course, so two modules finished at
    the same moment in two tabs cannot each miss the other and leave the course incomplete.
    `has_completion` tells whether the course was already complete when the row was read (a
    completion committed while this request waited for the lock may be missed: storing the
    completion survives that, see `_course_completion_store`).
    """
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .annotate(
            has_completion=Exists(
                CourseCompletion.objects.filter(
                    learner=OuterRef("learner"), course=OuterRef("course")
                )
            )
        )
        .filter(learner=learner, course_id=course_id, left_at=None)
        .first()
    )


def _active_enrolment(*, learner, course_id: int) -> Enrolment:
    enrolment = _locked_enrolment(learner=learner, course_id=course_id)
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
    progress, _created = ModuleProgress.objects.get_or_create(learner=learner, module=module)
    return progress


@transaction.atomic
def module_mark_done(*, learner, course: CoursePage, module: ModulePage) -> ModuleProgress:
    """A learner's "Mark as done" on a module with no required graded activity."""
    if not module.is_child_of(course):
        raise LearningError(_("This module is not part of the course."))
    enrolment = _active_enrolment(learner=learner, course_id=course.pk)
    _ensure_unlocked(learner=learner, course=course, module=module)
    decision = rules.module_completion(parts=module.completion_parts(), passed=(), marked_done=True)
    if not decision.complete:
        raise LearningError(_("This module is complete once you pass its activities."))
    _module_complete(learner=learner, module=module)
    _course_completion_check(
        learner=learner,
        course=course_outline(course=course),
        min_score=course.min_score,
        enrolment=enrolment,
    )
    return ModuleProgress.objects.get(learner=learner, module=module)


def _module_of(module: ModulePage) -> tuple[CourseOutline, tuple[str, ...]]:
    """The outline of the module's course and the module's completion parts.

    Both come from the cached outline of the live course (no query); a module or course that
    is not live is read from the database, as its pages are.
    """
    outline = course_outline_of_module(module=module)
    entry = outline.module(module.pk) if outline is not None else None
    if entry is not None:
        return outline, entry.parts
    return course_outline(course=module.get_parent().specific), tuple(module.completion_parts())


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

    Runs in the caller's transaction (or its own), without a savepoint: the refusal
    (`LearningError`, not enrolled) is raised after the block, having written nothing, and any
    other error leaves the caller's transaction to roll back. What it reads and writes:
    docs/decisions/004-quiz-grading.md.
    """
    course, parts = _module_of(module)
    with transaction.atomic(savepoint=False):
        enrolment = _locked_enrolment(learner=learner, course_id=course.pk)
        result = None
        if enrolment is not None:
            result = _part_record(
                learner=learner,
                enrolment=enrolment,
                course=course,
                module=module,
                parts=parts,
                part=part,
                score=score,
            )
    if enrolment is None:
        raise LearningError(_("Enrol in the course first."))
    return result


def _part_record(
    *, learner, enrolment, course: CourseOutline, module, parts, part: str, score
) -> ModulePartResult | None:
    if part not in parts:
        logger.info("Part %s of module %s does not count; not recorded", part, module.pk)
        return None
    # The learner's results in this module, read once: this part's row and the passed parts.
    results = {r.part: r for r in ModulePartResult.objects.filter(learner=learner, module=module)}
    result = results.get(part)
    if result is None:
        # The enrolment lock serialises this learner's results in the course: no other
        # request inserts this row meanwhile (the unique constraint still guards it).
        result = ModulePartResult.objects.create(
            learner=learner, module=module, part=part, score=score
        )
        results[part] = result
    elif score is not None and result.score != score:
        result.score = score
        result.save(update_fields=["score", "updated_at"])
    if rules.module_completion(parts=parts, passed=results, marked_done=False).complete:
        _module_complete(learner=learner, module=module)
        _course_completion_check(
            learner=learner,
            course=course,
            min_score=course.min_score,
            enrolment=enrolment,
        )
    return result


def _module_complete(*, learner, module: ModulePage) -> None:
    """Record the module's completion once: a second or concurrent completion keeps the first
    date. Usually one UPDATE, since opening the module created its progress row."""
    now = timezone.now()
    pending = ModuleProgress.objects.filter(learner=learner, module=module, completed_at=None)
    if pending.update(completed_at=now):
        progress_changed(learner_id=learner.pk, module=module)
        return
    progress, created = ModuleProgress.objects.get_or_create(
        learner=learner, module=module, defaults={"completed_at": now}
    )
    if not created and progress.completed_at is None:  # opened in another tab meanwhile
        ModuleProgress.objects.filter(pk=progress.pk, completed_at=None).update(completed_at=now)
        progress_changed(learner_id=learner.pk, module=module)


def _course_completion_check(
    *, learner, course: CourseOutline, min_score, enrolment: Enrolment
) -> None:
    """Apply the course rule after a module completed, unless the course already was."""
    if enrolment.has_completion:
        return
    _course_completion_apply(
        learner=learner,
        course=course,
        min_score=min_score,
        enrolment=enrolment,
    )


@transaction.atomic
def course_completion_evaluate(*, learner, course: CoursePage) -> CourseCompletion | None:
    """Apply the course's completion rule; store the completion once and announce it once."""
    existing = CourseCompletion.objects.filter(learner=learner, course=course).first()
    if existing:
        return existing
    return _course_completion_apply(
        learner=learner,
        course=course_outline(course=course),
        min_score=course.min_score,
        enrolment=Enrolment.objects.filter(learner=learner, course=course).first(),
    )


def _course_completion_apply(
    *, learner, course: CourseOutline, min_score, enrolment
) -> CourseCompletion | None:
    """The course rule for a learner whose course was not complete; the scores are read only
    once every required module is complete."""
    modules = course.modules
    required = [m for m in modules if m.is_required]
    completed = learner_completed_module_ids(learner=learner, module_ids=[m.pk for m in modules])
    missing = rules.required_modules_missing(
        required_modules=[m.pk for m in required], completed_modules=completed
    )
    if missing:
        logger.debug(
            "Course %s not complete for %s: %d module(s) left", course.pk, learner.pk, len(missing)
        )
        return None
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
        min_score=min_score,
        scores=scores,
    )
    if not decision.complete:
        logger.debug("Course %s not complete for %s: %s", course.pk, learner.pk, decision.reason)
        return None
    return _course_completion_store(
        learner=learner, course_id=course.pk, score=decision.score, enrolment=enrolment
    )


def _course_completion_store(*, learner, course_id: int, score, enrolment) -> CourseCompletion:
    """Store the completion once and announce it once, after the commit. A completion stored
    by a concurrent request meanwhile is returned instead, unannounced."""
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(
                learner=learner, course_id=course_id, score=score, enrolment=enrolment
            )
    except IntegrityError:
        return CourseCompletion.objects.get(learner=learner, course_id=course_id)
    # Announced in the context of this request (the portal and address it came to: the
    # certificate's issuer), whenever the surrounding transaction commits.
    context = contextvars.copy_context()
    transaction.on_commit(
        lambda: context.run(course_completed.send, sender=CourseCompletion, completion=completion)
    )
    return completion


def course_modules_publish_with_course(*, course: CoursePage, submitted_at, user) -> list:
    """Publish, with a course whose moderation was just approved, the changes its modules had
    when the course was submitted: one submission and one approval for a course and its modules.

    For each module, the latest revision saved before the submission is published when it is
    newer than what is live. A module changed after the submission keeps that later change as a
    draft (nobody approved it), and a module in a moderation of its own is left to it. Returns
    the modules published.
    """
    published = []
    for module in ModulePage.objects.child_of(course).select_related("live_revision"):
        if module.workflow_in_progress:
            continue
        revision = (
            module.revisions.filter(created_at__lte=submitted_at).order_by("-created_at").first()
        )
        live = module.live_revision
        if revision is None or (live is not None and revision.created_at <= live.created_at):
            continue
        revision.publish(user=user)
        published.append(module)
    if published:
        logger.info("Course %s approved: %d modules published with it", course.pk, len(published))
    return published


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
