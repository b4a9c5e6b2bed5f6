"""The demo quizzes: one per demo course, placed in its last module, created once."""

import io

import pytest

from courses import demo as courses_demo
from courses.demo.loader import demo_courses_load
from courses.models import CourseCompletion, ModulePage
from home.factories import UserFactory
from quizzes import demo
from quizzes.models import Question, Quiz
from quizzes.selectors import module_quizzes

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_courses(commune):
    UserFactory(email=courses_demo.LEARNER_EMAIL, commune=commune)
    courses_demo.seed(io.StringIO())


def last_module(slug):
    return (
        ModulePage.objects.filter(live=True, path__startswith=_course_path(slug))
        .order_by("path")
        .last()
    )


def _course_path(slug):
    from courses.models import CoursePage

    return CoursePage.objects.get(slug=slug).path


def test_each_demo_course_gets_a_required_quiz_in_its_last_module(demo_courses):
    demo.seed(io.StringIO())

    for course in demo_courses_load():
        quiz = Quiz.objects.get(title=course["quiz"]["title"])
        assert quiz.fixed_questions.count() == len(course["quiz"]["questions"]) >= 8
        assert quiz.pass_mark == course["quiz"]["pass_mark"]
        module = last_module(course["slug"])
        assert module_quizzes(module=module) == {quiz.pk: True}
        assert module.completion_parts() == [f"quiz:{quiz.pk}"]


def test_demo_questions_keep_their_types_and_answers(demo_courses):
    demo.seed(io.StringIO())

    data = demo_courses_load()[0]["quiz"]["questions"]
    ordering = next(q for q in data if q["type"] == "ordering")
    stored = Question.objects.get(text=ordering["text"])
    assert [c.text for c in stored.choices.order_by("sort_order")] == ordering["items"]
    short = next(q for q in data if q["type"] == "short_text")
    assert Question.objects.get(text=short["text"]).accepted_answer_list() == short["accepted"]


def test_seeding_twice_creates_nothing_new(demo_courses):
    demo.seed(io.StringIO())
    counts = (Quiz.objects.count(), Question.objects.count())

    out = io.StringIO()
    demo.seed(out)

    assert (Quiz.objects.count(), Question.objects.count()) == counts
    assert "0 added to modules" in out.getvalue()
    for course in demo_courses_load():
        assert len(module_quizzes(module=last_module(course["slug"]))) == 1


def test_a_course_the_demo_learner_completed_stays_completed(demo_courses):
    completed = set(CourseCompletion.objects.values_list("course_id", flat=True))

    demo.seed(io.StringIO())

    assert completed
    assert set(CourseCompletion.objects.values_list("course_id", flat=True)) == completed


def test_demo_quizzes_keep_the_right_answers_back_until_the_learner_finishes(demo_courses):
    demo.seed(io.StringIO())

    for course in demo_courses_load():
        quiz = Quiz.objects.get(title=course["quiz"]["title"])
        assert (quiz.review, quiz.review_timing) == ("answers", "correctness_first")
