"""A learner's quiz in the browser without JavaScript, and the autosave endpoint it offers JS."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.factories import ModulePageFactory
from quizzes.factories import QuestionFactory, QuizFactory
from quizzes.models import Attempt, AttemptQuestion, AttemptResult
from quizzes.selectors import attempt_questions
from tests.quizzes.conftest import form_data, quiz_body

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def start_url(module, quiz):
    return reverse("quiz_start", args=[module.pk, quiz.pk])


def attempt_url(attempt):
    return reverse("quiz_attempt", args=[attempt.pk])


def save_url(attempt):
    return reverse("quiz_attempt_save", args=[attempt.pk])


def submit_url(attempt):
    return reverse("quiz_attempt_submit", args=[attempt.pk])


@pytest.fixture
def attempt(learner_client, enrolled, quiz, module):
    learner_client.post(start_url(module, quiz))
    return Attempt.objects.get(learner=enrolled)


def test_quiz_urls_are_mounted_under_learning(attempt):
    assert attempt_url(attempt) == f"/learning/quizzes/attempts/{attempt.pk}/"


def test_the_module_page_shows_the_quiz_and_a_start_button(learner_client, enrolled, module, quiz):
    html = learner_client.get(module.url).content.decode()

    assert quiz.title in html
    assert f'action="{start_url(module, quiz)}"' in html
    assert "Pass this quiz to complete the module." in html


def test_starting_opens_the_attempt_page(learner_client, enrolled, module, quiz):
    response = learner_client.post(start_url(module, quiz))

    attempt = Attempt.objects.get(learner=enrolled)
    assert response.status_code == 302
    assert response.url == attempt_url(attempt)


def test_start_is_refused_with_a_message_for_a_learner_not_enrolled(
    learner_client, learner, module, quiz
):
    response = learner_client.post(start_url(module, quiz))

    assert response.url == module.url
    assert messages_of(response) == ["Enrol in the course to read its modules."]
    assert not Attempt.objects.exists()


def test_get_on_start_save_and_submit_is_refused(learner_client, attempt, module, quiz):
    for url in (start_url(module, quiz), save_url(attempt), submit_url(attempt)):
        assert learner_client.get(url).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(attempt):
    response = Client().get(attempt_url(attempt))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_attempt_page_never_contains_the_right_answers(learner_client, attempt, bank):
    html = learner_client.get(attempt_url(attempt)).content.decode()

    for question in bank:
        assert question.text in html
        assert question.explanation not in html
    for accepted in bank[3].accepted_answer_list():
        assert accepted not in html
    assert "correct" not in html.lower()
    radios = re.findall(rf'<input type="radio" name="q-{bank[0].pk}"[^>]*>', html)
    assert len(radios) == 4
    assert {re.sub(r'value="\d+"', "", r) for r in radios} == {
        f'<input type="radio" name="q-{bank[0].pk}" >'
    }


def test_ordering_items_are_shown_shuffled_with_a_position_for_each(learner_client, attempt, bank):
    html = learner_client.get(attempt_url(attempt)).content.decode()
    items = [c.text for c in bank[4].choices.all()]

    shown = re.findall(r'<label for="order-[^"]+">([^<]+)</label>', html)
    assert sorted(shown) == sorted(items)
    assert shown != items


def test_question_text_is_shown_as_text_not_run_as_html(learner_client, enrolled, course):
    question = QuestionFactory(text="<script>alert('x')</script> Mật khẩu mạnh là gì?")
    quiz = QuizFactory(questions=[question])
    module = ModulePageFactory(parent=course, body=quiz_body(quiz))
    learner_client.post(start_url(module, quiz))
    attempt = Attempt.objects.get(quiz=quiz)

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_page_works_without_javascript(learner_client, attempt):
    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert f'<form method="post" action="{save_url(attempt)}"' in html
    assert f'formaction="{submit_url(attempt)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_ids_past_a_thousand_stay_whole_numbers_in_the_form_a_learner_posts(
    learner_client, enrolled, course, category
):
    """English groups digits ("1,234"): an id or a time in a field name or value must not be
    grouped, or the answer posted back belongs to no question and the countdown reads 1 s."""
    single = QuestionFactory(pk=12345, category=category, text="Mã OTP nên chia sẻ với ai?")
    tick = QuestionFactory(pk=23456, category=category, multiple=True)
    quiz = QuizFactory(questions=[single, tick], time_limit_minutes=30)
    module = ModulePageFactory(parent=course, title="Mã xác thực", body=quiz_body(quiz))
    learner_client.post(start_url(module, quiz))
    attempt = Attempt.objects.get(learner=enrolled, quiz=quiz)

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert re.search(r'data-seconds-left="1[78]\d\d"', html)
    shown = re.findall(r'<input type="hidden" name="shown" value="([^"]+)">', html)
    assert sorted(shown) == ["12345", "23456"]
    radio = re.search(r'<input type="radio" name="(q-[^"]+)" value="([^"]+)"', html)
    assert radio.group(1) == "q-12345"
    response = learner_client.post(
        save_url(attempt), {"shown": shown, radio.group(1): [radio.group(2)]}
    )
    assert response.status_code == 302
    saved = AttemptQuestion.objects.get(attempt=attempt, question=single)
    assert saved.answer == int(radio.group(2))


def test_saving_without_javascript_returns_to_the_page_with_the_answers_ticked(
    learner_client, attempt
):
    data = form_data(attempt, right={1})
    response = learner_client.post(save_url(attempt), data)

    assert response.url == attempt_url(attempt)
    assert messages_of(response) == ["Your answers are saved."]
    chosen = data[f"q-{attempt_questions(attempt=attempt)[0].question_id}"][0]
    html = learner_client.get(attempt_url(attempt)).content.decode()
    assert re.search(rf'value="{chosen}" checked', html)


def test_autosave_answers_json_and_stores_the_answer(learner_client, attempt):
    response = learner_client.post(save_url(attempt), form_data(attempt, right={3}), **JSON)

    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert AttemptQuestion.objects.get(attempt=attempt, position=3).answer is False


def test_autosave_refuses_an_out_of_range_choice_with_a_message(learner_client, attempt):
    data = form_data(attempt)
    data[f"q-{attempt_questions(attempt=attempt)[0].question_id}"] = ["424242"]

    response = learner_client.post(save_url(attempt), data, **JSON)

    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "message": "Question 1: That choice is not one of this question's choices.",
    }
    assert not AttemptQuestion.objects.filter(attempt=attempt, answer__isnull=False).exists()


def test_another_learners_attempt_is_hidden_and_its_answers_refused(attempt, other_learner):
    client = Client()
    client.force_login(other_learner)
    client.cookies["elearn_language"] = "en"

    assert client.get(attempt_url(attempt)).status_code == 404
    response = client.post(save_url(attempt), form_data(attempt, right="all"), **JSON)
    assert response.status_code == 403
    assert response.json()["message"] == "This attempt belongs to another learner."
    page = client.post(submit_url(attempt), form_data(attempt, right="all"))
    assert page.status_code == 403
    assert "This attempt belongs to another learner." in page.content.decode()
    assert not AttemptQuestion.objects.filter(attempt=attempt, answer__isnull=False).exists()
    assert not AttemptResult.objects.exists()


def test_submitting_shows_the_result_and_a_double_click_shows_the_same_result(
    learner_client, attempt
):
    data = form_data(attempt, right="all")
    first = learner_client.post(submit_url(attempt), data)
    second = learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))

    assert first.url == second.url == attempt_url(attempt)
    assert messages_of(second) == ["This attempt was already submitted; here is its result."]
    assert AttemptResult.objects.get().percent == 100
    html = learner_client.get(attempt_url(attempt)).content.decode()
    assert 'data-quiz-outcome="passed"' in html
    assert "7.00 of 7.00 points (100.00%)" in html


def test_answers_posted_to_a_submitted_attempt_are_refused(learner_client, attempt):
    learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))

    response = learner_client.post(save_url(attempt), form_data(attempt, right="all"), **JSON)

    assert response.status_code == 409
    assert "has been submitted" in response.json()["message"]


def test_a_failed_attempt_shows_which_answers_were_wrong_but_not_the_right_answers(
    learner_client, attempt, bank
):
    learner_client.post(submit_url(attempt), form_data(attempt, wrong={1, 2, 3, 4}))

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert html.count('<span class="quiz-badge">Wrong') == 4
    assert "Not answered" in html
    assert bank[0].explanation not in html
    assert "CH Play" not in html
    assert "(right answer)" not in html
    assert "Right answer:" not in html
    assert "is-correct" not in html
    assert "The right answers are shown once you pass or have used all your attempts." in html


def test_a_blank_attempt_does_not_give_away_the_key(learner_client, attempt, bank):
    learner_client.post(submit_url(attempt), {"shown": []})

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert html.count('<span class="quiz-badge">Not answered') == len(bank)
    assert "(right answer)" not in html
    assert "Right answer:" not in html
    assert "CH Play" not in html
    assert not [q.explanation for q in bank if q.explanation in html]


def test_the_right_answers_show_once_the_learner_used_the_last_attempt(
    learner_client, attempt, quiz, bank
):
    quiz.max_attempts = 1
    quiz.save()
    learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert bank[0].explanation in html
    assert "CH Play / Google Play" in html
    assert "(right answer)" in html
    assert "data-quiz-answers-later" not in html


def test_a_practice_quiz_shows_right_answers_after_each_attempt_when_the_trainer_chooses_it(
    learner_client, attempt, quiz, bank
):
    quiz.review_timing = "each_attempt"
    quiz.save()
    learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert bank[0].explanation in html
    assert "CH Play / Google Play" in html
    assert "(right answer)" in html


def test_a_score_only_quiz_shows_no_answers(learner_client, attempt, quiz, bank):
    quiz.review = "score"
    quiz.save()
    learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))

    html = learner_client.get(attempt_url(attempt)).content.decode()

    assert "0.00 of 7.00 points" in html
    assert bank[0].explanation not in html
    assert "CH Play" not in html


def test_answers_wait_until_the_learner_passes_when_the_quiz_says_so(
    learner_client, attempt, quiz, bank, module
):
    quiz.review_timing = "finished"
    quiz.save()
    learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))
    failed = learner_client.get(attempt_url(attempt)).content.decode()

    learner_client.post(start_url(module, quiz))
    retake = Attempt.objects.get(number=2)
    learner_client.post(submit_url(retake), form_data(retake, right="all"))
    passed = learner_client.get(attempt_url(retake)).content.decode()

    assert bank[0].explanation not in failed
    assert "Try again" in failed
    assert bank[0].explanation in passed


def test_an_expired_attempt_page_grades_what_was_saved(learner_client, attempt):
    learner_client.post(save_url(attempt), form_data(attempt, right={1}), **JSON)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=2))

    response = learner_client.get(attempt_url(attempt))

    assert "Time is up. The answers you saved in time were graded." in messages_of(response)
    assert AttemptResult.objects.get().score == 1


def test_autosave_after_the_deadline_is_refused_with_a_clear_message(learner_client, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=2))

    response = learner_client.post(save_url(attempt), form_data(attempt, right="all"), **JSON)

    assert response.status_code == 409
    assert response.json()["message"].startswith("Time is up")
    assert not AttemptQuestion.objects.filter(attempt=attempt, answer__isnull=False).exists()


def test_the_module_page_shows_the_pass_and_completion_after_passing(
    learner_client, attempt, module
):
    learner_client.post(submit_url(attempt), form_data(attempt, right="all"))

    html = learner_client.get(module.url).content.decode()

    assert "You passed with 100.00%." in html
    assert "You have completed this module." in html


def test_timed_attempt_page_shows_the_deadline_and_seconds_left(
    learner_client, enrolled, quiz, module
):
    quiz.time_limit_minutes = 10
    quiz.save()
    learner_client.post(start_url(module, quiz))
    attempt = Attempt.objects.get()

    html = learner_client.get(attempt_url(attempt)).content.decode()

    seconds = int(re.search(r'data-seconds-left="(\d+)"', html)[1])
    assert 590 <= seconds <= 600
    assert "quizzes/quiz.js" in html


def test_json_answers_decode(learner_client, attempt):
    response = learner_client.post(save_url(attempt), form_data(attempt), **JSON)

    assert json.loads(response.content)["changed"] == 0


def test_passing_the_last_quiz_says_the_course_is_complete_and_links_the_certificate(
    learner_client, attempt, course, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.CERTIFICATE_FILES_DIR = tmp_path / "certificates"
    with django_capture_on_commit_callbacks(execute=True):  # the certificate is made on commit
        response = learner_client.post(submit_url(attempt), form_data(attempt, right="all"))
    html = learner_client.get(response.url).content.decode()

    certificate = course.certificates.get()
    assert "data-course-complete" in html
    assert f"You have completed the course “{course.title}”." in html
    assert reverse("certificate_download", args=[certificate.display_code]) in html


def test_a_failed_attempt_says_nothing_about_the_course(learner_client, attempt):
    response = learner_client.post(submit_url(attempt), form_data(attempt, wrong="all"))

    assert "data-course-complete" not in learner_client.get(response.url).content.decode()
