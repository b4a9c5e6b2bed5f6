"""A learner's own state in a course (enrolment, completion, module progress), from the cache.

Learner pages read these rows on every request; they change only when the learner does
something. They are kept in the shared cache under a key that carries a *state version* per
learner and course, and every write to them retires it through one function,
`learner_state_changed`: the services call it for their queryset updates and bulk inserts,
receivers call it for every save and delete (the admin, cascades). The version changes at once
and again when the transaction commits, so a page read between the write and the commit cannot
keep the old rows. The key also carries the content version: a publish that adds a module
retires the progress read for the old module list.

Every such write also retires the learner's *learner version*, which names what is cached for
the learner across courses (their dashboard): a certificate saved or deleted retires it too.
See docs/decisions/011-page-speed.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from wagtail.models import Page

from courses.models import Certificate, CourseCompletion, Enrolment, ModuleProgress
from home.caching import cached, key_version, key_versions_bump, versioned_key

# Part of the keys: raised when `LearnerCourseState` changes shape.
STATE_FORMAT = 1
# Kept while a learner is active; a version outlives the states it names.
STATE_SECONDS = 6 * 3600
VERSION_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class ProgressRow:
    module_id: int
    started_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class LearnerCourseState:
    enrolment: Enrolment | None
    completion: CourseCompletion | None
    progress: tuple[ProgressRow, ...]


def _version_key(learner_id: int, course_id: int) -> str:
    return f"elearn:learner-state-version:{learner_id}:{course_id}"


def _state_version(learner_id: int, course_id: int) -> str:
    return key_version(_version_key(learner_id, course_id), timeout=VERSION_SECONDS)


def _learner_version_key(learner_id: int) -> str:
    return f"elearn:learner-version:{learner_id}"


def learner_version(learner_id: int) -> str:
    """The token of everything cached for the learner across their courses: it changes with
    any of their enrolments, completions, module progress or certificates."""
    return key_version(_learner_version_key(learner_id), timeout=VERSION_SECONDS)


def _state_read(*, learner_id: int, course_id: int, module_ids) -> LearnerCourseState:
    return LearnerCourseState(
        enrolment=Enrolment.objects.filter(learner_id=learner_id, course_id=course_id).first(),
        completion=CourseCompletion.objects.filter(
            learner_id=learner_id, course_id=course_id
        ).first(),
        progress=tuple(
            ProgressRow(*row)
            for row in ModuleProgress.objects.filter(
                learner_id=learner_id, module_id__in=module_ids
            ).values_list("module_id", "started_at", "completed_at")
        ),
    )


def learner_course_state(*, learner_id: int, course_id: int, module_ids) -> LearnerCourseState:
    """The learner's enrolment, completion and progress rows in the course's live modules
    (`module_ids`, from the course's outline): from the cache, or three queries by key."""
    key = versioned_key(
        "learner-state", STATE_FORMAT, learner_id, course_id, _state_version(learner_id, course_id)
    )
    return cached(
        key,
        lambda: _state_read(learner_id=learner_id, course_id=course_id, module_ids=module_ids),
        timeout=STATE_SECONDS,
    )


def learner_state_changed(*, pairs: Iterable[tuple[int, int]]) -> None:
    """Retire the cached state of these (learner id, course id) pairs: call it for every write
    to their enrolments, completions or module progress. Inside a transaction the states are
    retired now and again once it commits. The learners' versions go with them."""
    keys = []
    for learner_id, course_id in pairs:
        keys += [_version_key(learner_id, course_id), _learner_version_key(learner_id)]
    key_versions_bump(keys, timeout=VERSION_SECONDS)


def learner_changed(*, learner_ids: Iterable[int]) -> None:
    """Retire what is cached for these learners across courses (not their course states)."""
    key_versions_bump(map(_learner_version_key, learner_ids), timeout=VERSION_SECONDS)


def course_id_of_module(module) -> int | None:
    """The id of the course a module page belongs to (its parent in the page tree)."""
    from courses.selectors import course_outline_of_module  # imports this module

    outline = course_outline_of_module(module=module)
    if outline is not None:
        return outline.pk
    parent_path = module.path[: -module.steplen]
    return Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()


def progress_changed(*, learner_id: int, module) -> None:
    """`learner_state_changed` for a write to the learner's progress in a module."""
    course_id = course_id_of_module(module)
    if course_id is not None:
        learner_state_changed(pairs=[(learner_id, course_id)])


def _deleting_progress(origin) -> bool:
    return isinstance(origin, ModuleProgress) or (
        isinstance(origin, QuerySet) and origin.model is ModuleProgress
    )


def saved_or_deleted(*, sender, instance, **kwargs) -> None:
    """Receiver for every save and delete of an enrolment, a completion, a progress row or a
    certificate."""
    if isinstance(instance, Certificate):
        learner_changed(learner_ids=[instance.learner_id])
    elif isinstance(instance, ModuleProgress):
        origin = kwargs.get("origin")
        if origin is not None and not _deleting_progress(origin):
            # Deleted with its learner (never shown again) or its module (deleting a page
            # retires every state): no query for the module of each row.
            return
        try:
            module = instance.module
        except ObjectDoesNotExist:
            return  # deleted with its module: deleting a page retires every state already
        progress_changed(learner_id=instance.learner_id, module=module)
    else:
        learner_state_changed(pairs=[(instance.learner_id, instance.course_id)])
