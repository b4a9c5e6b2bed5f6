"""Fixtures for the quizzes tests: a course with a module holding a quiz, an enrolled learner,
a bank with one question of each type, and helpers that answer an attempt right or wrong.

Pages come from `courses.factories`, people from `home.factories`, the bank from
`quizzes.factories`; enrolment goes through `courses.services` as it does on the site.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    ParagraphBlockFactory,
)
from courses.services import enrolment_create
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from home.models import LearnerGroup
from quizzes.factories import (
    QuestionCategoryFactory,
    QuestionFactory,
    QuizBlockFactory,
    QuizFactory,
)
from quizzes.models import AttemptQuestion, QuestionKind
from quizzes.selectors import attempt_questions


@pytest.fixture
def english():
    """Messages in their English source text, for asserting on refusals."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client, db):
    """The Wagtail admin as a superuser, in English."""
    client.force_login(UserFactory(email="admin@example.vn", is_staff=True, is_superuser=True))
    client.cookies["elearn_language"] = "en"
    return client


@pytest.fixture
def trainer_client(client, db):
    """The Wagtail admin as a member of the Trainers group, in English."""
    trainer = UserFactory(email="trainer@example.vn", is_staff=True)
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client.force_login(trainer)
    client.cookies["elearn_language"] = "en"
    return client


@pytest.fixture
def catalog(db):
    return CourseIndexPageFactory()


@pytest.fixture
def commune(db):
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    return CommuneFactory(code="01273", name="Phường Thục Phán", province=province)


@pytest.fixture
def learner(commune):
    return UserFactory(
        email="hocvien@example.vn", commune=commune, learner_group=LearnerGroup.OFFICIAL
    )


@pytest.fixture
def other_learner(commune):
    return UserFactory(
        email="hocvien2@example.vn", commune=commune, learner_group=LearnerGroup.CITIZEN
    )


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog, title="An toàn thông tin cơ bản")


@pytest.fixture
def category(db):
    return QuestionCategoryFactory(name="An toàn thông tin")


@pytest.fixture
def bank(category):
    """One question of each type, in the order single, multiple, true/false, short, ordering."""
    return [
        QuestionFactory(category=category, text="Mã OTP nên chia sẻ với ai?"),
        QuestionFactory(category=category, multiple=True, points=2, partial_credit=True),
        QuestionFactory(category=category, true_false=True),
        QuestionFactory(
            category=category, short_text=True, text="Kho ứng dụng của Android tên là gì?"
        ),
        QuestionFactory(category=category, ordering=True, points=2),
    ]


@pytest.fixture
def quiz(bank):
    return QuizFactory(questions=bank, pass_mark=70)


def quiz_body(*quizzes, required=True):
    return [
        ParagraphBlockFactory(text="<p>Đọc kỹ trước khi làm bài kiểm tra.</p>"),
        *(QuizBlockFactory(quiz=q, required=required) for q in quizzes),
    ]


@pytest.fixture
def module(course, quiz):
    return ModulePageFactory(parent=course, title="Nhận diện lừa đảo", body=quiz_body(quiz))


@pytest.fixture
def enrolled(learner, course, module):
    enrolment_create(learner=learner, course=course)
    return learner


@pytest.fixture
def learner_client(client, learner):
    """The learner signed in, with the site in English so tests read the source messages."""
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def right_answer(aq: AttemptQuestion):
    """The form values that answer one attempt question right."""
    question = aq.question
    choices = list(question.choices.all())
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return {f"q-{question.pk}": [str(c.pk) for c in choices if c.is_correct]}
    if question.kind == QuestionKind.TRUE_FALSE:
        return {f"q-{question.pk}": ["true" if question.is_true else "false"]}
    if question.kind == QuestionKind.SHORT_TEXT:
        return {f"q-{question.pk}": [question.accepted_answer_list()[0]]}
    return {f"q-{question.pk}-{c.pk}": [str(i)] for i, c in enumerate(choices, start=1)}


def wrong_answer(aq: AttemptQuestion):
    question = aq.question
    choices = list(question.choices.all())
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return {f"q-{question.pk}": [str(c.pk) for c in choices if not c.is_correct][:1]}
    if question.kind == QuestionKind.TRUE_FALSE:
        return {f"q-{question.pk}": ["false" if question.is_true else "true"]}
    if question.kind == QuestionKind.SHORT_TEXT:
        return {f"q-{question.pk}": ["không biết"]}
    count = len(choices)
    return {f"q-{question.pk}-{c.pk}": [str(count - i)] for i, c in enumerate(choices)}


def form_data(attempt, *, right=(), wrong=()):
    """Post data for an attempt: questions at the given positions answered right or wrong, the
    others left empty. `right="all"` answers every question right."""
    data: dict[str, list[str]] = {"shown": []}
    for aq in attempt_questions(attempt=attempt):
        data["shown"].append(str(aq.question_id))
        if right == "all" or aq.position in right:
            data.update(right_answer(aq))
        elif wrong == "all" or aq.position in wrong:
            data.update(wrong_answer(aq))
    return data
