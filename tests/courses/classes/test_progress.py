"""The class progress page: the learners x modules grid, stuck learners, and a query count
that does not grow with the class."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.certificates.factories import CertificateFactory
from courses.classes.factories import ClassFactory
from courses.classes.models import ClassMember
from courses.classes.progress import class_progress, learner_is_stuck
from courses.classes.services import class_member_add
from courses.factories import CoursePageFactory, ModulePageFactory
from courses.models import Enrolment, ModulePage, ModulePartResult, ModuleProgress
from home.factories import UserFactory
from home.models import User
from quizzes.factories import AttemptFactory, QuizFactory
from quizzes.models import Attempt, AttemptResult

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("last_activity", "finished", "stuck"),
    [
        (None, False, True),
        (NOW - timedelta(days=7), False, True),
        (NOW - timedelta(days=6, hours=23), False, False),
        (NOW - timedelta(days=30), True, False),
    ],
)
def test_a_learner_is_stuck_after_days_without_activity_until_finished(
    last_activity, finished, stuck
):
    assert (
        learner_is_stuck(last_activity=last_activity, finished=finished, now=NOW, days=7) is stuck
    )


def _modules(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def test_the_grid_shows_completion_best_score_last_activity_and_certificate(
    klass, class_course, learner, thuc_phan
):
    first, second = _modules(class_course)
    idle = UserFactory(full_name="Lò Văn Nghỉ", commune=thuc_phan)
    class_member_add(klass=klass, learner=learner)
    class_member_add(klass=klass, learner=idle)
    ModuleProgress.objects.create(learner=learner, module=first, completed_at=timezone.now())
    ModuleProgress.objects.create(learner=learner, module=second)
    ModulePartResult.objects.create(learner=learner, module=second, part="q", score=Decimal(60))
    ModulePartResult.objects.create(learner=learner, module=second, part="h", score=Decimal(85))
    certificate = CertificateFactory(learner=learner, course=class_course)
    ClassMember.objects.filter(learner=idle).update(joined_at=timezone.now() - timedelta(days=9))
    Enrolment.objects.filter(learner=idle).update(enrolled_at=timezone.now() - timedelta(days=9))

    progress = class_progress(klass=klass, now=timezone.now(), stuck_days=7)

    rows = {row.member.learner_id: row for row in progress.rows}
    busy, lazy = rows[learner.pk], rows[idle.pk]
    assert [(c.completed, c.started, c.best_score) for c in busy.cells] == [
        (True, True, None),
        (False, True, Decimal(85)),
    ]
    assert busy.certificates == [certificate.code]
    assert busy.completed_courses == 1
    assert not busy.stuck
    assert [(c.started, c.best_score) for c in lazy.cells] == [(False, None), (False, None)]
    assert lazy.stuck
    assert progress.stuck_rows == [lazy]
    assert progress.finished_count == 1


def test_the_page_lists_the_stuck_learner_in_vietnamese(client, klass, trainer, learner):
    class_member_add(klass=klass, learner=learner)
    ClassMember.objects.update(joined_at=timezone.now() - timedelta(days=20))
    Enrolment.objects.update(enrolled_at=timezone.now() - timedelta(days=20))
    client.force_login(trainer)
    page = client.get(reverse("class_progress", args=(klass.pk,)), {"days": "14"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 học viên đang bị chậm" in text
    assert learner.full_name in text


@pytest.mark.parametrize("role", ["trainer", "province_manager", "commune_manager"])
def test_the_trainer_and_managers_above_open_the_progress_page(client, request, klass, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("class_progress", args=(klass.pk,))).status_code == 200


@pytest.mark.parametrize(
    "role", ["other_trainer", "other_province_manager", "other_commune_manager"]
)
def test_others_do_not_find_the_progress_page(client, request, klass, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("class_progress", args=(klass.pk,))).status_code == 404


def _fill(klass, courses_modules, count, commune):
    learners = User.objects.bulk_create(
        [
            User(email=f"hv{klass.pk}-{i}@example.vn", full_name=f"Học viên {i}", commune=commune)
            for i in range(count)
        ]
    )
    ClassMember.objects.bulk_create([ClassMember(klass=klass, learner=u) for u in learners])
    modules = [m for course_modules in courses_modules for m in course_modules]
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(learner=u, module=m, completed_at=NOW if i % 2 else None)
            for u in learners
            for i, m in enumerate(modules)
        ]
    )
    ModulePartResult.objects.bulk_create(
        [ModulePartResult(learner=u, module=modules[0], part="quiz", score=70) for u in learners]
    )


def _queries(client, klass):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("class_progress", args=(klass.pk,)))
    assert response.status_code == 200
    return len(queries), response


def test_the_progress_page_of_200_learners_by_10_modules_costs_what_a_small_one_does(
    client, catalog, thuc_phan, trainer
):
    first = CoursePageFactory(parent=catalog)
    second = CoursePageFactory(parent=catalog)
    modules = [
        ModulePageFactory.create_batch(5, parent=first),
        ModulePageFactory.create_batch(5, parent=second),
    ]
    small = ClassFactory(commune=thuc_phan, courses=[first, second], trainers=[trainer])
    large = ClassFactory(commune=thuc_phan, courses=[first, second], trainers=[trainer])
    _fill(small, modules, 2, thuc_phan)
    _fill(large, modules, 200, thuc_phan)
    client.force_login(trainer)
    _queries(client, small)  # warms the session and caches

    small_count, _response = _queries(client, small)
    large_count, response = _queries(client, large)

    assert large_count == small_count
    assert large_count <= 25
    assert len(response.context["progress"].rows) == 200
    assert len(response.context["progress"].rows[0].cells) == 10


def test_the_progress_downloads_as_csv_in_vietnamese_with_formulas_made_inert(
    client, klass, class_course, trainer, thuc_phan
):
    learner = UserFactory(full_name="=HYPERLINK(1)", email="a@example.vn", commune=thuc_phan)
    class_member_add(klass=klass, learner=learner)
    first = _modules(class_course)[0]
    ModuleProgress.objects.create(learner=learner, module=first, completed_at=timezone.now())
    ModulePartResult.objects.create(learner=learner, module=first, part="q", score=Decimal(90))
    client.force_login(trainer)
    response = client.get(reverse("class_progress_download", args=(klass.pk, "csv")))
    text = b"".join(response.streaming_content).decode("utf-8")
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("Học viên,E-mail,Số điện thoại,Ngày vào lớp,")
    assert f"{class_course.title} - {first.title}" in header
    assert row.startswith("'=HYPERLINK(1),a@example.vn,")
    assert ",hoàn thành,90," in row


def test_the_progress_downloads_as_xlsx(client, klass, trainer, learner):
    import io

    import openpyxl

    class_member_add(klass=klass, learner=learner)
    client.force_login(trainer)
    response = client.get(reverse("class_progress_download", args=(klass.pk, "xlsx")))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == learner.full_name


@pytest.mark.parametrize(
    "role", ["other_trainer", "other_province_manager", "other_commune_manager"]
)
def test_others_cannot_download_the_class_progress(client, request, klass, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("class_progress_download", args=(klass.pk, "csv"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("finished", "stuck"), [(False, True), (True, False)])
def test_an_active_learner_who_failed_a_quiz_without_passing_it_is_stuck(finished, stuck):
    assert (
        learner_is_stuck(
            last_activity=NOW - timedelta(hours=1),
            finished=finished,
            now=NOW,
            days=7,
            failing=True,
        )
        is stuck
    )


def _attempt(learner, module, quiz, number, passed):
    attempt = AttemptFactory(
        learner=learner,
        module=module,
        quiz=quiz,
        number=number,
        status=Attempt.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    AttemptResult.objects.create(
        attempt=attempt,
        score=Decimal(8 if passed else 3),
        max_score=Decimal(10),
        percent=Decimal(80 if passed else 30),
        passed=passed,
    )


def test_failed_quiz_attempts_not_passed_since_make_a_learner_stuck(
    client, klass, class_course, learner, trainer
):
    first, second = _modules(class_course)
    quiz, other_quiz = QuizFactory(), QuizFactory()
    class_member_add(klass=klass, learner=learner)
    ModuleProgress.objects.create(learner=learner, module=first)
    _attempt(learner, first, quiz, 1, passed=False)
    _attempt(learner, first, quiz, 2, passed=False)
    _attempt(learner, second, other_quiz, 1, passed=False)
    _attempt(learner, second, other_quiz, 2, passed=True)

    row = class_progress(klass=klass, now=timezone.now()).rows[0]

    assert [cell.failed_attempts for cell in row.cells] == [2, 0]
    assert row.failing_modules == 1
    assert row.stuck
    client.force_login(trainer)
    text = client.get(reverse("class_progress", args=(klass.pk,))).content.decode()
    assert "trượt bài kiểm tra ở 1 học phần mà chưa đạt lại" in text
    assert "✗2" in text


def test_a_quiz_passed_after_failing_it_does_not_make_a_learner_stuck(klass, class_course, learner):
    first, _second = _modules(class_course)
    quiz = QuizFactory()
    class_member_add(klass=klass, learner=learner)
    ModuleProgress.objects.create(learner=learner, module=first)
    _attempt(learner, first, quiz, 1, passed=False)
    _attempt(learner, first, quiz, 2, passed=True)

    row = class_progress(klass=klass, now=timezone.now()).rows[0]

    assert row.failing_modules == 0
    assert not row.stuck
