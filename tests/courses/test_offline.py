"""The offline manifest of a course: for its enrolled learners only, listing every module page
with the renditions, documents and files it uses, each with its size, on this site only, with
a version that changes when the course is republished."""

import io
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from courses.factories import ModulePageFactory, ParagraphBlockFactory
from courses.models import CoursePage
from courses.reports.factories import ManagerScopeFactory
from courses.services import enrolment_create
from courses.videos.factories import VideoDocumentFactory
from home.webapp import service_worker_config
from quizzes.h5p.services import h5p_activity_create
from tests.quizzes.h5p.packages import package, upload

pytestmark = pytest.mark.django_db


def png(width=1600, height=900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (179, 18, 31)).save(buffer, "PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def image(db):
    return get_image_model().objects.create(title="Màn hình điện thoại", file=png())


@pytest.fixture
def document(db):
    return VideoDocumentFactory(title="Phiếu bài tập")


@pytest.fixture
def modules(course, image, document):
    return [
        ModulePageFactory(
            parent=course,
            title="Bài 1: Ảnh",
            body=[
                {"type": "image", "value": {"image": image.pk, "alt_text": "Ảnh", "caption": ""}},
                ParagraphBlockFactory(),
            ],
        ),
        ModulePageFactory(
            parent=course,
            title="Bài 2: Tài liệu",
            body=[
                {"type": "document", "value": {"document": document.pk, "title": "Phiếu"}},
            ],
        ),
    ]


@pytest.fixture
def enrolled(learner, course, modules):
    enrolment_create(learner=learner, course=course)
    return learner


def manifest_url(course) -> str:
    return reverse("course_offline_manifest", args=[course.pk])


def get_manifest(client, course) -> dict:
    response = client.get(manifest_url(course))
    assert response.status_code == 200
    return response.json()


def all_urls(data) -> list[str]:
    files = [*data["pages"], *data["images"], *data["documents"], *data["static"]]
    files += [item for activity in data["h5p"] for item in activity["files"]]
    return [item["url"] for item in files]


def test_an_anonymous_visitor_is_sent_to_sign_in(client, course, modules):
    response = client.get(manifest_url(course))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_learner_not_enrolled_is_refused(client, other_learner, course, modules):
    client.force_login(other_learner)
    assert client.get(manifest_url(course)).status_code == 403


def test_a_province_manager_is_refused_like_any_learner_not_enrolled(
    client, course, modules, cao_bang
):
    manager = ManagerScopeFactory(province=cao_bang, user__email="tinh@example.vn").user
    client.force_login(manager)
    assert client.get(manifest_url(course)).status_code == 403


def test_a_course_not_live_has_no_manifest(client, enrolled, course):
    client.force_login(enrolled)
    course.unpublish()
    assert client.get(manifest_url(course)).status_code == 404


def test_lists_every_module_page_and_the_course_page(client, enrolled, course, modules):
    client.force_login(enrolled)
    data = get_manifest(client, course)
    assert data["cache"] == f"offline-course-{course.pk}"
    assert [page["url"] for page in data["pages"]] == [course.url] + [m.url for m in modules]
    assert all(page["size"] > 0 for page in data["pages"])


def test_lists_the_phone_renditions_the_module_page_shows(client, enrolled, course, modules):
    client.force_login(enrolled)
    html = client.get(modules[0].url).content.decode()
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    shown = dict(reversed(part.strip().split(" ")) for part in srcset.split(","))
    data = get_manifest(client, course)
    images = {image["url"]: image["size"] for image in data["images"]}
    assert set(images) == {shown["360w"], shown["720w"]}
    assert shown["1080w"] not in images
    assert all(size > 0 for size in images.values())


def test_lists_documents_with_their_sizes(client, enrolled, course, document):
    client.force_login(enrolled)
    data = get_manifest(client, course)
    assert data["documents"] == [
        {
            "url": document.url,
            "size": document.file.size,
            "title": "Phiếu bài tập",
            "kind": "document",
        }
    ]
    assert document.file.size > 0


def test_lists_the_static_files_the_pages_load(client, enrolled, course):
    client.force_login(enrolled)
    data = get_manifest(client, course)
    html = client.get(course.url).content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert stylesheet in [item["url"] for item in data["static"]]
    assert all(item["size"] > 0 for item in data["static"])


def test_no_url_leaves_the_site(client, enrolled, course):
    client.force_login(enrolled)
    urls = all_urls(get_manifest(client, course))
    assert urls
    assert all(url.startswith("/") and not url.startswith("//") for url in urls)


def test_the_version_changes_when_the_course_is_republished(client, enrolled, course, modules):
    client.force_login(enrolled)
    before = get_manifest(client, course)["version"]
    assert get_manifest(client, course)["version"] == before
    modules[1].title = "Bài 2: Tài liệu (mới)"
    modules[1].save_revision().publish()
    after = get_manifest(client, course)
    assert after["version"] != before
    assert after["pages"][2]["title"] == "Bài 2: Tài liệu (mới)"
    CoursePage.objects.get(pk=course.pk).save_revision().publish()
    assert get_manifest(client, course)["version"] != after["version"]


def test_a_locked_module_is_left_out_until_it_opens(client, enrolled, course, modules):
    course.sequential = True
    course.save_revision().publish()
    client.force_login(enrolled)
    data = get_manifest(client, course)
    assert [page["url"] for page in data["pages"]] == [course.url, modules[0].url]
    assert data["documents"] == []


def test_the_service_worker_answers_every_kept_file_from_the_download(client, enrolled, course):
    client.force_login(enrolled)
    data = get_manifest(client, course)
    prefixes = service_worker_config()["keptPrefixes"]
    files = [*data["images"], *data["documents"]]
    files += [item for activity in data["h5p"] for item in activity["files"]]
    assert files
    static_url = service_worker_config()["staticUrl"]
    for item in files:
        assert item["url"].startswith((*prefixes, static_url)), item["url"]


def test_signing_out_clears_the_downloaded_courses_from_the_browser(client, enrolled):
    client.force_login(enrolled)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def enrolled_in_activity(client, learner, course, name, data, *, title):
    """An H5P activity installed from `data`, in a module of `course` titled `title`, and
    `learner` enrolled and signed in on `client`."""
    activity = h5p_activity_create(upload=upload(name, data), user=None, allow_new_libraries=True)
    module = ModulePageFactory(
        parent=course,
        title=title,
        body=[{"type": "h5p", "value": {"activity": activity.pk, "pass_mark": 80}}],
    )
    enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    return activity, module


def test_lists_the_h5p_player_files_and_library_bundle_the_module_page_loads(
    client, learner, course
):
    _activity, module = enrolled_in_activity(
        client,
        learner,
        course,
        "kiem-tra.h5p",
        package(title="Kiểm tra nhanh"),
        title="Bài tập tương tác",
    )
    html = client.get(module.url).content.decode()
    preloaded = {
        urlsplit(unescape(url)).path
        for url in re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', html)
    }
    assert any("/libraries/bundle/" in url for url in preloaded)
    data = get_manifest(client, course)
    [kept] = data["h5p"]
    assert kept["title"] == "Kiểm tra nhanh"
    assert preloaded <= {item["url"] for item in kept["files"]}
    shell = re.search(r'<iframe class="h5p-frame" src="([^"]+)"', html).group(1)
    assert urlsplit(unescape(shell)).path in {item["url"] for item in kept["files"]}
    assert all(item["size"] > 0 for item in kept["files"])
    # The bundle's size is what the device keeps: the JSON as served, scripts minified.
    [bundle] = [item for item in kept["files"] if item["kind"] == "bundle"]
    served = client.get(bundle["url"], HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in served
    assert bundle["size"] == len(served.content)
    assert {"/static/quizzes/h5p.js", "/static/quizzes/h5p.css"} <= {
        item["url"] for item in data["static"]
    }


def test_lists_the_fonts_and_pictures_the_h5p_library_styles_name(client, learner, course):
    """The player shows a library's icons and pictures from the download when there is no
    signal (quizzes/static/quizzes/h5p-player.js): the manifest keeps the font each
    @font-face uses and every picture the other rules name, once, with its size; never what
    is inline, elsewhere, or not in the library."""
    sprite, mark = png(32, 32).read(), b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    css = """
    @font-face { font-family: Icons; src: url(fonts/icons.eot); src: url('fonts/icons.woff')
      format('woff'), url(fonts/icons.svg#Icons) format('svg'); }
    .test-check { background: url(images/sprite.png?v=2) no-repeat; }
    .test-check:hover { background-image: url("images/sprite.png"); }
    .test-check::after { content: url('images/mark.svg#tick'); }
    .inline { background: url(data:image/png;base64,iVBORw0KGgo=); }
    .far { background: url(https://cdn.example.com/x.png); }
    .gone { background: url(images/missing.gif); }
    """
    enrolled_in_activity(
        client,
        learner,
        course,
        "bieu-tuong.h5p",
        package(
            title="Biểu tượng",
            extra={
                "Test.Check-1.0/check.css": css,
                "Test.Check-1.0/fonts/icons.eot": b"eot",
                "Test.Check-1.0/fonts/icons.woff": b"wOFF-font",
                "Test.Check-1.0/images/sprite.png": sprite,
                "Test.Check-1.0/images/mark.svg": mark,
            },
        ),
        title="Bài tập có biểu tượng",
    )

    [kept] = get_manifest(client, course)["h5p"]

    base = "/learning/quizzes/h5p/libraries/Test.Check-1.0/"
    assets = [
        {key: item[key] for key in ("url", "size", "kind")}
        for item in kept["files"]
        if item["kind"] in {"font", "picture"}
    ]
    assert assets == [
        {"url": f"{base}fonts/icons.woff", "size": len(b"wOFF-font"), "kind": "font"},
        {"url": f"{base}images/sprite.png", "size": len(sprite), "kind": "picture"},
        {"url": f"{base}images/mark.svg", "size": len(mark), "kind": "picture"},
    ]
    assert client.get(assets[1]["url"]).status_code == 200


def test_lists_the_h5p_content_files_fetched_under_the_address_each_kept_page_names(
    client, learner, course
):
    """An activity's pictures and sounds are served under the player link of one visit: the
    manifest lists them by path with their sizes, and the module page names the address its
    own visit serves them under, where each one is found."""
    picture = png(64, 64).read()
    activity, module = enrolled_in_activity(
        client,
        learner,
        course,
        "hinh-anh.h5p",
        package(title="Nhìn hình trả lời", extra={"content/images/ruong-bac-thang.png": picture}),
        title="Bài tập có hình",
    )

    [kept] = get_manifest(client, course)["h5p"]
    html = client.get(module.url).content.decode()

    assert kept["pk"] == activity.pk
    content = {item["path"]: item["size"] for item in kept["content"]}
    assert content["content/images/ruong-bac-thang.png"] == len(picture)
    assert {"h5p.json", "content/content.json"} <= set(content)
    found = re.search(r'data-offline-activity="(\d+)" data-offline-content="([^"]+)"', html)
    assert int(found.group(1)) == activity.pk
    base = unescape(found.group(2))
    assert base.startswith("http://testserver/")
    for path, size in content.items():
        response = client.get(f"{urlsplit(base).path}/{path}")
        assert response.status_code == 200, path
        assert len(b"".join(response.streaming_content)) == size
        assert urlsplit(base).path.startswith(tuple(service_worker_config()["keptPrefixes"]))


def test_the_manifest_costs_the_same_queries_whatever_the_number_of_modules(
    client, enrolled, course
):
    client.force_login(enrolled)
    get_manifest(client, course)
    with CaptureQueriesContext(connection) as few:
        get_manifest(client, course)
    ModulePageFactory.create_batch(5, parent=course)
    get_manifest(client, course)
    with CaptureQueriesContext(connection) as many:
        data = get_manifest(client, course)
    assert len(data["pages"]) == 8
    assert len(many) == len(few)


def test_lists_the_cover_picture_the_course_page_shows(client, enrolled, course, image):
    course.cover_image = image
    course.save_revision().publish()
    client.force_login(enrolled)
    html = client.get(course.url).content.decode()
    cover = re.search(r"<img[^>]*course-cover[^>]*>", html).group(0)
    src = re.search(r'src="([^"]+)"', cover).group(1)
    assert src in [item["url"] for item in get_manifest(client, course)["images"]]
