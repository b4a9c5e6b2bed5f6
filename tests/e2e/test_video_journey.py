"""A video that must be watched, on a phone: the module cannot be completed until 90% of the
video has been played (skipping ahead does not count), the video resumes where the learner
stopped, and the light version is played on a slow connection
(docs/decisions/030-videos-that-count.md).

The video files are two 10-second WebM files of a few KB in tests/e2e/fixtures (made once with
ffmpeg; the tests do not need it). The live server does not serve media, so the browser's
requests for them are answered from the documents' files."""

import re
from pathlib import Path

import pytest
from django.core.files import File
from playwright.sync_api import expect
from wagtail.documents import get_document_model

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.selectors import learner_completed_module_ids
from courses.services import enrolment_create
from courses.videos.factories import VideoBlockFactory
from courses.videos.models import VideoWatch
from home.factories import UserFactory
from tests.e2e.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parent / "fixtures"
SLOW_TIMEOUT_MS = 60_000
VIDEO = "document.querySelector('figure.block-video video')"


def document(name: str, title: str):
    with (FIXTURES / name).open("rb") as handle:
        return get_document_model().objects.create(title=title, file=File(handle, name=name))


@pytest.fixture
def lesson():
    course = CoursePageFactory(parent=CourseIndexPageFactory(), issues_certificate=False)
    video = document("lesson.webm", "Cách nhận biết tin nhắn lừa đảo")
    light = document("lesson-light.webm", "Cách nhận biết tin nhắn lừa đảo (bản nhẹ)")
    module = ModulePageFactory(
        parent=course,
        title="Xem video: tin nhắn lừa đảo",
        body=[VideoBlockFactory(video=video, light_video=light, required_share=90, length=10)],
    )
    learner = UserFactory(email="xemvideo@example.vn", full_name="Lò Thị Xuân")
    enrolment_create(learner=learner, course=course)
    return module, video, light, learner


def serve_media(page, *documents):
    """Answer the browser's requests for the documents' files as a web server does, byte
    ranges included (without them the browser cannot seek before the whole file is there);
    the live server has no /media/."""
    files = {doc.file.url: Path(doc.file.path).read_bytes() for doc in documents}

    def fulfil(route):
        content = files.get("/" + route.request.url.split("/", 3)[3])
        if content is None:
            route.abort()
            return
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", route.request.headers.get("range", ""))
        if wanted is None:
            route.fulfill(body=content, content_type="video/webm")
            return
        first = int(wanted[1])
        last = min(int(wanted[2] or len(content) - 1), len(content) - 1)
        route.fulfill(
            status=206,
            body=content[first : last + 1],
            headers={
                "Content-Type": "video/webm",
                "Accept-Ranges": "bytes",
                "Content-Range": f"bytes {first}-{last}/{len(content)}",
            },
        )

    page.context.route("**/media/**", fulfil)


def play(page, *, start: float | None = None, until: float | None = None) -> None:
    """Play the video at double speed (muted, so the browser allows it) from `start`, and
    pause once it reaches `until` (or wait for its end)."""
    page.evaluate(
        """([start, until]) => {
            const video = document.querySelector("figure.block-video video");
            video.muted = true;
            video.playbackRate = 2;
            if (start !== null) video.currentTime = start;
            video.ontimeupdate = () => {
                if (until !== null && video.currentTime >= until) video.pause();
            };
            return video.play();
        }""",
        [start, until],
    )
    if until is None:
        page.wait_for_function("() => " + VIDEO + ".ended", timeout=SLOW_TIMEOUT_MS)
    else:
        page.wait_for_function("() => " + VIDEO + ".paused", timeout=SLOW_TIMEOUT_MS)


def watched_seconds(learner, module) -> float:
    watch = VideoWatch.objects.filter(learner=learner, module=module).first()
    return watch.watched_seconds if watch else 0


def completed(learner, module) -> bool:
    return module.pk in learner_completed_module_ids(learner=learner, module_ids=[module.pk])


def test_a_video_module_is_completed_only_once_enough_has_been_watched(page, lesson):
    module, video, light, learner = lesson
    serve_media(page, video, light)
    sign_in(page, learner)
    page.goto(module.url)
    status = page.locator("[data-video-status]")
    expect(status).to_contain_text("Đã xem 0%. Cần xem ít nhất 90%")
    expect(page.get_by_role("button", name="Đánh dấu đã xong")).to_have_count(0)

    play(page, until=3)
    expect(status).not_to_contain_text("Đã xem 0%", timeout=SLOW_TIMEOUT_MS)

    # Coming back later, the video resumes where it stopped.
    page.reload()
    assert 2.5 <= float(page.locator("figure.block-video").get_attribute("data-start")) <= 4
    page.evaluate(
        "() => " + VIDEO + ".addEventListener('playing', (event) => "
        "{ window.resumedAt ??= event.target.currentTime; })"
    )
    play(page, until=4)
    assert page.evaluate("() => window.resumedAt") >= 2.5

    # A jump to the last two seconds: about 6 s of 10 count, not 10.
    play(page, start=8)
    expect(status).to_contain_text(
        re.compile(r"Đã xem [4-7]\d%\. Cần xem ít nhất 90%"), timeout=SLOW_TIMEOUT_MS
    )
    assert 4 <= watched_seconds(learner, module) <= 8
    # "Mark as done" is not offered, and posting it anyway completes nothing.
    page.evaluate(
        """(url) => fetch(url, {method: "POST", credentials: "same-origin", body:
            new URLSearchParams({csrfmiddlewaretoken: document.querySelector(
                "[data-video-watch] input[name=csrfmiddlewaretoken]").value})})""",
        f"/learning/courses/{module.get_parent().pk}/modules/{module.pk}/done/",
    )
    assert not completed(learner, module)
    expect(page.locator("[data-module-status]")).to_contain_text("Hãy đạt các hoạt động")

    # The skipped part played, the module is complete.
    play(page, start=3.5)

    expect(status).to_contain_text("video này đã được tính", timeout=SLOW_TIMEOUT_MS)
    expect(page.locator("[data-module-footer]")).to_contain_text(
        "Bạn đã hoàn thành học phần này.", timeout=SLOW_TIMEOUT_MS
    )
    assert completed(learner, module)
    assert watched_seconds(learner, module) >= 9


def test_the_light_version_plays_on_a_slow_connection(new_page, lesson):
    module, video, light, learner = lesson
    page = new_page()
    page.add_init_script(
        "Object.defineProperty(navigator, 'connection', "
        "{value: {saveData: false, effectiveType: '2g'}, configurable: true});"
    )
    serve_media(page, video, light)
    sign_in(page, learner)
    page.goto(module.url)

    play(page, until=1)

    assert page.evaluate("() => " + VIDEO + ".currentSrc").endswith(light.file.url)


def test_the_learner_can_choose_to_save_data_in_the_profile(page, lesson):
    module, video, light, learner = lesson
    serve_media(page, video, light)
    sign_in(page, learner)
    page.goto("/tai-khoan/ho-so/")
    page.get_by_label("Phát bản nhẹ của video trên thiết bị này").check()
    page.locator("form[data-save-data-form] button[type=submit]").click()
    expect(page.get_by_text("Đã bật tiết kiệm dữ liệu")).to_be_visible()

    page.goto(module.url)
    play(page, until=1)

    assert page.evaluate("() => " + VIDEO + ".currentSrc").endswith(light.file.url)
