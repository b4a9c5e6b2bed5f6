"""A portal's news: its editors write them under their own home page (not under another
portal's), the portal's home page shows the newest, the news index lists them all newest
first, page by page, at a cost that does not grow with the news."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from home.factories import NewsIndexPageFactory, NewsPageFactory, UserFactory
from home.models import HomePage, NewsIndexPage, NewsPage
from home.selectors import NEWS_PER_PAGE
from tests.courses.portals.conftest import HOST_A, HOST_B, on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def editor_a(portal_a):
    user = UserFactory(email="bientap.hanoi@example.vn", commune=None)
    user.groups.add(portal_a.editors)
    return user


@pytest.fixture
def news_a(portal_a):
    return NewsIndexPageFactory(parent=portal_a.site.root_page.specific)


@pytest.fixture
def news_b(portal_b):
    return NewsIndexPageFactory(parent=portal_b.site.root_page.specific)


def publish_news(index, count, start=dt.date(2026, 5, 1)):
    return [
        NewsPageFactory(
            parent=index,
            title=f"Thông báo ngày {n + 1}",
            slug=f"thong-bao-{start:%m}-{n + 1}",
            date=start + dt.timedelta(days=n),
        )
        for n in range(count)
    ]


def titles(html: str) -> list[str]:
    return re.findall(r"Thông báo ngày \d+", html)


def test_the_portal_home_page_shows_its_newest_news_only(client, news_a, news_b):
    publish_news(news_a, 5)
    NewsPageFactory(parent=news_b, title="Tin Cao Bằng", slug="tin-cao-bang")

    home_a = client.get("/", **on(HOST_A)).content.decode()
    home_b = client.get("/", **on(HOST_B)).content.decode()

    assert titles(home_a) == ["Thông báo ngày 5", "Thông báo ngày 4", "Thông báo ngày 3"]
    assert 'href="/tin-tuc/thong-bao-05-5/"' in home_a
    assert 'href="/tin-tuc/"' in home_a
    assert "Tin Cao Bằng" not in home_a
    assert "Tin Cao Bằng" in home_b and not titles(home_b)


def test_a_new_news_item_appears_on_the_home_page_once_published(client, news_a):
    publish_news(news_a, 1)
    assert titles(client.get("/", **on(HOST_A)).content.decode()) == ["Thông báo ngày 1"]

    NewsPageFactory(parent=news_a, title="Thông báo ngày 9", date=dt.date(2026, 6, 9))
    NewsPageFactory(parent=news_a, title="Thông báo ngày 8", live=False)

    assert titles(client.get("/", **on(HOST_A)).content.decode()) == [
        "Thông báo ngày 9",
        "Thông báo ngày 1",
    ]


def test_the_news_index_lists_newest_first_page_by_page(client, news_a):
    publish_news(news_a, NEWS_PER_PAGE + 2)

    first = client.get("/tin-tuc/", **on(HOST_A)).content.decode()
    second = client.get("/tin-tuc/?page=2", **on(HOST_A)).content.decode()
    beyond = client.get("/tin-tuc/?page=abc", **on(HOST_A))

    assert titles(first)[:2] == ["Thông báo ngày 12", "Thông báo ngày 11"]
    assert len(titles(first)) == NEWS_PER_PAGE
    assert 'href="?page=2"' in first and 'rel="prev"' not in first
    assert titles(second) == ["Thông báo ngày 2", "Thông báo ngày 1"]
    assert 'href="?page=1"' in second and 'rel="next"' not in second
    assert beyond.status_code == 200


def _queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **on(HOST_A))  # warm the caches that every page shares
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **on(HOST_A)).status_code == 200
    return len(queries)


def test_the_news_pages_cost_does_not_grow_with_the_news(
    client, news_a, django_assert_max_num_queries
):
    publish_news(news_a, 3)
    index_few = _queries(client, django_assert_max_num_queries, "/tin-tuc/")
    home_few = _queries(client, django_assert_max_num_queries, "/")
    publish_news(news_a, 2 * NEWS_PER_PAGE, start=dt.date(2026, 6, 1))
    index_many = _queries(client, django_assert_max_num_queries, "/tin-tuc/")
    home_many = _queries(client, django_assert_max_num_queries, "/")

    assert index_many == index_few
    assert home_many == home_few


def png(width=1600, height=900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#0b5cad").save(buffer, "PNG")
    return SimpleUploadedFile("tin-tuc.png", buffer.getvalue(), "image/png")


def test_a_news_image_is_served_in_several_sizes(client, news_a):
    image = get_image_model().objects.create(title="Lớp học Ba Đình", file=png())
    NewsPageFactory(parent=news_a, title="Thông báo ngày 1", slug="co-anh", image=image)

    page = client.get("/tin-tuc/co-anh/", **on(HOST_A)).content.decode()
    index = client.get("/tin-tuc/", **on(HOST_A)).content.decode()
    home = client.get("/", **on(HOST_A)).content.decode()

    for html in (page, index, home):
        srcset = re.search(r'srcset="([^"]+)"', html).group(1)
        assert len(srcset.split(",")) >= 2, srcset
        assert 'sizes="' in html


def test_an_editor_of_a_adds_a_news_index_under_as_home_only(editor_a, portal_a, portal_b):
    home_a, home_b = portal_a.site.root_page.specific, portal_b.site.root_page.specific

    assert NewsIndexPage.can_create_at(home_a)
    assert home_a.permissions_for_user(editor_a).can_add_subpage()
    assert not home_b.permissions_for_user(editor_a).can_add_subpage()


def test_an_editor_of_a_writes_news_under_as_home_only(editor_a, portal_a, news_a, news_b):
    assert news_a.permissions_for_user(editor_a).can_add_subpage()
    assert not news_b.permissions_for_user(editor_a).can_add_subpage()
    item_b = NewsPageFactory(parent=news_b, title="Tin Cao Bằng", slug="tin-cao-bang")
    assert not item_b.permissions_for_user(editor_a).can_edit()


def test_an_editor_of_a_is_refused_bs_news_in_the_admin(client, editor_a, news_a, news_b):
    item_b = NewsPageFactory(parent=news_b, title="Tin Cao Bằng", slug="tin-cao-bang")
    client.force_login(editor_a)

    def add(index):
        return reverse("wagtailadmin_pages:add", args=["home", "newspage", index.pk])

    assert client.get(add(news_a)).status_code == 200
    response = client.post(
        add(news_a),
        {
            "title": "Khai giảng lớp kỹ năng số",
            "slug": "khai-giang",
            "date": "2026-06-01",
            "intro": "Lớp học mở tại nhà văn hóa phường.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    assert NewsPage.objects.child_of(news_a).filter(slug="khai-giang", live=True).exists()

    assert client.get(add(news_b)).status_code in (302, 403)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[item_b.pk])).status_code in (
        302,
        403,
    )
    assert not NewsPage.objects.child_of(news_b).exclude(pk=item_b.pk).exists()


def test_news_live_under_a_news_index_under_a_home_page():
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsIndexPage.allowed_parent_page_models() == [HomePage]
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage]
    assert NewsPage.allowed_subpage_models() == []


def test_news_pages_are_named_in_vietnamese():
    with translation.override("vi"):
        assert str(NewsPage._meta.verbose_name) == "tin tức"
        assert str(NewsIndexPage._meta.verbose_name) == "trang tin tức"
        assert str(NewsPage._meta.get_field("date").verbose_name) == "Ngày"
