"""Demo quizzes: one real Vietnamese quiz per demo course, from the course's demo content file.

Called by `manage.py seed_demo` after the courses' demo content exists. Idempotent: the bank
category, its questions and the quiz are looked up by name and text, and the quiz block is
appended to the last module of its course only when that module does not show it yet. A demo
learner's completed course stays completed.
"""

from django.db import transaction

from courses.demo import CATALOG_SLUG
from courses.demo.loader import demo_courses_load
from courses.models import CourseIndexPage, CoursePage, ModulePage
from quizzes.models import Choice, Question, QuestionCategory, Quiz, QuizQuestion
from quizzes.selectors import module_quizzes

DEMO_TIME_LIMIT_MINUTES = 20


def _question(category: QuestionCategory, data: dict) -> Question:
    existing = Question.objects.filter(category=category, text=data["text"]).first()
    if existing is not None:
        return existing
    kind = data["type"]
    question = Question.objects.create(
        category=category,
        kind=kind,
        text=data["text"],
        points=data.get("points", 1),
        explanation=data.get("explanation", ""),
        partial_credit=bool(data.get("partial_credit", False)),
        is_true=data.get("answer") if kind == "true_false" else None,
        accepted_answers="\n".join(data.get("accepted", [])),
        lenient_match=True,
    )
    if kind == "ordering":
        choices = [(text, False) for text in data["items"]]
    else:
        choices = list(data.get("choices", []))
    Choice.objects.bulk_create(
        Choice(question=question, text=text, is_correct=correct, sort_order=order)
        for order, (text, correct) in enumerate(choices)
    )
    return question


def ensure_quiz(course_data: dict) -> Quiz:
    data = course_data["quiz"]
    category, _created = QuestionCategory.objects.get_or_create(
        name=course_data["title"],
        defaults={"description": course_data.get("summary", "")[:500]},
    )
    questions = [_question(category, item) for item in data["questions"]]
    quiz = Quiz.objects.filter(title=data["title"]).first()
    if quiz is None:
        quiz = Quiz.objects.create(
            title=data["title"],
            instructions=data["instructions"],
            pass_mark=data["pass_mark"],
            time_limit_minutes=DEMO_TIME_LIMIT_MINUTES,
        )
        QuizQuestion.objects.bulk_create(
            QuizQuestion(quiz=quiz, question=question, sort_order=order)
            for order, question in enumerate(questions)
        )
    return quiz


def ensure_quiz_block(module: ModulePage, quiz: Quiz) -> bool:
    """Append a required quiz block to the module and publish it; False when already there."""
    if quiz.pk in module_quizzes(module=module):
        return False
    module.body = [
        *(
            {"type": b["type"], "value": b["value"], "id": b.get("id")}
            for b in module.body.raw_data
        ),
        {"type": "quiz", "value": {"quiz": quiz.pk, "required": True}},
    ]
    module.save_revision().publish()
    return True


@transaction.atomic
def seed(stdout) -> None:
    catalog = CourseIndexPage.objects.filter(slug=CATALOG_SLUG).first()
    if catalog is None:
        stdout.write("  quizzes  skipped: no demo catalog")
        return
    added = 0
    for course_data in demo_courses_load():
        if "quiz" not in course_data:
            continue
        course = CoursePage.objects.child_of(catalog).filter(slug=course_data["slug"]).first()
        last_module = (
            ModulePage.objects.child_of(course).live().order_by("path").last() if course else None
        )
        if last_module is None:
            continue
        quiz = ensure_quiz(course_data)
        added += ensure_quiz_block(last_module, quiz)
    stdout.write(f"  quizzes  {Quiz.objects.count()} quizzes, {added} added to modules")
