"""The question bank, quizzes and results in the Wagtail admin."""

import random

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.factories import UserFactory
from quizzes.factories import QuestionFactory, QuizFactory
from quizzes.models import Question, Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.quizzes.conftest import form_data

pytestmark = pytest.mark.django_db

QUESTIONS = "wagtailsnippets_quizzes_question"
QUIZZES = "wagtailsnippets_quizzes_quiz"
CATEGORIES = "wagtailsnippets_quizzes_questioncategory"


def question_post(category, *, kind="single", choices=(), **fields):
    return nested_form_data(
        {
            "category": category.pk,
            "kind": kind,
            "text": "Mật khẩu nào mạnh nhất?",
            "points": 1,
            "explanation": "",
            "accepted_answers": "",
            "lenient_match": "on",
            "choices": inline_formset(
                [{"text": text, "is_correct": "on" if right else ""} for text, right in choices]
            ),
            **fields,
        }
    )


def test_trainers_keep_the_question_bank_and_quizzes(trainer_client, bank, quiz):
    for name in (QUESTIONS, QUIZZES, CATEGORIES):
        assert trainer_client.get(reverse(f"{name}:list")).status_code == 200
    assert trainer_client.get(reverse(f"{QUESTIONS}:add")).status_code == 200
    assert trainer_client.get(reverse(f"{QUIZZES}:edit", args=[quiz.pk])).status_code == 200


def test_the_bank_is_filtered_by_category_and_type(admin_client, bank, category):
    response = admin_client.get(
        reverse(f"{QUESTIONS}:list"), {"category": category.pk, "kind": "short_text"}
    )

    html = response.content.decode()
    assert bank[3].text in html
    assert bank[0].text not in html


def test_a_trainer_adds_a_single_choice_question_with_its_choices(admin_client, category):
    response = admin_client.post(
        reverse(f"{QUESTIONS}:add"),
        question_post(category, choices=[("123456", False), ("Tr0ng-Đồng!2025", True)]),
    )

    assert response.status_code == 302
    question = Question.objects.get()
    assert list(question.choices.values_list("text", "is_correct")) == [
        ("123456", False),
        ("Tr0ng-Đồng!2025", True),
    ]


def test_a_single_choice_question_with_two_right_choices_is_refused(admin_client, category):
    response = admin_client.post(
        reverse(f"{QUESTIONS}:add"),
        question_post(category, choices=[("A", True), ("B", True)]),
    )

    assert response.status_code == 200
    assert "needs exactly one right choice" in response.content.decode()
    assert not Question.objects.exists()


def test_a_true_false_question_must_say_which(admin_client, category):
    response = admin_client.post(
        reverse(f"{QUESTIONS}:add"), question_post(category, kind="true_false", is_true="")
    )

    assert "Say whether the statement is true or false." in response.content.decode()
    assert not Question.objects.exists()


def test_a_quiz_needs_questions(admin_client):
    data = nested_form_data(
        {
            "title": "Bài kiểm tra trống",
            "instructions": "",
            "pass_mark": 70,
            "grading_method": "highest",
            "review": "answers",
            "review_timing": "each_attempt",
            "fixed_questions": inline_formset([]),
            "draws": inline_formset([]),
        }
    )

    response = admin_client.post(reverse(f"{QUIZZES}:add"), data)

    assert "Add questions, or a rule that draws them" in response.content.decode()
    assert not Quiz.objects.exists()


def test_a_draw_cannot_ask_for_more_questions_than_the_category_has(admin_client, bank, category):
    data = nested_form_data(
        {
            "title": "Bài kiểm tra ngẫu nhiên",
            "instructions": "",
            "pass_mark": 70,
            "grading_method": "highest",
            "review": "answers",
            "review_timing": "each_attempt",
            "fixed_questions": inline_formset([]),
            "draws": inline_formset([{"category": category.pk, "count": 9}]),
        }
    )

    response = admin_client.post(reverse(f"{QUIZZES}:add"), data)

    assert "has 5 questions that are not already in the quiz" in response.content.decode()


def test_a_question_used_in_attempts_is_kept_with_a_message(admin_client, enrolled, quiz, module):
    attempt = attempt_start(learner=enrolled, quiz=quiz, module=module, rng=random.Random(1))
    question = attempt.questions.first().question

    response = admin_client.post(reverse(f"{QUESTIONS}:delete", args=[question.pk]), follow=True)

    assert response.status_code == 200
    assert Question.objects.filter(pk=question.pk).exists()
    assert "attempts and is kept" in response.content.decode()


def test_an_unused_question_can_be_deleted(admin_client):
    question = QuestionFactory()

    admin_client.post(reverse(f"{QUESTIONS}:delete", args=[question.pk]))

    assert not Question.objects.filter(pk=question.pk).exists()


def test_the_results_report_shows_attempts_pass_rate_and_item_analysis(
    admin_client, enrolled, other_learner, course, quiz, module, bank
):
    from courses.services import enrolment_create

    enrolment_create(learner=other_learner, course=course)
    first = attempt_start(learner=enrolled, quiz=quiz, module=module)
    attempt_submit(attempt=first, learner=enrolled, data=form_data(first, right="all"))
    second = attempt_start(learner=other_learner, quiz=quiz, module=module)
    attempt_submit(attempt=second, learner=other_learner, data=form_data(second, right={1}))

    listing = admin_client.get(reverse(f"{QUIZZES}:list")).content.decode()
    assert reverse(f"{QUIZZES}:report", args=[quiz.pk]) in listing
    html = admin_client.get(reverse(f"{QUIZZES}:report", args=[quiz.pk])).content.decode()

    assert "<td>1 (50%)</td>" in html  # attempts passed, learners passed
    assert "<td>2</td>" in html
    first_row = html[html.index(bank[0].text[:40]) :]
    assert "<td>2 (100%)</td>" in first_row[:400]
    short_row = html[html.index(bank[3].text[:40]) :]
    assert "<td>1 (50%)</td>" in short_row[:400]


def test_learners_cannot_see_the_results_report(client, quiz):
    client.force_login(UserFactory(email="hv@example.vn"))

    response = client.get(reverse(f"{QUIZZES}:report", args=[quiz.pk]))

    assert response.status_code in (302, 403)


def test_the_quiz_block_reports_its_part_only_when_required(quiz):
    from quizzes.blocks import QuizBlock

    block = QuizBlock()

    assert block.completion_part({"quiz": quiz, "required": True}) == f"quiz:{quiz.pk}"
    assert block.completion_part({"quiz": quiz, "required": False}) is None
    assert block.completion_part({"quiz": None, "required": True}) is None


def test_a_module_reports_the_parts_of_its_required_quizzes(module, quiz):
    assert module.completion_parts() == [f"quiz:{quiz.pk}"]


def test_quizzes_are_chosen_in_a_module_body_like_other_snippets(admin_client, module):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))

    assert response.status_code == 200
    assert "Learners must pass this quiz before the module counts as complete." in (
        response.content.decode()
    )


def test_a_quiz_with_its_draw_rules_can_be_saved(admin_client, bank, category):
    data = nested_form_data(
        {
            "title": "Bài kiểm tra",
            "instructions": "Làm cẩn thận.",
            "pass_mark": 80,
            "max_attempts": 3,
            "time_limit_minutes": 15,
            "grading_method": "last",
            "review": "correctness",
            "review_timing": "finished",
            "fixed_questions": inline_formset([{"question": bank[0].pk}]),
            "draws": inline_formset([{"category": category.pk, "count": 2}]),
        }
    )

    response = admin_client.post(reverse(f"{QUIZZES}:add"), data)

    assert response.status_code == 302
    quiz = Quiz.objects.get()
    assert (quiz.max_attempts, quiz.time_limit_minutes, quiz.grading_method) == (3, 15, "last")
    assert quiz.draws.get().count == 2


def test_quiz_factory_makes_a_working_quiz():
    assert QuizFactory(questions=[QuestionFactory()]).fixed_questions.count() == 1
