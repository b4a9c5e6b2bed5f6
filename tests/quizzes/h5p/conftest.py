"""Fixtures for the H5P tests: a small installed activity, module bodies holding it, a module
and an enrolled learner. The course and learner come from tests/quizzes/conftest.py."""

import pytest

from courses.factories import ModulePageFactory
from courses.services import enrolment_create
from quizzes.h5p.services import h5p_activity_create
from tests.quizzes.h5p.packages import package, upload


@pytest.fixture
def h5p_activity(db):
    """A small H5P activity (library Test.Check 1.0), installed as the demo content is."""
    return h5p_activity_create(
        upload=upload("kiem-tra.h5p", package(title="Kiểm tra nhanh")),
        user=None,
        allow_new_libraries=True,
    )


def h5p_body(*activities, pass_mark=80, required=True):
    return [
        {"type": "paragraph", "value": "<p>Làm bài tập tương tác.</p>"},
        *(
            {
                "type": "h5p",
                "value": {"activity": a.pk, "pass_mark": pass_mark, "required": required},
            }
            for a in activities
        ),
    ]


@pytest.fixture
def h5p_module(course, h5p_activity):
    return ModulePageFactory(parent=course, title="Bài tập tương tác", body=h5p_body(h5p_activity))


@pytest.fixture
def h5p_learner(learner, course, h5p_module):
    enrolment_create(learner=learner, course=course)
    return learner
