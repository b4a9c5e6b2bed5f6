"""A course downloaded for offline reading, in Chromium with its service worker: the learner
sees the size first, downloads with a progress bar, reads every module page (text, picture)
without signal, gets the update after a republish, removes the download, and signing out
clears it (docs/decisions/033-offline-courses.md)."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from playwright.sync_api import expect
from wagtail.images import get_image_model

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    ParagraphBlockFactory,
)
from courses.services import enrolment_create
from courses.videos.factories import VideoDocumentFactory
from home.factories import UserFactory
from quizzes.h5p.demo import build_package
from tests.e2e.browser import screenshot, sign_in
from tests.e2e.conftest import page_problems_key
from tests.e2e.test_h5p_journey import content_frame, install, module_with, wait_for_content
from tests.quizzes.h5p.packages import SAMPLES_DIR, require_samples

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLOW_TIMEOUT_MS = 60_000
KEPT_CACHES = (
    "() => caches.keys().then(names => names.filter(n => n.startsWith('offline-course-')))"
)


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (179, 18, 31)).save(buffer, "PNG")
    return SimpleUploadedFile("man-hinh.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def course(settings):
    settings.ROOT_URLCONF = "tests.e2e.media_urls"
    course = CoursePageFactory(parent=CourseIndexPageFactory(), title="Dùng điện thoại an toàn")
    image = get_image_model().objects.create(title="Màn hình khóa", file=png())
    document = VideoDocumentFactory(title="Phiếu ghi nhớ")
    texts = {
        "Bài 1: Khóa màn hình": "Đặt mật khẩu sáu số cho màn hình khóa.",
        "Bài 2: Tin nhắn lạ": "Không bấm vào đường dẫn trong tin nhắn lạ.",
        "Bài 3: Phiếu ghi nhớ": "Tải phiếu ghi nhớ về máy để xem lại.",
    }
    bodies = [
        [{"type": "image", "value": {"image": image.pk, "alt_text": "Màn hình khóa"}}],
        [],
        [{"type": "document", "value": {"document": document.pk, "title": "Phiếu ghi nhớ"}}],
    ]
    modules = [
        ModulePageFactory(
            parent=course,
            title=title,
            body=[ParagraphBlockFactory(text=f"<p>{text}</p>"), *body],
        )
        for (title, text), body in zip(texts.items(), bodies, strict=True)
    ]
    return course, modules, texts


def controlled(page) -> None:
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=SLOW_TIMEOUT_MS,
    )


def on_course_page(new_page, learner, course, *, http_cache=False, **options):
    """A signed-in learner's page on the course page, controlled by the service worker.
    `http_cache`: without Playwright's routes, which turn the browser's HTTP cache off (the
    H5P player keeps its shell there)."""
    page = new_page(service_workers="allow", **options)
    if http_cache:
        page.context.unroute_all()
    sign_in(page, learner)
    page.goto(course.url)
    controlled(page)
    return page


def download(page) -> None:
    section = page.locator("[data-offline-course]")
    expect(section.locator("[data-offline-status]")).to_contain_text("Dung lượng cần tải")
    section.get_by_role("button", name="Tải về để học ngoại tuyến").click()
    expect(section.locator("progress")).to_have_attribute("value", "100", timeout=SLOW_TIMEOUT_MS)
    expect(section.locator("[data-offline-stored]")).to_contain_text(
        "Đã lưu trên thiết bị này", timeout=SLOW_TIMEOUT_MS
    )


def test_a_learner_reads_a_downloaded_course_offline_and_signing_out_clears_it(new_page, course):
    course_page, modules, texts = course
    learner = UserFactory(email="ngoaituyen@example.vn")
    enrolment_create(learner=learner, course=course_page)
    # A phone's screen at 3x: the browser asks for the 1080 px picture, which is not kept
    # (phone sizes only); without signal the worker answers with a kept width.
    page = on_course_page(new_page, learner, course_page, device_scale_factor=3)

    section = page.locator("[data-offline-course]")
    expect(section).to_be_visible()
    status = section.locator("[data-offline-status]")
    expect(status).to_contain_text("Dung lượng cần tải")
    expect(section.locator("fieldset label")).to_have_text("Phiếu ghi nhớ (9 B)")
    section.get_by_label("Phiếu ghi nhớ").check()
    download(page)
    screenshot(page, "offline-course-downloaded-360")

    page.context.set_offline(True)
    for module, (title, text) in zip(modules, texts.items(), strict=True):
        page.goto(module.url)
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator(".module-body")).to_contain_text(text)
    page.goto(modules[0].url)
    picture = page.locator(".block-image img")
    expect(picture).to_be_visible()
    page.wait_for_function(
        "() => { const img = document.querySelector('.block-image img');"
        " return img.complete && img.naturalWidth > 0; }",
        timeout=SLOW_TIMEOUT_MS,
    )
    assert ".width-1080." in picture.evaluate("img => img.currentSrc")
    # The widest kept width (720 px) arrives, scaled as the 1080w candidate in a 360 px slot.
    assert picture.evaluate("img => img.naturalWidth") == 720 * 360 // 1080
    document_url = page.evaluate("() => location.origin") + modules[2].body[1].value["document"].url
    kept_document = page.evaluate("url => fetch(url).then(r => r.ok ? r.text() : '')", document_url)
    assert "webm" in kept_document
    page.goto(course_page.url)
    expect(page.locator("h1")).to_have_text(course_page.title)
    page.context.set_offline(False)

    # A republished module is offered as an update on the next visit.
    modules[1].title = "Bài 2: Tin nhắn và cuộc gọi lạ"
    modules[1].save_revision().publish()
    page.goto(course_page.url)
    update = section.get_by_role("button", name="Cập nhật bản tải về")
    expect(update).to_be_visible(timeout=SLOW_TIMEOUT_MS)
    expect(status).to_contain_text("Khóa học đã thay đổi")
    update.click()
    expect(update).to_be_hidden(timeout=SLOW_TIMEOUT_MS)
    expect(section.locator("progress")).to_have_attribute("value", "100")
    page.context.set_offline(True)
    page.goto(modules[1].url)
    expect(page.locator("h1")).to_have_text("Bài 2: Tin nhắn và cuộc gọi lạ")
    page.context.set_offline(False)

    page.goto(course_page.url)
    section.get_by_role("button", name="Xóa bản tải về").click()
    expect(status).to_have_text("Đã xóa bản tải về khỏi thiết bị này.")
    assert page.evaluate(KEPT_CACHES) == []
    page.context.set_offline(True)
    page.goto(modules[0].url)
    expect(page.locator("h1")).to_have_text("Bạn đang ngoại tuyến")
    page.context.set_offline(False)

    page.goto(course_page.url)
    download(page)
    assert page.evaluate(KEPT_CACHES) == [f"offline-course-{course_page.pk}"]
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url("/")
    page.wait_for_function(f"{KEPT_CACHES}.then(names => names.length === 0)")
    # The home page installs the worker again; without signal it has no page of the course.
    controlled(page)
    page.context.set_offline(True)
    page.goto(modules[0].url)
    expect(page.locator("h1")).to_have_text("Bạn đang ngoại tuyến")


def test_the_control_stays_hidden_where_the_browser_has_no_cache_storage(new_page, course):
    course_page, _modules, _texts = course
    learner = UserFactory(email="khongcache@example.vn")
    enrolment_create(learner=learner, course=course_page)
    page = new_page()
    page.add_init_script("delete window.caches")
    sign_in(page, learner)
    page.goto(course_page.url)
    assert page.evaluate("() => 'caches' in window") is False
    expect(page.get_by_role("link", name="Bắt đầu học phần đầu tiên")).to_be_visible()
    expect(page.locator("[data-offline-course]")).to_be_hidden()


def test_an_h5p_activity_of_a_downloaded_course_plays_without_signal(new_page):
    learner = UserFactory(email="h5pngoaituyen@example.vn")
    course = CoursePageFactory(parent=CourseIndexPageFactory(), title="Bài tập không cần mạng")
    module = module_with(course, install(build_package(title="Kiểm tra nhanh")))
    enrolment_create(learner=learner, course=course)
    page = on_course_page(new_page, learner, course, http_cache=True)
    download(page)

    page.context.set_offline(True)
    page.goto(module.url)
    expect(page.locator("h1")).to_have_text("Bài tập tương tác")
    expect(content_frame(page).locator(".elearn-quickcheck-statement").first).to_be_visible(
        timeout=SLOW_TIMEOUT_MS
    )


STYLES_PICTURES = r"""async () => {
    const css = [...document.querySelectorAll("style[data-elearn-library]")]
        .map((style) => style.textContent).join("\n").replace(/@font-face\s*\{[^}]*\}/g, "");
    const left = css.match(/url\("https?:[^"]+\.(png|gif|jpe?g|svg|webp)([?#][^"]*)?"\)/g) || [];
    const blobs = [...new Set(css.match(/blob:[^"]+/g) || [])];
    const shown = await Promise.all(blobs.map((url) => {
        const picture = new Image();
        picture.src = url;
        return picture.decode().then(() => true, () => false);
    }));
    return { left, shown };
}"""


def styles_pictures(page, timeout_s: float = 30) -> dict:
    """The pictures still named by address in the player's library styles (`left`), and
    whether each one they name as a blob shows (`shown`), once none is left or after
    `timeout_s`."""
    body = content_frame(page).locator("body")
    deadline = time.monotonic() + timeout_s
    while True:
        found = body.evaluate(STYLES_PICTURES)
        if not found["left"] or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(250)


def test_the_pictures_and_icons_of_an_h5p_activity_show_without_signal(request, new_page):
    """A real package (H5P.TrueFalse) with a photo in its content: the download keeps the
    photo under the address the kept module page names, and the fonts of the libraries'
    icons, so the activity shows both offline. The sandboxed frame has no service worker: its
    own first try at the photo fails without signal (the browser logs it), and it asks again
    through the module page, which answers from the download."""
    require_samples()
    learner = UserFactory(email="anhngoaituyen@example.vn")
    course = CoursePageFactory(parent=CourseIndexPageFactory(), title="Bài tập có hình ảnh")
    activity = install((SAMPLES_DIR / "H5P.TrueFalse.h5p").read_bytes(), "dung-sai.h5p")
    module = module_with(course, activity)
    enrolment_create(learner=learner, course=course)
    page = on_course_page(new_page, learner, course, http_cache=True)
    download(page)

    page.context.set_offline(True)
    page.goto(module.url)
    wait_for_content(page)
    picture = content_frame(page).locator(".h5p-content img").first
    expect(picture).to_be_visible(timeout=SLOW_TIMEOUT_MS)
    page.wait_for_timeout(500)
    assert picture.evaluate("image => image.complete && image.naturalWidth") > 0
    fonts = (
        content_frame(page)
        .locator("body")
        .evaluate(
            "body => document.fonts.ready.then(set => [...set].filter(face => face.status"
            " === 'loaded').map(face => face.family.replace(/[\"']/g, '')))"
        )
    )
    assert {"H5PFontIcons", "H5PFontAwesome4"} <= set(fonts), fonts
    # The pictures the libraries' styles name (H5P.Question's score marks, H5P.Image's
    # placeholder) come from the download too, as blobs of the frame.
    pictures = styles_pictures(page)
    assert pictures["left"] == [], pictures
    assert len(pictures["shown"]) >= 3 and all(pictures["shown"]), pictures
    screenshot(page, "offline-h5p-picture-360")
    problems = request.node.stash[page_problems_key]
    first_tries = [
        p for p in problems if "ERR_INTERNET_DISCONNECTED" in p and "/files/content/images/" in p
    ]
    assert first_tries, problems
    problems[:] = [p for p in problems if p not in first_tries]
