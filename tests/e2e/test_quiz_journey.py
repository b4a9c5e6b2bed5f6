"""A learner takes a timed quiz on a phone: answers are saved as they go and survive a reload,
a failed attempt is followed by a retake with a new draw, and passing completes the module."""

import pytest
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from quizzes.factories import QuestionCategoryFactory, QuestionFactory, QuizFactory
from quizzes.models import Attempt, QuizDraw
from quizzes.selectors import attempt_questions
from tests.e2e.browser import elements_sticking_out, screenshot, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

BANK = [
    ("Mã OTP ngân hàng nên chia sẻ với ai?", "Không chia sẻ với ai"),
    ("Khi nhận cuộc gọi xưng là công an yêu cầu chuyển tiền, bạn làm gì?", "Gác máy, báo 113"),
    ("Mật khẩu nào an toàn nhất?", "Cụm từ dài, khó đoán"),
    ("Tải ứng dụng trên Android ở đâu?", "CH Play"),
    ("Đường link lạ trong tin nhắn trúng thưởng thì sao?", "Không bấm vào"),
    ("Wi-Fi công cộng có nên chuyển tiền?", "Không, dùng 4G của mình"),
]
WRONG = "Làm theo yêu cầu ngay"


@pytest.fixture
def timed_quiz_module():
    category = QuestionCategoryFactory(name="An toàn thông tin (E2E)")
    for text, right in BANK:
        QuestionFactory(
            category=category,
            text=text,
            choices=[(WRONG, False), (right, True), ("Hỏi người lạ trên mạng", False)],
        )
    quiz = QuizFactory(
        title="Bài kiểm tra an toàn thông tin",
        instructions="Ba câu hỏi rút ngẫu nhiên, cần đạt 60% để qua, làm trong 10 phút.",
        pass_mark=60,
        time_limit_minutes=10,
        max_attempts=3,
        shuffle_questions=True,
        shuffle_choices=True,
    )
    QuizDraw.objects.create(quiz=quiz, category=category, count=3)
    course = CoursePageFactory(parent=CourseIndexPageFactory(), title="An toàn thông tin số")
    module = ModulePageFactory(
        parent=course,
        title="Nhận diện lừa đảo",
        body=[
            {"type": "paragraph", "value": "<p>Đọc kỹ rồi làm bài kiểm tra.</p>"},
            {"type": "quiz", "value": {"quiz": quiz.pk, "required": True}},
        ],
    )
    return course, module, quiz


@pytest.fixture
def learner():
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    return UserFactory(
        email="lan.quiz@example.vn",
        full_name="Lò Thị Lan",
        commune=CommuneFactory(name="Phường Thục Phán", province=province),
    )


def current_attempt(learner) -> Attempt:
    return Attempt.objects.filter(learner=learner).order_by("-number").first()


def choose(page, aq, *, right: bool):
    """Tick an answer and wait for the page to save it on the server."""
    choice = next(c for c in aq.question.choices.all() if c.is_correct == right)
    with page.expect_response(lambda r: r.url.endswith("/save/") and r.ok):
        page.check(f"input[name='q-{aq.question_id}'][value='{choice.pk}']")
    return choice


def submit(page):
    page.click("[data-quiz-submit]")
    expect(page.locator("[data-quiz-outcome]")).to_be_visible(timeout=30_000)


def test_learner_reloads_a_timed_quiz_fails_retakes_a_new_draw_and_completes_the_module(
    page, network_log, timed_quiz_module, learner
):
    course, module, quiz = timed_quiz_module
    sign_in(page, learner)
    page.goto(course.url)
    page.click(f"form[action$='/courses/{course.pk}/enrol/'] button[type=submit]")
    page.goto(module.url)
    expect(page.locator(".quiz-block")).to_contain_text(quiz.title)
    assert elements_sticking_out(page) == []
    screenshot(page, "quiz-module-360")
    page.click(f"form[action$='/{module.pk}/{quiz.pk}/start/'] button[type=submit]")

    expect(page.locator("[data-quiz-countdown]")).to_contain_text(":")
    first = current_attempt(learner)
    first_questions = attempt_questions(attempt=first)
    picked = choose(page, first_questions[0], right=False)
    page.reload()
    expect(
        page.locator(f"input[name='q-{first_questions[0].question_id}'][value='{picked.pk}']")
    ).to_be_checked()
    assert elements_sticking_out(page) == []
    screenshot(page, "quiz-attempt-360")
    for aq in first_questions[1:]:
        choose(page, aq, right=False)
    submit(page)
    expect(page.locator("[data-quiz-outcome]")).to_have_attribute("data-quiz-outcome", "failed")

    page.click(f"form[action$='/{module.pk}/{quiz.pk}/start/'] button[type=submit]")
    expect(page.locator("[data-quiz-form][data-quiz-ready]")).to_be_visible(timeout=30_000)
    second = current_attempt(learner)
    assert second.number == 2
    second_questions = attempt_questions(attempt=second)
    assert not {aq.question_id for aq in first_questions} & {
        aq.question_id for aq in second_questions
    }
    for aq in second_questions:
        choose(page, aq, right=True)
    submit(page)
    expect(page.locator("[data-quiz-outcome]")).to_have_attribute("data-quiz-outcome", "passed")
    screenshot(page, "quiz-result-360")
    assert elements_sticking_out(page) == []

    page.goto(module.url)
    expect(page.locator(".module-footer .status-ok")).to_be_visible()
    assert network_log.outside_live_server() == []


def test_submit_waits_for_the_autosave_in_flight(page, timed_quiz_module, learner):
    """The last answer's autosave is still on its way when the learner submits: the page posts
    the submission only after the server answered the autosave (issue 14: two writes of one
    attempt at once ended in "database is locked" on SQLite)."""
    course, module, quiz = timed_quiz_module
    page.set_default_timeout(30_000)
    sign_in(page, learner)
    page.goto(course.url)
    page.click(f"form[action$='/courses/{course.pk}/enrol/'] button[type=submit]")
    page.goto(module.url)
    page.click(f"form[action$='/{module.pk}/{quiz.pk}/start/'] button[type=submit]")
    expect(page.locator("[data-quiz-form][data-quiz-ready]")).to_be_visible(timeout=30_000)
    questions = attempt_questions(attempt=current_attempt(learner))
    for aq in questions[:-1]:
        choose(page, aq, right=True)

    held, events = [], []
    page.route("**/save/", lambda route: held.append(route))
    page.on("requestfinished", lambda r: events.append(("finished", r.url)))
    page.on("request", lambda r: events.append(("sent", r.url)))
    last = questions[-1]
    right = next(c for c in last.question.choices.all() if c.is_correct)
    page.check(f"input[name='q-{last.question_id}'][value='{right.pk}']")
    for _ in range(300):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the autosave of the last answer was not sent"

    page.click("[data-quiz-submit]")
    page.wait_for_timeout(1500)
    assert not [url for kind, url in events if url.endswith("/submit/")]

    held[0].continue_()
    expect(page.locator("[data-quiz-outcome]")).to_have_attribute(
        "data-quiz-outcome", "passed", timeout=30_000
    )
    saved = events.index(next(e for e in events if e[0] == "finished" and e[1].endswith("/save/")))
    submitted = events.index(
        next(e for e in events if e[0] == "sent" and e[1].endswith("/submit/"))
    )
    assert saved < submitted
    assert current_attempt(learner).result.percent == 100
