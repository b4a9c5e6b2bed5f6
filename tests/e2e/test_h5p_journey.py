"""H5P activities in Chromium on a phone: the player runs sandboxed, answering records a score
and completes the module, every real sample package plays without console errors, and a
package's script can neither read the site's cookies nor act on the site as the learner."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import ModulePartResult, ModuleProgress
from courses.services import enrolment_create
from home.factories import CommuneFactory, ProvinceFactory, UserFactory
from quizzes.h5p.demo import build_package
from quizzes.h5p.services import h5p_activity_create
from quizzes.models import H5PAttempt, H5PResult
from tests.e2e.browser import elements_sticking_out, screenshot, sign_in
from tests.e2e.conftest import page_problems_key
from tests.quizzes.h5p.packages import (
    SAMPLES_DIR,
    SCORED_SAMPLES,
    package,
    require_samples,
    upload,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PLAYER = "iframe.h5p-frame"


def install(data: bytes, name: str = "activity.h5p"):
    return h5p_activity_create(upload=upload(name, data), user=None, allow_new_libraries=True)


@pytest.fixture
def learner():
    province = ProvinceFactory(code="04", name="Cao Bằng", codename="cao_bang")
    return UserFactory(
        email="lan.h5p@example.vn",
        full_name="Lò Thị Lan",
        commune=CommuneFactory(name="Phường Thục Phán", province=province),
    )


@pytest.fixture
def course():
    return CoursePageFactory(parent=CourseIndexPageFactory(), title="Kỹ năng số tương tác")


def module_with(course, activity, *, pass_mark=100, required=True, title="Bài tập tương tác"):
    return ModulePageFactory(
        parent=course,
        title=title,
        body=[
            {"type": "paragraph", "value": "<p>Làm bài tập rồi xem điểm.</p>"},
            {
                "type": "h5p",
                "value": {"activity": activity.pk, "pass_mark": pass_mark, "required": required},
            },
        ],
    )


def content_frame(page):
    return page.frame_locator(PLAYER)


def test_a_learner_answers_an_activity_on_a_phone_and_completes_the_module(
    page, network_log, learner, course
):
    activity = install(build_package(title="Kiểm tra nhanh: ứng dụng an toàn"))
    module = module_with(course, activity)
    enrolment_create(learner=learner, course=course)
    sign_in(page, learner)
    page.goto(module.url)

    content = content_frame(page)
    expect(content.locator(".elearn-quickcheck-statement")).to_contain_text("link")
    assert elements_sticking_out(page) == []
    screenshot(page, "h5p-module-360")
    with page.expect_response(
        lambda r: "/statements/" in r.url and r.status == 201, timeout=30_000
    ):
        tap(content.get_by_role("button", name="Sai"))
    expect(page.locator("[data-h5p-status]")).to_have_class("status status-ok")
    screenshot(page, "h5p-answered-360")

    result = H5PResult.objects.get(learner=learner, module=module)
    assert result.best_percent == 100
    assert ModulePartResult.objects.filter(learner=learner, module=module).exists()
    assert ModuleProgress.objects.get(learner=learner, module=module).completed_at is not None
    page.reload()
    expect(page.locator(".module-footer .status-ok")).to_be_visible()
    assert network_log.outside_live_server() == []


def test_a_wrong_answer_is_retried_in_place_and_the_pass_completes_the_module_footer(
    page, learner, course
):
    activity = install(build_package(title="Kiểm tra nhanh: làm lại"))
    module = module_with(course, activity)
    ModulePageFactory(parent=course, title="Bài tiếp theo")
    enrolment_create(learner=learner, course=course)
    sign_in(page, learner)
    page.goto(module.url)

    content = content_frame(page)
    status = page.locator("[data-h5p-status]")
    retry = page.get_by_role("button", name="Làm lại")
    next_link = page.locator(".module-footer a[rel=next]")
    expect(content.locator(".elearn-quickcheck-statement")).to_contain_text("link")
    expect(retry).to_be_hidden()
    expect(next_link).to_be_hidden()
    with page.expect_response(
        lambda r: "/statements/" in r.url and r.status == 201, timeout=30_000
    ):
        tap(content.get_by_role("button", name="Đúng"))
    expect(status).to_have_text("Đã ghi điểm: 0.00%. Bạn cần 100% để đạt.", timeout=30_000)
    expect(content.get_by_role("button", name="Sai")).to_be_disabled()
    expect(retry).to_be_visible()
    # The button is below the fold of a 360 x 740 phone, and the player resizes its frame
    # after showing the result, which moves it: bring it into view and wait until the frame's
    # height holds still, so the tap lands on the button and not beside it.
    retry.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => {
            const frame = document.querySelector("[data-h5p-block] iframe");
            const height = frame.getBoundingClientRect().height;
            const settled = window.__h5pHeight === height;
            window.__h5pHeight = height;
            return settled;
        }""",
        polling=500,
        timeout=30_000,
    )

    retry.click()
    expect(retry).to_be_hidden()
    expect(content.get_by_role("button", name="Sai")).to_be_enabled(timeout=30_000)
    with page.expect_response(
        lambda r: "/statements/" in r.url and r.status == 201, timeout=30_000
    ):
        tap(content.get_by_role("button", name="Sai"))
    expect(status).to_have_class("status status-ok", timeout=30_000)
    expect(retry).to_be_hidden()
    footer = page.locator(".module-footer")
    expect(footer.locator(".status-ok")).to_have_text("Bạn đã hoàn thành học phần này.")
    expect(footer).not_to_contain_text("Hãy đạt các hoạt động")
    expect(next_link).to_be_visible()
    screenshot(page, "h5p-retried-and-passed-360")
    assert ModuleProgress.objects.get(learner=learner, module=module).completed_at is not None


def test_a_reply_without_a_message_does_not_leave_the_status_saving(page, learner, course):
    activity = install(build_package(title="Kiểm tra nhanh: không lưu"))
    module = module_with(course, activity)
    enrolment_create(learner=learner, course=course)
    sign_in(page, learner)
    page.route(
        "**/statements/",
        lambda route: route.fulfill(status=200, json={"ok": True, "recorded": False}),
    )
    page.goto(module.url)

    content = content_frame(page)
    expect(content.locator(".elearn-quickcheck-statement")).to_contain_text("link")
    tap(content.get_by_role("button", name="Sai"))
    expect(page.locator("[data-h5p-status]")).to_have_text(
        "Điểm của bạn chưa được lưu. Hãy làm lại hoạt động.", timeout=30_000
    )
    expect(page.get_by_role("button", name="Làm lại")).to_be_visible()
    assert not H5PAttempt.objects.exists()


def test_a_player_that_starts_before_the_module_page_listens_still_gets_its_files(
    page, learner, course
):
    """The module page's script is deferred; on a slow connection or a loaded phone the player
    frame can run first and ask for its files while nobody listens. Hold the page's script
    until the player has asked, then let it run: the player must still start."""
    activity = install(build_package(title="Kiểm tra nhanh: trang chậm"))
    module = module_with(course, activity)
    enrolment_create(learner=learner, course=course)
    sign_in(page, learner)
    held = []
    page.route(
        re.compile(r"/static/quizzes/h5p(\.[0-9a-f]+)?\.js$"), lambda route: held.append(route)
    )
    page.goto(module.url, wait_until="commit")

    # The player shows "loading" in the same step as it asks for its first file.
    expect(content_frame(page).locator("#h5p-player-status")).to_have_text(
        "Đang tải hoạt động…", timeout=30_000
    )
    for _ in range(60):
        if held:
            break
        page.wait_for_timeout(500)
    assert len(held) == 1
    held[0].continue_()

    content = content_frame(page)
    expect(content.locator(".elearn-quickcheck-statement")).to_contain_text("link", timeout=30_000)
    with page.expect_response(
        lambda r: "/statements/" in r.url and r.status == 201, timeout=30_000
    ):
        tap(content.get_by_role("button", name="Sai"))
    expect(page.locator("[data-h5p-status]")).to_have_class("status status-ok", timeout=30_000)
    assert H5PResult.objects.get(learner=learner, module=module).best_percent == 100


def test_a_sample_activity_gets_its_library_code_in_one_request(page, learner, course):
    """On a 2 s round trip each request costs a turn on one of six connections: the module
    page fetches an activity's 30-odd library scripts and styles as one bundle, preloaded with
    the page's styles, and answers the player from it (fonts still come one by one)."""
    require_samples()
    activity = install((SAMPLES_DIR / "H5P.TrueFalse.h5p").read_bytes(), "true-false.h5p")
    module = module_with(course, activity)
    enrolment_create(learner=learner, course=course)
    sign_in(page, learner)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(module.url)
    wait_for_content(page)

    libraries = [url for url in asked if "/h5p/libraries/" in url]
    bundles = [url for url in libraries if "/h5p/libraries/bundle/" in url]
    assert len(bundles) == 1, libraries
    code = [url for url in libraries if url.endswith((".js", ".css"))]
    assert code == [], code


PROBE_JS = """window.Test = window.Test || {};
Test.Probe = function (params, contentId) {
  H5P.EventDispatcher.call(this);
  this.contentId = contentId;
};
Test.Probe.prototype = Object.create(H5P.EventDispatcher.prototype);
Test.Probe.prototype.attach = function ($container) {
  var out = document.createElement("pre");
  out.id = "probe";
  $container.get(0).appendChild(out);
  var results = {};
  function show(name, value) {
    results[name] = value;
    out.textContent = JSON.stringify(results);
  }
  function attempt(name, action) {
    try { show(name, "read:" + String(action())); }
    catch (error) { show(name, "blocked:" + error.name); }
  }
  attempt("cookie", function () { return document.cookie; });
  attempt("topCookie", function () { return window.top.document.cookie; });
  attempt("storage", function () { return window.localStorage.getItem("site-secret"); });
  attempt("parentPage", function () { return window.parent.document.title; });
  attempt("origin", function () { return window.origin; });
  var site = window.location.origin;
  fetch(site + "/khoa-hoc-cua-toi/", {credentials: "include", mode: "no-cors"})
    .then(function (response) {
      return response.text().then(function (text) {
        var found = text.indexOf("Lò Thị Lan") >= 0 ? "name" : "nothing";
        show("dashboard", response.type + ":" + found);
      });
    }, function (error) { show("dashboard", "blocked:" + error.name); });
  var forged = JSON.stringify({statement: {
    verb: {id: "http://adlnet.gov/expapi/verbs/answered"},
    object: {id: "%(iri)s"},
    result: {score: {min: 0, raw: 1, max: 1}}
  }});
  fetch(site + "%(statement_url)s", {
    method: "POST", credentials: "include", mode: "no-cors",
    headers: {"Content-Type": "text/plain"}, body: forged
  }).then(function (response) { show("post", "sent:" + response.type); },
          function (error) { show("post", "blocked:" + error.name); });
};
"""


def expected_console_errors(request, pattern: str) -> None:
    """Take the console errors matching `pattern` off the test's problem list: they are the
    evidence the test looks for. At least one must have been logged."""
    problems = request.node.stash.get(page_problems_key, [])
    expected = [p for p in problems if re.search(pattern, p)]
    assert expected, f"no console error matched {pattern!r}: {problems}"
    problems[:] = [p for p in problems if p not in expected]


def test_a_package_script_cannot_read_cookies_or_act_on_the_site(page, request, learner, course):
    from quizzes.h5p.selectors import activity_iri

    placeholder = install(package(title="Chỗ giữ", library=("Test.Hold", 1, 0)))
    module = module_with(course, placeholder)
    enrolment_create(learner=learner, course=course)
    statement_url = f"/learning/quizzes/h5p/{module.pk}/{placeholder.pk + 1}/statements/"
    probe = install(
        package(
            title="Thăm dò",
            library=("Test.Probe", 1, 0),
            js=PROBE_JS % {"iri": activity_iri(placeholder.pk + 1), "statement_url": statement_url},
        )
    )
    assert probe.pk == placeholder.pk + 1
    module.body = [
        {"type": "h5p", "value": {"activity": probe.pk, "pass_mark": 1, "required": True}}
    ]
    module.save_revision().publish()

    sign_in(page, learner)
    assert any(c["name"] == "csrftoken" for c in page.context.cookies())
    page.evaluate("() => localStorage.setItem('site-secret', 'sentinel')")
    page.goto(module.url)
    probe_output = content_frame(page).locator("#probe")
    expect(probe_output).to_contain_text('"post":')
    expect(probe_output).to_contain_text('"dashboard":')
    results = probe_output.text_content()
    assert '"cookie":"blocked:SecurityError"' in results
    assert '"topCookie":"blocked:SecurityError"' in results
    assert '"storage":"read:null"' in results  # the sandbox's own stand-in, not the site's
    assert '"parentPage":"blocked:SecurityError"' in results
    assert '"origin":"read:null"' in results
    assert '"dashboard":"opaque:nothing"' in results
    assert not H5PAttempt.objects.exists()
    assert not ModulePartResult.objects.exists()
    # The forged post arrived without the session and was refused: Chromium logs that 403.
    expected_console_errors(request, r"403 \(Forbidden\).*/statements/")


def wait_for_content(page):
    """The activity rendered by h5p-standalone inside the player (the big sample packages took
    more than 20 s to start on a loaded 2-core machine running two test workers)."""
    content = content_frame(page)
    expect(content.locator(".h5p-content.h5p-initialized")).to_be_attached(timeout=60_000)
    expect(content.locator(".h5p-content > *").first).to_be_visible(timeout=30_000)
    return content


# Counts the pointer events that reach the module page itself. A click or drag on the player
# should reach none: the player is a sandboxed frame, which Chromium runs in a process of its own
# and sends mouse events to by hit-testing the composited page. Right after the page scrolls
# (Playwright brings the target into view; the frame grows when H5P shows feedback) that hit
# test can lag behind, and on a loaded machine the event then goes to the module page (to the
# <iframe> element): H5P never sees it, yet Playwright reports the click done. That lost a "next"
# in the question set about one run in four; the test then answered the wrong question, one
# question stayed unanswered and "Finish" never showed.
LOST_INPUT_JS = """() => {
  if (window.lostPlayerInput === undefined) {
    window.lostPlayerInput = 0;
    for (const type of ["pointerdown", "pointerup"]) {
      document.addEventListener(type, () => { window.lostPlayerInput += 1; }, true);
    }
  }
  return window.lostPlayerInput;
}"""


def in_player(page, action, attempts=3):
    """Do `action` (a click or a drag in the player) again while Chromium delivers some of it to
    the module page instead of the player (see LOST_INPUT_JS). An action the player received
    whole is never repeated, so a toggle or a "next" cannot happen twice."""
    for _ in range(attempts):
        lost = page.evaluate(LOST_INPUT_JS)
        action()
        if page.evaluate(LOST_INPUT_JS) == lost:
            return
    pytest.fail(f"the player did not receive the input in {attempts} attempts")


def tap(target):
    """Click `target`, an element in the player, making sure the player received the click."""
    in_player(target.page, target.click)


def check(content):
    tap(content.locator(".h5p-question-check-answer:visible").first)


def answer_true_false(content):
    tap(content.locator(".h5p-true-false-answer").first)
    check(content)


def answer_multichoice(content):
    tap(content.locator(".h5p-answer").first)
    check(content)


def answer_single_choice_set(content):
    """Pick the right alternative on each slide; the set then reports its total."""
    slides = content.locator(".h5p-sc-slide")
    for index in range(content.locator("ul.h5p-sc-alternatives").count()):
        expect(slides.nth(index)).to_have_class(re.compile("h5p-sc-current-slide"))
        tap(slides.nth(index).locator(".h5p-sc-is-correct"))


def answer_blanks(content):
    for field in content.locator("input.h5p-text-input").all():
        field.fill("x")
        field.press("Tab")


def drag_text_word(question):
    """Drag the first word into the first gap, and see that it landed there."""
    word = question.locator(".ui-draggable:visible").first
    gap = question.locator(".h5p-drag-dropzone-container:visible").first
    in_player(word.page, lambda: word.drag_to(gap))
    expect(gap.locator(".h5p-drag-dropped")).to_have_count(1)


def answer_drag_text(content):
    drag_text_word(content)
    check(content)


def answer_any_question(question):
    """Give some answer to the one question in `question`, whatever its type, see that H5P took
    it (the choice selected, the word marked, the gap filled), then check it. H5P builds every
    question of a set up front, so once the question shows, its parts are all there."""
    expect(question.locator(".h5p-question-content")).to_be_visible()
    fields = question.locator("input.h5p-text-input:visible")
    words = question.locator(".h5p-word-selectable-words [role=option]:visible")
    choices = question.locator(".h5p-true-false-answer:visible, .h5p-answer:visible")
    if fields.count():
        for field in fields.all():
            field.fill("x")
            expect(field).to_have_value("x")
    elif words.count():
        tap(words.first)
        expect(words.first).to_have_attribute("aria-selected", "true")
    elif question.locator(".ui-draggable:visible").count():
        drag_text_word(question)
    elif choices.count():
        tap(choices.first)
        expect(choices.first).to_have_attribute("aria-checked", "true")
    # Some (a drag-and-drop without drop targets) count as answered as they are, unchecked.
    check_button = question.locator(".h5p-question-check-answer")
    if check_button.count():
        tap(check_button)
        expect(check_button).to_have_count(0)  # H5P takes it away once it has checked


def play_question_set(content):
    """Answer every question, moving on with "next", then "finish": the set reports its own
    total on its result screen. Each question's own statement carries ?subContentId= and the
    server answers that it does not count.

    The progress dots follow the set's own state: the current question's dot is "current", and
    a question's dot turns "answered" when the set leaves it with an answer H5P registered.
    "Finish" only shows once every question has one, so each step is checked on the dots."""
    dots = content.locator(".progress-dot")
    total = dots.count()
    assert total > 1
    for index in range(total):
        expect(dots.nth(index)).to_have_class(re.compile(r"\bcurrent\b"))
        question = content.locator(".question-container:visible")
        expect(question).to_have_count(1)
        answer_any_question(question)
        if index < total - 1:
            tap(question.locator(".h5p-question-next"))
            expect(dots.nth(index)).to_have_class(re.compile(r"\banswered\b"))
        else:
            tap(question.locator(".h5p-question-finish"))
    expect(content.locator(".questionset-results")).to_be_visible()


def play_course_presentation(content):
    """Answer a true/false question on the second slide, then open the summary slide: that is
    where the presentation reports its total over every slide's questions. The slide's
    elements overlap (some lie under a transparent drag-and-drop area), so the question
    answered is the first one a finger can reach; at 360 px it is small but reachable."""
    tap(content.locator(".h5p-footer-next-slide"))
    slide = content.locator(".h5p-slide.h5p-current")
    expect(slide.locator(".h5p-truefalse-outer-element").first).to_be_visible()
    for question in slide.locator(".h5p-truefalse-outer-element").all():
        choice = question.locator(".h5p-true-false-answer").first
        try:
            choice.click(trial=True, timeout=1_500)  # only checks that nothing covers it
        except PlaywrightTimeoutError:
            continue
        tap(choice)
        expect(choice).to_have_attribute("aria-checked", "true")
        check_button = question.locator(".h5p-question-check-answer")
        tap(check_button)
        expect(check_button).to_have_count(0)
        break
    else:
        pytest.fail("no true/false question on the slide can be reached")
    tap(content.locator(".progressbar-part-summary-slide"))
    expect(content.locator(".h5p-summary-slide.h5p-current")).to_be_visible()


# What answering each scored sample takes; each then reports a score that the server records.
ANSWERS = {
    "tunapanda-truefalse-hello.h5p": answer_true_false,
    "H5P.TrueFalse.h5p": answer_true_false,
    "H5P.MultiChoice.h5p": answer_multichoice,
    "H5P.SingleChoiceSet.h5p": answer_single_choice_set,
    "H5P.Blanks.h5p": answer_blanks,
    "H5P.DragText.h5p": answer_drag_text,
    "H5P.QuestionSet.h5p": play_question_set,
    "H5P.CoursePresentation.h5p": play_course_presentation,
}
# Their questions send statements of their own first; only the set's total may count.
SETS = {"H5P.QuestionSet.h5p", "H5P.CoursePresentation.h5p"}


def test_every_sample_package_plays_and_scored_ones_record_a_score(page, request, learner, course):
    paths = require_samples()
    modules = {}
    for path in paths:
        activity = install(path.read_bytes(), path.name)
        modules[path.name] = (module_with(course, activity, title=path.stem), activity)
    enrolment_create(learner=learner, course=course)
    sign_in(page, learner)
    for name, (module, activity) in modules.items():
        page.goto(module.url)
        content = wait_for_content(page)
        assert elements_sticking_out(page) == [], name
        screenshot(page, f"h5p-sample-{name}-360")
        if name not in ANSWERS:
            assert name not in SCORED_SAMPLES, name
            continue
        with page.expect_response(
            lambda r: "/statements/" in r.url and r.status == 201, timeout=30_000
        ):
            ANSWERS[name](content)
        attempts = H5PAttempt.objects.filter(activity=activity, learner=learner)
        assert attempts.exists(), name
        if name in SETS:
            attempt = attempts.get()  # the children's statements recorded nothing
            assert attempt.verb == "completed", name
            assert attempt.max_score > 1, name  # the set's total, not one question's
        screenshot(page, f"h5p-sample-{name}-answered-360")
    # The presentation's Twitter feed may not load a script from twitter.com: the player's
    # policy refuses it (nothing leaves our server), and Chromium reports the refusal.
    expected_console_errors(request, r"platform\.twitter\.com/widgets\.js.*Content Security Policy")
    # Its interactive video (on the slide next to the summary, so loaded on the way there) is
    # a video on h5p.org: refused by the same policy.
    expected_console_errors(request, r"h5p\.org/\S*\.mp4.*Content Security Policy")
