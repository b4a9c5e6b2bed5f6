"""A trainer and a national administrator who chose Vietnamese read no English in the admin.

The test opens the admin home, every page of the sidebar menu, then the admin pages those link
to (listings, add and edit forms, choosers, history, moderation), and fails on visible English
(tests/admin_english.py says what counts). A page is opened once per kind of URL (ids folded).
"""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext, pgettext
from wagtail.models import Site
from wagtail.users.models import UserProfile

from courses import services
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    TopicFactory,
)
from home.factories import UserFactory
from quizzes.factories import QuestionFactory, QuizFactory
from tests.admin_english import english_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese_catalogue")]

# Links, and the sidebar menu's addresses (JSON in a script).
LINK = re.compile(r'href="(/admin/[^"#]*)"|"url": "(/admin/[^"#]*)"')
# Pages a GET changes nothing on but that are not screens: sign-out, files, JSON endpoints.
SKIP = re.compile(
    r"logout|/export|\.csv|\.xlsx|/usage/|/preview/|/block-preview/|/api/|/jsi18n|"
    r"/download|/serve/|/xapi|\?export=|/sidebar|/workflow/history/.*/\d+/\d+/|/compare/"
)
MAX_PAGES = 250
# Query parameters that sort, page or say where to go back to: same screen, same words.
QUIET_PARAMS = {"ordering", "p", "next", "q"}


@pytest.fixture
def world():
    home = Site.objects.get(is_default_site=True).root_page
    catalog = CourseIndexPageFactory(parent=home)
    services.catalog_grant_trainers(catalog=catalog)
    course = CoursePageFactory(parent=catalog, title="An toàn thông tin cơ bản")
    ModulePageFactory.create_batch(2, parent=course)
    TopicFactory(name="Chính phủ số", slug="chinh-phu-so")
    questions = QuestionFactory.create_batch(3)
    QuizFactory(title="Kiểm tra cuối khóa", questions=questions)
    return course


def vietnamese(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    return user


@pytest.fixture
def trainer(world):
    user = UserFactory(email="giangvien@example.vn", full_name="Trần Thị Giảng Viên")
    user.groups.add(Group.objects.get(name=services.TRAINERS_GROUP))
    return vietnamese(user)


@pytest.fixture
def national_administrator(world):
    return vietnamese(UserFactory(superuser=True, email="quantri@example.vn"))


def url_kind(url: str) -> str:
    """The URL with ids folded and only the names of query parameters that change the screen."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair} - QUIET_PARAMS)
    return re.sub(r"/\d+/", "/N/", parts.path) + "?" + "&".join(keys)


def crawl(client, start: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """English found per admin page reachable from `start`, breadth first, and the kinds of
    page read."""
    queue, seen, found, read = list(start), set(), {}, set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0).replace("&amp;", "&")
        if url_kind(url) in seen or SKIP.search(url):
            continue
        seen.add(url_kind(url))
        response = client.get(url)
        if response.status_code != 200:
            continue
        if response["Content-Type"].startswith("application/json"):
            html = response.json().get("html") or ""  # a chooser's modal
        elif "text/html" in response["Content-Type"]:
            html = response.content.decode()
        else:
            continue
        read.add(url_kind(url))
        english = english_in(html)
        if english:
            found[url] = english
        links = [href or url for href, url in LINK.findall(html)]
        queue += [link for link in links if url_kind(link) not in seen]
    return found, read


# Screens of issue #19 the crawl must have read, for both roles.
SCREENS_EVERY_ROLE_READS = {
    "/admin/?",
    "/admin/pages/N/?",
    "/admin/pages/add/courses/coursepage/N/?",
    "/admin/pages/add/courses/modulepage/N/?",
    "/admin/pages/N/edit/?",
    "/admin/pages/N/history/?",
    "/admin/choose-page/?",
    "/admin/images/?",
    "/admin/images/chooser/?",
    "/admin/documents/?",
    "/admin/documents/chooser/?",
    "/admin/snippets/quizzes/question/?",
    "/admin/snippets/quizzes/question/edit/N/?",
    "/admin/snippets/quizzes/question/import/?",
    "/admin/snippets/quizzes/quiz/add/?",
    "/admin/snippets/quizzes/quiz/edit/N/?",
    "/admin/snippets/quizzes/h5pactivity/add/?",
    "/admin/snippets/choose/quizzes/quiz/?",
    "/admin/course-progress/?",
    "/admin/reports/workflow/?",
    "/admin/reports/site-history/?",
    "/admin/account/?",
}
# Screens only an administrator sees, where Wagtail used to show English it builds in code or
# stores in the database (permission names, the "Root" of the page tree and of the collections).
SCREENS_THE_ADMINISTRATOR_READS = {
    "/admin/sites/?",
    "/admin/workflows/list/?",
    "/admin/workflows/add/?",
    "/admin/workflows/edit/N/?",
    "/admin/groups/?",
    "/admin/groups/new/?",
    "/admin/groups/edit/N/?",
    "/admin/collections/add/?",
    "/admin/reports/aging-pages/?",
    "/admin/pages/?",
}


def start_pages(course) -> list[str]:
    """The admin home (whose menu leads everywhere else) and the screens no link leads to: the
    add forms behind a one-type "Add child page" redirect, and the choosers (modals)."""
    module = course.get_children().first()
    return [
        "/admin/",
        f"/admin/pages/add/courses/coursepage/{course.get_parent().pk}/",
        f"/admin/pages/add/courses/modulepage/{course.pk}/",
        f"/admin/pages/{module.pk}/edit/",
        "/admin/choose-page/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/snippets/choose/quizzes/quiz/",
        "/admin/snippets/choose/quizzes/h5pactivity/",
        "/admin/snippets/choose/courses/topic/",
    ]


@pytest.mark.parametrize(
    ("html", "english"),
    [
        ("<button>Save draft</button>", ["Save draft"]),
        ("<p>Choose câu hỏi</p>", ["Choose câu hỏi"]),
        ('<nav aria-label="Actions"></nav>', ["Actions"]),
        ("<p>Lưu bản nháp</p><p>Tải CSV hoặc XLSX, e-mail a@b.vn</p><code>category</code>", []),
        ("<td>xa_long_sap</td><td>home.homepage</td>", []),
    ],
)
def test_english_finder_flags_english_and_mixed_text_only(html, english):
    assert english_in(html) == english


@pytest.mark.parametrize("role", ["trainer", "national_administrator"])
def test_admin_pages_read_vietnamese(client, request, role, world):
    client.force_login(request.getfixturevalue(role))

    found, read = crawl(client, start_pages(world))

    assert SCREENS_EVERY_ROLE_READS - read == set()
    if role == "national_administrator":
        assert SCREENS_THE_ADMINISTRATOR_READS - read == set()
    report = "\n".join(f"{url}: {english}" for url, english in found.items())
    assert found == {}, report


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Choose a document", "Chọn tài liệu"),  # Wagtail: "Chọn một văn bản"
        ("%(label)s and Publish", "%(label)s và xuất bản"),  # Wagtail: "%(label)svà Xuất bản"
        ("Pages", "Trang"),  # our catalogue's pagination label used to win here
        ("Save draft", "Lưu bản nháp"),  # missing from Wagtail's Vietnamese
    ],
)
def test_admin_overrides_win_over_the_vietnamese_of_wagtail_and_ours(english, vietnamese):
    with translation.override("vi"):
        assert gettext(english) == vietnamese
        assert pgettext("pagination", "Pages") == "Phân trang"


@pytest.mark.parametrize(
    ("english", "translation"),
    [
        ("Collapse all", "Thu gọn tất cả"),  # missing from Wagtail's Vietnamese
        ("More actions", "Thao tác khác"),
        ("Save error", "Lỗi khi lưu"),  # Wagtail: "Lưu lỗi" ("save the error")
        ("Settings", "Cài đặt"),  # Wagtail: "Tùy chỉnh"
    ],
)
def test_admin_javascript_catalogue_serves_our_vietnamese(client, english, translation):
    client.force_login(vietnamese(UserFactory()))

    catalogue = client.get("/admin/jsi18n/").content.decode()

    assert f"{json.dumps(english)}: {json.dumps(translation)}" in catalogue
