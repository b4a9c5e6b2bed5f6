"""Fixtures for the courses tests: a catalog, courses with modules, learners in communes.

Pages are built with `courses.factories` and people with `home.factories`; graded activities
come from `graded_parts`, which stands in for the quiz and H5P blocks of the quizzes app.
"""

import pytest
from django.utils import translation

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import ModulePage
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from home.models import LearnerGroup


@pytest.fixture
def catalog(db):
    return CourseIndexPageFactory()


@pytest.fixture
def cao_bang(db):
    return ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")


@pytest.fixture
def thuc_phan(cao_bang):
    return CommuneFactory(code="01273", name="Phường Thục Phán", province=cao_bang)


@pytest.fixture
def learner(thuc_phan):
    return UserFactory(
        email="hocvien@example.vn", commune=thuc_phan, learner_group=LearnerGroup.OFFICIAL
    )


@pytest.fixture
def other_learner(db):
    return UserFactory(email="hocvien2@example.vn", learner_group=LearnerGroup.CITIZEN)


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog, title="An toàn thông tin cơ bản")


@pytest.fixture
def modules(course):
    return ModulePageFactory.create_batch(3, parent=course)


@pytest.fixture
def sequential_course(catalog):
    return CoursePageFactory(parent=catalog, title="Dịch vụ công trực tuyến", sequential=True)


@pytest.fixture
def sequential_modules(sequential_course):
    return ModulePageFactory.create_batch(3, parent=sequential_course)


@pytest.fixture
def graded_parts(monkeypatch):
    """`graded_parts[module.pk] = ["quiz:1"]` gives a module required graded activities.

    The quizzes app's blocks implement `completion_part`; until they exist the tests set the
    parts a module reports instead of building its body from those blocks.
    """
    parts: dict[int, list[str]] = {}
    monkeypatch.setattr(ModulePage, "completion_parts", lambda self: list(parts.get(self.pk, [])))
    return parts


@pytest.fixture
def english():
    """Messages in their English source text, for asserting on services' refusals."""
    with translation.override("en"):
        yield
