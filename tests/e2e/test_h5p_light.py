"""H5P on a weak connection: the sandboxed player's files come from the module page's cache,
and the frame shows the player shell, the same page for every activity, kept by the browser;
so a repeat visit downloads only the module page (and the content's pictures). library.json is
never fetched (it comes with the activity's configuration) and the libraries' code arrives in
one immutable bundle per activity (docs/decisions/019-weak-signal.md).

Requests are counted where they arrive, on the live server: what the browser takes from its
cache never gets there. Playwright turns the browser cache off in a context with routes, so
these tests drop the routes of `new_page` (the log still shows nothing leaves the server)."""

import json
from collections import Counter
from contextlib import contextmanager

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.services import enrolment_create
from home.factories import UserFactory
from quizzes.h5p.demo import build_package
from tests.e2e.browser import sign_in
from tests.e2e.test_h5p_journey import install, module_with, tap
from tests.quizzes.h5p.packages import SAMPLES_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PLAYER = "iframe.h5p-frame"


@contextmanager
def arriving_requests():
    """The paths of the requests the live server receives meanwhile, in order."""
    paths: list[str] = []

    def record(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(record, weak=False)
    try:
        yield paths
    finally:
        request_started.disconnect(record)


def cached_page(new_page):
    page = new_page()
    page.context.unroute_all()
    return page


def visit(page, module, ready: str) -> None:
    page.goto("/")  # a navigation to the page already shown would be a reload
    page.goto(module.url)
    expect(page.frame_locator(PLAYER).locator(ready).first).to_be_visible(timeout=30_000)


BUNDLE = "/learning/quizzes/h5p/libraries/bundle/"
SHELL = "/learning/quizzes/h5p/shell/"


# Every file the page named in `<link rel="prefetch">` has come (bench/h5p_slow3g.py too).
AHEAD_FETCHED = """() => {
    const done = new Set(performance.getEntriesByType("resource")
        .filter((entry) => entry.responseEnd > 0).map((entry) => entry.name));
    const ahead = [...document.querySelectorAll('link[rel="prefetch"]')];
    return ahead.length > 0 && ahead.every((link) => done.has(link.href));
}"""


def player_files(paths):
    """Requests for files the player loads: its static files, libraries and content."""
    return [
        path
        for path in paths
        if path.startswith(("/static/h5p-standalone/", "/learning/quizzes/h5p/libraries/"))
        or "/files/" in path
    ]


def test_the_json_comes_with_the_player_and_a_repeat_visit_downloads_only_the_pages(
    new_page, network_log
):
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    module = module_with(course, install(build_package(title="Kiểm tra nhanh")))
    enrolment_create(learner=learner, course=course)
    page = cached_page(new_page)
    sign_in(page, learner)

    with arriving_requests() as first:
        visit(page, module, ".elearn-quickcheck-statement")
    counts = Counter(first)
    assert counts["/static/h5p-standalone/frame.bundle.js"] == 1
    # the library's code came in the activity's bundle, fetched once
    assert [path for path in first if "/libraries/" in path] == [
        path for path in first if path.startswith(BUNDLE)
    ]
    assert len([path for path in first if path.startswith(BUNDLE)]) == 1
    # h5p.json, content.json and library.json came with the activity's configuration
    assert not [
        path
        for path in first
        if "/files/" in path or (path.endswith(".json") and not path.startswith(BUNDLE))
    ]
    # the frame showed the shell, not a per-visit player page
    assert len([path for path in first if path.startswith(SHELL)]) == 1
    assert not [path for path in first if "/play/" in path]

    with arriving_requests() as repeat:
        visit(page, module, ".elearn-quickcheck-statement")
    # the shell and every player file came from the browser's cache
    assert repeat == ["/", module.url]
    assert network_log.outside_live_server() == []


def test_a_real_package_fetches_each_library_file_once_and_plays_from_the_cache(new_page):
    sample = SAMPLES_DIR / "H5P.TrueFalse.h5p"
    if not sample.exists():
        pytest.skip(f"{sample} is missing (shared H5P samples)")
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    module = module_with(course, install(sample.read_bytes(), sample.name), pass_mark=100)
    enrolment_create(learner=learner, course=course)
    page = cached_page(new_page)
    sign_in(page, learner)

    with arriving_requests() as first:
        visit(page, module, ".h5p-true-false-answer")
        # Its fonts arrive after the activity shows: a font still coming when the page is left
        # is not kept, and the repeat visit would fetch it (seen on a loaded CI machine).
        page.wait_for_load_state("networkidle", timeout=60_000)
    assert len([path for path in first if path.startswith(BUNDLE)]) == 1
    assert [p for p in first if p.endswith(".json") and not p.startswith(BUNDLE)] == []
    library_files = [path for path in first if "/libraries/" in path]
    assert library_files  # the bundle, and the libraries' fonts or pictures if any
    assert len(library_files) == len(set(library_files))  # each file once

    with arriving_requests() as repeat:
        visit(page, module, ".h5p-true-false-answer")
        with page.expect_response(lambda r: "/statements/" in r.url, timeout=30_000):
            content = page.frame_locator(PLAYER)
            tap(content.locator(".h5p-true-false-answer").first)
            tap(content.locator(".h5p-question-check-answer:visible").first)
    # Only the content's own pictures are fetched again: <img> in the opaque frame, by an
    # address carrying this visit's player link (the bench counts them; the next step).
    again = player_files(repeat)
    assert again and all("/files/content/images/" in path for path in again)


def test_a_library_font_comes_in_a_format_the_browser_reads_never_its_eot(new_page):
    """H5P.FontIcons names its EOT file first: the relay takes its WOFF, which Chromium loads,
    and the EOT (Internet Explorer's) is never downloaded."""
    sample = SAMPLES_DIR / "H5P.DragText.h5p"
    if not sample.exists():
        pytest.skip(f"{sample} is missing (shared H5P samples)")
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    module = module_with(course, install(sample.read_bytes(), sample.name))
    enrolment_create(learner=learner, course=course)
    page = cached_page(new_page)
    sign_in(page, learner)

    with arriving_requests() as first:
        visit(page, module, ".h5p-drag-text")
        frame = page.frame_locator(PLAYER).locator("body")
        statuses = frame.evaluate(
            """() => document.fonts.load("16px H5PFontIcons").then(
                 (faces) => faces.map((face) => face.status),
                 () => ["error"])"""
        )
    assert statuses == ["loaded"]
    fonts = [path for path in first if "/H5P.FontIcons-1.0/fonts/" in path]
    assert fonts == ["/learning/quizzes/h5p/libraries/H5P.FontIcons-1.0/fonts/h5p.woff"]


RELAY_PROBE_JS = """window.Test = window.Test || {};
Test.Relay = function (params, contentId) { H5P.EventDispatcher.call(this); };
Test.Relay.prototype = Object.create(H5P.EventDispatcher.prototype);
Test.Relay.prototype.attach = function ($container) {
  var out = document.createElement("pre");
  out.id = "relay";
  $container.get(0).appendChild(out);
  var answers = {};
  var site = window.location.origin;
  var asks = {
    9001: site + "/khoa-hoc-cua-toi/",
    9002: site + "/learning/quizzes/h5p/libraries/../../../../khoa-hoc-cua-toi/",
    9003: site + "/learning/quizzes/h5p/libraries/%2e%2e/%2e%2e/%2e%2e/%2e%2e/khoa-hoc-cua-toi/",
    9004: site + "/static/h5p-standalone/main.bundle.js?x=1",
    9005: site + "/learning/quizzes/h5p/libraries/Test.Relay-1.0/library.json"
  };
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "elearn:h5p-file" || !asks[data.id]) return;
    var named = data.ok && String(data.body).indexOf("Lò Thị") >= 0;
    answers[data.id] = data.ok ? (named ? "sent:name" : "sent:file") : "refused";
    out.textContent = JSON.stringify(answers);
  });
  Object.keys(asks).forEach(function (id) {
    window.parent.postMessage({type: "elearn:h5p-fetch", id: Number(id), url: asks[id]}, "*");
  });
};
"""


def test_the_module_page_fetches_nothing_but_player_files_for_a_package(new_page):
    from quizzes.h5p.services import h5p_activity_create
    from tests.quizzes.h5p.packages import package, upload

    learner = UserFactory(full_name="Lò Thị Lan")
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    activity = h5p_activity_create(
        upload=upload("relay.h5p", package(library=("Test.Relay", 1, 0), js=RELAY_PROBE_JS)),
        user=None,
        allow_new_libraries=True,
    )
    module = module_with(course, activity)
    enrolment_create(learner=learner, course=course)
    page = new_page()
    sign_in(page, learner)
    page.goto(module.url)
    answers = page.frame_locator(PLAYER).locator("#relay")
    expect(answers).to_contain_text('"9005"', timeout=30_000)
    expect(answers).to_contain_text('"9001"')
    assert json.loads(answers.text_content()) == {
        "9001": "refused",
        "9002": "refused",
        "9003": "refused",
        "9004": "refused",
        "9005": "sent:file",
    }


def test_the_module_before_an_activity_fetches_its_code_ahead_so_the_activity_fetches_none(
    new_page,
):
    """The learner reads the module before the activity: meanwhile the browser fetches the
    activity's player files and library bundle (`<link rel="prefetch">`), and the activity's
    own page then asks the server for none of them, only for its page and the shell."""
    learner = UserFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory())
    reading = ModulePageFactory(parent=course, title="Đọc trước khi làm bài")
    module = module_with(course, install(build_package(title="Kiểm tra nhanh")))
    enrolment_create(learner=learner, course=course)
    page = cached_page(new_page)
    sign_in(page, learner)

    with arriving_requests() as before:
        page.goto(reading.url)
        page.wait_for_function(AHEAD_FETCHED, timeout=60_000)
    assert len([path for path in before if path.startswith(BUNDLE)]) == 1
    assert "/static/h5p-standalone/frame.bundle.js" in before

    with arriving_requests() as arriving:
        page.goto(module.url)
        expect(page.frame_locator(PLAYER).locator(".elearn-quickcheck-statement")).to_be_visible(
            timeout=30_000
        )
    assert player_files(arriving) == []
    assert [path for path in arriving if not path.startswith(SHELL)] == [module.url]
