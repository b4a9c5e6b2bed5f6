"""Write-side of H5P activities: installing packages, deleting activities, recording scores.

`h5p_activity_create` checks the whole package in memory first (`validation.check_package`),
then decides about libraries: a library the package needs must be shipped or installed, and
only administrators (`quizzes.install_h5plibrary`) may install one that is new. Files are
unpacked into a staging folder and moved into place inside the database transaction; if
anything fails, the moved folders are removed again, so a refused or failed upload leaves
nothing on disk or in the database. Installed libraries are shared and never overwritten.

`h5p_statement_record` takes an xAPI statement forwarded by the module page: for a signed-in
learner with an active enrolment, for an activity of that module, it records the attempt,
keeps the best score and, once the best score reaches the block's pass mark, reports the
module part as passed through `courses.services.module_part_passed` — only when the block is
one of the module's completion parts: scores of optional blocks, and of every block in a course
that does not count browser-reported scores, are practice and complete nothing.
"""

import logging
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import ModulePage
from courses.selectors import learner_completed_module_ids, module_visit
from courses.services import LearningError, module_part_passed
from quizzes.h5p import storage
from quizzes.h5p.selectors import activity_iri, module_h5p_rules
from quizzes.h5p.validation import (
    CheckedPackage,
    LibraryRef,
    PackageError,
    PackageLimits,
    check_package,
    copy_member,
)
from quizzes.h5p.xapi import StatementError, parse_statement
from quizzes.models import H5PActivity, H5PAttempt, H5PLibrary, H5PResult

logger = logging.getLogger(__name__)

INSTALL_PERMISSION = "quizzes.install_h5plibrary"


class H5PError(Exception):
    """A refused score; `str(error)` is the message, `status` the HTTP status to answer."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def may_install_libraries(user) -> bool:
    """Administrators (superusers, or users given the permission) may add new libraries."""
    return user is not None and user.is_active and user.has_perm(INSTALL_PERMISSION)


def _labels(refs) -> str:
    return ", ".join(str(ref) for ref in sorted(refs))


def _installed(refs) -> dict[LibraryRef, H5PLibrary]:
    names = {ref.machine_name for ref in refs}
    found = {}
    for library in H5PLibrary.objects.filter(machine_name__in=names):
        ref = LibraryRef(library.machine_name, library.major_version, library.minor_version)
        if ref in refs:
            found[ref] = library
    return found


def _check_libraries(
    *, checked: CheckedPackage, installed: dict[LibraryRef, H5PLibrary], user, allow_new: bool
) -> list[LibraryRef]:
    """The shipped libraries to install; refuses missing ones and new ones from trainers."""
    missing = [ref for ref in checked.external if ref not in installed]
    if missing:
        raise PackageError(
            ngettext(
                "The package needs the library %(libraries)s, which it does not include and "
                "which is not installed.",
                "The package needs the libraries %(libraries)s, which it does not include and "
                "which are not installed.",
                len(missing),
            )
            % {"libraries": _labels(missing)}
        )
    new = [ref for ref in checked.libraries if ref not in installed]
    if new and not (allow_new or may_install_libraries(user)):
        raise PackageError(
            ngettext(
                "The package brings a library that is not installed yet: %(libraries)s. Only "
                "an administrator can add new H5P libraries; ask one to upload this package "
                "first.",
                "The package brings libraries that are not installed yet: %(libraries)s. Only "
                "an administrator can add new H5P libraries; ask one to upload this package "
                "first.",
                len(new),
            )
            % {"libraries": _labels(new)}
        )
    return new


def _unpack(archive, members, *, prefix: str, target, limits: PackageLimits) -> None:
    for name in members:
        relative = name[len(prefix) :]
        path = target.joinpath(*relative.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as output:
            copy_member(archive, name, output, limits=limits)


def h5p_activity_create(
    *,
    upload,
    user,
    title: str = "",
    allow_new_libraries: bool = False,
    limits: PackageLimits | None = None,
) -> H5PActivity:
    """Check an uploaded .h5p file and install it as a new activity.

    `upload` is a Django uploaded file (or any binary file object with `size`); refusals raise
    `PackageError` with the trainer's message and change nothing. `allow_new_libraries` is for
    the demo content, which installs its own library without a user.
    """
    limits = limits or PackageLimits()
    size = getattr(upload, "size", None)
    if size is not None and size > settings.H5P_MAX_UPLOAD_BYTES:
        raise PackageError(
            _("The file is %(size)s MB; packages of at most %(limit)s MB are accepted.")
            % {
                "size": round(size / (1024 * 1024), 1),
                "limit": settings.H5P_MAX_UPLOAD_BYTES // (1024 * 1024),
            }
        )
    fileobj = getattr(upload, "file", upload)
    fileobj.seek(0)
    checked = check_package(fileobj, limits=limits)
    fileobj.seek(0)
    moved = []
    try:
        with transaction.atomic():
            installed = _installed(set(checked.dependencies))
            new = _check_libraries(
                checked=checked, installed=installed, user=user, allow_new=allow_new_libraries
            )
            activity = H5PActivity(
                title=(title or "").strip()[:200] or checked.title,
                h5p_json=checked.h5p_json,
                package_bytes=size or 0,
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            for ref in new:
                library = checked.libraries[ref]
                try:
                    with transaction.atomic():
                        installed[ref] = H5PLibrary.objects.create(
                            machine_name=ref.machine_name,
                            major_version=ref.major,
                            minor_version=ref.minor,
                            patch_version=library.patch,
                            title=library.title,
                            runnable=library.runnable,
                            installed_by=activity.uploaded_by,
                        )
                except IntegrityError:
                    raise PackageError(
                        _(
                            "Another upload is installing the library %(library)s at this "
                            "moment. Try again in a minute."
                        )
                        % {"library": ref}
                    ) from None
            activity.main_library = installed[checked.main]
            activity.save()
            activity.libraries.set([installed[ref] for ref in checked.dependencies])
            with storage.staging() as stage, zipfile.ZipFile(fileobj) as archive:
                content = stage / "content"
                _unpack(archive, checked.content_members, prefix="", target=content, limits=limits)
                staged_libraries = []
                for ref in new:
                    folder = stage / "libraries" / ref.folder
                    members = checked.libraries[ref].members
                    _unpack(archive, members, prefix=f"{ref.folder}/", target=folder, limits=limits)
                    staged_libraries.append((folder, storage.library_dir(ref.folder)))
                for source, target in staged_libraries:
                    # The new row is ours until commit; a folder already there is a leftover.
                    storage.remove(target)
                    if storage.move_into_place(source, target):
                        moved.append(target)
                target = storage.content_dir(activity.storage_key)
                if not storage.move_into_place(content, target):
                    raise PackageError(_("The activity's folder exists already. Try again."))
                moved.append(target)
    except Exception:
        for path in moved:
            storage.remove(path)
        raise
    logger.info(
        "H5P activity %s installed by %s with %d new libraries",
        activity.pk,
        getattr(user, "pk", None),
        len(new),
    )
    return activity


def h5p_content_discard(*, activity: H5PActivity) -> None:
    """Remove a deleted activity's content folder once the deletion is committed.

    Call it in the transaction that deletes the activity. Libraries stay installed for the
    other activities; module parts already passed stay passed.
    """
    folder = storage.content_dir(activity.storage_key)
    transaction.on_commit(lambda: storage.remove(folder))


@dataclass(frozen=True)
class StatementOutcome:
    """What the player's page is told: `message` is always a final sentence for the learner;
    `counts` is False for practice (the score completes nothing), `module_completed` says
    whether the module is complete once this statement is recorded."""

    recorded: bool
    message: str
    percent: Decimal | None = None
    best_percent: Decimal | None = None
    passed: bool = False
    counts: bool = False
    module_completed: bool = False


def _ensure_may_record(*, learner, module, activity_id: int):
    if learner is None or not learner.is_authenticated:
        raise H5PError(_("Sign in to have your score recorded."), status=403)
    rule = module_h5p_rules(module=module).get(activity_id)
    if rule is None:
        raise H5PError(_("This activity is not part of this module."), status=404)
    visit = module_visit(module=module, learner=learner)
    if visit is None:
        raise H5PError(_("This module is not available."), status=404)
    if visit.refusal:
        raise H5PError(ModulePage.refusal_message(visit.refusal), status=403)
    return rule


def h5p_statement_record(*, learner, module, activity: H5PActivity, body: bytes):
    """Record a scored statement of a learner's player; see the module docstring."""
    rule = _ensure_may_record(learner=learner, module=module, activity_id=activity.pk)
    try:
        score = parse_statement(body, activity_iri=activity_iri(activity.pk))
    except StatementError as error:
        raise H5PError(str(error)) from None
    if score is None:
        return StatementOutcome(
            recorded=False,
            message=_(
                "Only the result of the whole activity is recorded: finish it to save your score."
            ),
        )
    percent = score.percent
    counts = activity.completion_key in module.completion_parts()
    with transaction.atomic():
        H5PAttempt.objects.create(
            activity=activity,
            learner=learner,
            module=module,
            verb=score.verb,
            score=score.raw,
            max_score=score.max,
            percent=percent,
        )
        try:
            with transaction.atomic():
                result, _created = H5PResult.objects.get_or_create(
                    activity=activity,
                    learner=learner,
                    module=module,
                    defaults={"best_percent": percent},
                )
        except IntegrityError:
            result = H5PResult.objects.get(activity=activity, learner=learner, module=module)
        result = H5PResult.objects.select_for_update().get(pk=result.pk)
        result.best_percent = max(result.best_percent, percent)
        result.attempts += 1
        reached = result.best_percent >= rule.pass_mark
        if reached and result.passed_at is None:
            result.passed_at = timezone.now()
        result.save(update_fields=["best_percent", "attempts", "passed_at", "updated_at"])
        # Practice scores (see `StatementOutcome.counts`) are kept here only, never reported
        # to the courses app as module parts.
        if counts and reached:
            _report_completion(learner=learner, module=module, activity=activity, result=result)
    passed = counts and reached
    return StatementOutcome(
        recorded=True,
        message=_outcome_message(percent=percent, counts=counts, passed=passed, rule=rule),
        percent=percent,
        best_percent=result.best_percent,
        passed=passed,
        counts=counts,
        module_completed=_module_completed(learner=learner, module=module),
    )


def _outcome_message(*, percent: Decimal, counts: bool, passed: bool, rule) -> str:
    if not counts:
        return _(
            "Score recorded: %(percent)s%%. This activity is practice: it does not count "
            "toward completing the module."
        ) % {"percent": percent}
    if passed:
        return _("Score recorded: %(percent)s%%. You passed this activity.") % {"percent": percent}
    return _("Score recorded: %(percent)s%%. You need %(mark)d%% to pass.") % {
        "percent": percent,
        "mark": rule.pass_mark,
    }


def _module_completed(*, learner, module) -> bool:
    return module.pk in learner_completed_module_ids(learner=learner, module_ids=[module.pk])


def _report_completion(*, learner, module, activity: H5PActivity, result: H5PResult) -> None:
    try:
        module_part_passed(
            learner=learner,
            module=module,
            part=activity.completion_key,
            score=result.best_percent,
        )
    except LearningError as error:
        logger.info("H5P %s passed but not recorded for %s: %s", activity.pk, learner.pk, error)
