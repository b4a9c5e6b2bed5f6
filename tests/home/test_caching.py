"""Published content is cached under one content version that every publishing action retires,
and anonymous pages are served from the shared cache without ever sharing a personal page."""

import gzip
import os

import environ
import pytest
import redis
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from courses import services
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from home.cache_backends import with_reused_client
from home.caching import (
    cached,
    content_changed,
    content_version,
    version_per_request,
    versioned_key,
)
from home.factories import UserFactory
from home.middleware import AnonymousPageCacheMiddleware, ContentVersionMiddleware
from home.models import HomePage, SiteBranding

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_page():
    return HomePage.objects.get()


@pytest.fixture
def catalog():
    return CourseIndexPageFactory()


def queries_of(client, url, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return len(captured.captured_queries), response


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


def test_publishing_a_page_changes_the_content_version(catalog):
    before = content_version()
    publish_title(catalog, "Thư viện khóa học")

    assert content_version() != before


def test_a_draft_save_leaves_the_content_version(catalog):
    before = content_version()
    catalog.title = "Bản nháp"
    catalog.save_revision()

    assert content_version() == before


@pytest.mark.parametrize(
    "change",
    [
        lambda page: page.unpublish(),
        lambda page: page.delete(),
        lambda page: page.move(Page.objects.get(depth=1), pos="last-child"),
        lambda page: PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        ),
        lambda page: SiteBranding.for_site(Site.objects.get()).save(),
    ],
    ids=["unpublish", "delete", "move", "restriction", "site-setting"],
)
def test_changes_that_alter_what_visitors_see_change_the_content_version(catalog, change):
    before = content_version()
    change(catalog)

    assert content_version() != before


def test_anonymous_home_page_is_served_from_the_cache(client):
    client.get("/")

    count, response = queries_of(client, "/")

    assert response.status_code == 200
    assert count == 0


def test_publishing_purges_the_cached_anonymous_page(client, home_page):
    client.get("/")
    home_page.hero_title = "Trang chủ mới"
    home_page.save_revision().publish()

    response = client.get("/")

    assert "Trang chủ mới" in response.content.decode()


def test_a_new_course_appears_in_the_cached_catalog_once_published(client, catalog):
    client.get(catalog.url)
    CoursePageFactory(parent=catalog, title="Chữ ký số cho cán bộ xã")

    assert "Chữ ký số cho cán bộ xã" in client.get(catalog.url).content.decode()


def test_signed_in_visitors_never_get_the_anonymous_page(client, catalog):
    client.get(catalog.url)
    client.force_login(UserFactory(full_name="Nguyễn Thị Hoa"))

    html = client.get(catalog.url).content.decode()

    assert 'href="/accounts/login/"' not in html
    assert "/khoa-hoc-cua-toi/" in html


def test_the_anonymous_page_never_carries_a_signed_in_visitors_page(client, catalog):
    learner_client = client.__class__()
    learner_client.force_login(UserFactory())
    learner_client.get(catalog.url)

    html = client.get(catalog.url).content.decode()

    assert "/khoa-hoc-cua-toi/" not in html


def test_each_language_has_its_own_cached_page(client, catalog):
    client.get(catalog.url)
    client.get("/ngon-ngu/en/?next=/")

    html = client.get(catalog.url).content.decode()

    assert '<html lang="en"' in html


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(client, catalog):
    client.get(catalog.url)
    client.cookies["messages"] = "anything"

    count, _response = queries_of(client, catalog.url)

    assert count > 0


def test_pages_outside_wagtail_are_not_cached(rf):
    rendered = []

    def view(request):
        rendered.append(request.path)
        return HttpResponse("sign-in form")

    middleware = AnonymousPageCacheMiddleware(view)
    for _ in range(2):
        request = rf.get("/accounts/login/")
        request.LANGUAGE_CODE = "vi"
        middleware(request)

    assert rendered == ["/accounts/login/", "/accounts/login/"]


def test_caching_can_be_turned_off(client, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    settings.SITE_FIGURES_CACHE_SECONDS = 0
    client.get("/")

    count, _response = queries_of(client, "/")

    assert count > 0


def test_a_repeat_visit_gets_304_not_modified(client, catalog):
    first = client.get(catalog.url)

    repeat = client.get(catalog.url, headers={"if-none-match": first["ETag"]})

    assert repeat.status_code == 304
    assert repeat.content == b""


def test_html_is_compressed_for_browsers_that_accept_gzip(client, catalog):
    response = client.get(catalog.url, headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert "Khóa học".encode() in gzip.decompress(response.content)


def test_a_page_with_a_csrf_token_is_compressed_with_random_padding_and_never_matches(client):
    """BREACH (docs/decisions/011-page-speed.md, 019-weak-signal.md): a compressed page that
    carries the CSRF token varies in length from one response to the next, and its ETag never
    matches an earlier one, so nothing about the secret can be read from sizes or 304s."""
    client.force_login(UserFactory())
    url = "/tai-khoan/ho-so/"
    responses = [client.get(url, headers={"accept-encoding": "gzip"}) for _ in range(6)]

    assert all(r["Content-Encoding"] == "gzip" for r in responses)
    assert b"csrfmiddlewaretoken" in gzip.decompress(responses[0].content)
    assert len({len(r.content) for r in responses}) > 1
    repeat = client.get(url, headers={"if-none-match": responses[-1]["ETag"]})
    assert repeat.status_code == 200


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis on 127.0.0.1:6379 (REDIS_TEST_URL), a database of its own."""
    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis at {url}")
    settings.CACHES = {"default": {"BACKEND": "home.cache_backends.RedisCache", "LOCATION": url}}
    cache.clear()
    yield
    cache.clear()


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_anonymous_pages_are_cached_and_purged_on_publish(client, home_page, redis_cache):
    client.get("/")
    count, _response = queries_of(client, "/")
    home_page.hero_title = "Học kỹ năng số mọi lúc"
    home_page.save_revision().publish()

    assert count == 0
    assert "Học kỹ năng số mọi lúc" in client.get("/").content.decode()


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_sessions_and_routes_serve_a_learner(client, catalog, redis_cache):
    course = CoursePageFactory(parent=catalog)
    client.force_login(UserFactory())

    assert client.get(course.url).status_code == 200
    assert client.get(course.url).status_code == 200


@pytest.fixture
def restricted_course(catalog):
    course = CoursePageFactory(parent=catalog, title="Khóa học nội bộ")
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    return course


def test_a_page_outside_every_restriction_reads_none(catalog, restricted_course):
    open_course = CoursePageFactory(parent=catalog, title="Khóa học mở")
    open_course.get_view_restrictions()  # caches the restricted paths

    with CaptureQueriesContext(connection) as captured:
        restrictions = list(open_course.get_view_restrictions())

    assert (restrictions, captured.captured_queries) == ([], [])


def test_a_restricted_page_and_its_children_keep_their_restriction(client, restricted_course):
    child = restricted_course.add_child(instance=CoursePageFactory.build(title="Bài 1"))

    assert [r.page_id for r in restricted_course.get_view_restrictions()] == [restricted_course.pk]
    assert [r.page_id for r in child.get_view_restrictions()] == [restricted_course.pk]
    assert client.get(restricted_course.url).status_code == 302  # to the sign-in page


def test_a_restriction_added_later_applies_at_once(client, catalog):
    course = CoursePageFactory(parent=catalog, title="Khóa học sắp hạn chế")
    assert client.get(course.url).status_code == 200

    PageViewRestriction.objects.create(page=catalog, restriction_type=PageViewRestriction.LOGIN)

    assert [r.page_id for r in course.get_view_restrictions()] == [catalog.pk]


def test_an_alias_of_a_restricted_page_keeps_the_restriction(catalog, restricted_course):
    other_catalog = CourseIndexPageFactory(title="Danh mục khác", slug="danh-muc-khac")
    alias = restricted_course.create_alias(parent=other_catalog)

    assert [r.page_id for r in alias.get_view_restrictions()] == [restricted_course.pk]


# --- Page chrome (home/templatetags/chrome.py) ----------------------------------------------


def test_the_chrome_is_rendered_once_then_served_from_the_cache(client, monkeypatch):
    client.force_login(UserFactory())
    client.get("/khoa-hoc-cua-toi/")
    lookups = []
    real = SiteBranding.for_request
    monkeypatch.setattr(
        SiteBranding, "for_request", classmethod(lambda cls, r: lookups.append(r) or real(r))
    )

    response = client.get("/khoa-hoc-cua-toi/")

    assert response.status_code == 200
    assert 'rel="stylesheet"' in response.content.decode()
    assert lookups == []


def test_changed_branding_shows_at_once_in_the_chrome(client):
    client.force_login(UserFactory())
    client.get("/khoa-hoc-cua-toi/")

    branding = SiteBranding.for_site(Site.objects.get())
    branding.organisation_name = "Sở Thông tin và Truyền thông Cao Bằng"
    branding.contact_email = "lienhe@caobang.gov.vn"
    branding.save()

    html = client.get("/khoa-hoc-cua-toi/").content.decode()
    assert "Sở Thông tin và Truyền thông Cao Bằng" in html
    assert "lienhe@caobang.gov.vn" in html


def test_each_language_has_its_own_chrome(client):
    client.force_login(UserFactory())
    vietnamese = client.get("/khoa-hoc-cua-toi/").content.decode()
    client.cookies["elearn_language"] = "en"
    english = client.get("/khoa-hoc-cua-toi/").content.decode()

    assert "Bình dân học vụ số" in vietnamese
    assert "Digital Popular Education" in english


def test_the_chrome_carries_nothing_of_the_learner_who_filled_it(client):
    first, second = UserFactory(full_name="Người Thứ Nhất"), UserFactory()
    client.force_login(first)
    first_page = client.get("/khoa-hoc-cua-toi/").content.decode()
    client.force_login(second)

    second_page = client.get("/khoa-hoc-cua-toi/").content.decode()

    token = 'name="csrfmiddlewaretoken" value="'
    assert first_page.split(token)[1][:20] != second_page.split(token)[1][:20]
    assert "Người Thứ Nhất" not in second_page


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_a_learner_page_reads_no_table_and_a_write_shows_at_once(
    client, catalog, redis_cache
):
    course = CoursePageFactory(parent=catalog)
    module = course.add_child(instance=ModulePageFactory.build())
    learner = UserFactory()
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    client.get(module.url)  # starts the module
    client.get(module.url)

    count, _response = queries_of(client, module.url)
    client.post(reverse("module_done", args=[course.pk, module.pk]))

    assert count == 0
    progress = client.get(course.url).context["progress"]
    assert progress.rows[0].state.completed


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_a_password_change_signs_out_the_other_sessions(client, redis_cache):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200

    user.set_password("mat-khau-moi-hoan-toan-2")
    user.save()

    assert client.get(reverse("dashboard")).status_code == 302


def started_module(client, catalog):
    """A module page that a signed-in learner has opened once."""
    course = CoursePageFactory(parent=catalog)
    module = ModulePageFactory(parent=course)
    learner = UserFactory()
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    client.get(module.url)
    return module


def keys_read(client, url, monkeypatch) -> list[str]:
    """The keys one request for `url` reads from the shared cache."""
    asked = []
    backend = caches["default"]
    get = backend.get

    def counting_get(key, *args, **kwargs):
        asked.append(key)
        return get(key, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(backend, "get", counting_get)
        assert client.get(url).status_code == 200
    return asked


def test_a_learner_page_reads_the_content_version_once(client, catalog, monkeypatch):
    """A dozen cached pieces (route, page, outline, body, chrome) share one read of the
    version: one round trip to Redis instead of a dozen."""
    module = started_module(client, catalog)
    version = content_version()
    asked = keys_read(client, module.url, monkeypatch)
    assert asked.count("elearn:content-version") == 1
    assert len([key for key in asked if version in key]) >= 5


def test_one_request_sees_one_content_version_and_the_next_sees_the_new_one(client, catalog):
    seen = []

    def view(request):
        seen.append(content_version())
        cache.set("elearn:content-version", "changed-by-another-node")
        seen.append(content_version())
        return HttpResponse("")

    ContentVersionMiddleware(view)(None)
    assert seen[0] == seen[1] != "changed-by-another-node"
    assert content_version() == "changed-by-another-node"


def test_a_request_that_changes_content_sees_the_new_version(catalog):
    with version_per_request():
        before = content_version()
        content_changed()
        after = content_version()
        assert after != before
        assert after == cache.get("elearn:content-version")


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_a_learner_page_asks_redis_only_for_versions_and_the_session(
    client, catalog, redis_cache, monkeypatch
):
    """What the content version names never changes: each process keeps a copy for a minute,
    and a repeat visit asks Redis only what may have changed since (the content version, the
    session, the learner's versions)."""
    module = started_module(client, catalog)
    client.get(module.url)
    version = content_version()
    asked = keys_read(client, module.url, monkeypatch)
    assert [key for key in asked if version in key] == []
    assert "elearn:content-version" in asked


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_a_learner_sees_a_published_change_at_once(client, catalog, redis_cache):
    course = CoursePageFactory(parent=catalog)
    module = ModulePageFactory(parent=course, title="Bài một")
    learner = UserFactory()
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)
    assert "Bài một" in client.get(course.url).content.decode()
    assert "Bài một" in client.get(module.url).content.decode()

    module.title = "Bài học đã sửa"
    module.save_revision().publish()

    assert "Bài học đã sửa" in client.get(course.url).content.decode()
    assert "Bài học đã sửa" in client.get(module.url).content.decode()


def test_entries_under_versioned_keys_are_kept_in_the_process_only_with_a_remote_cache(
    redis_cache, settings
):
    key = versioned_key("probe")
    assert cached(key, lambda: "first") == "first"
    cache.delete(key)  # Redis forgot it; this process has it for up to a minute
    assert cached(key, lambda: "second") == "first"
    plain = "elearn:not-versioned"
    assert cached(plain, lambda: "first") == "first"
    cache.delete(plain)
    assert cached(plain, lambda: "second") == "second"

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    local_key = versioned_key("probe-locmem")
    assert cached(local_key, lambda: "first") == "first"
    cache.delete(local_key)
    assert cached(local_key, lambda: "second") == "second"


def test_a_redis_cache_url_takes_the_backend_that_reuses_its_client():
    redis_url = environ.Env.cache_url_config("redis://127.0.0.1:6379/3")
    reused = {**redis_url, "BACKEND": "home.cache_backends.RedisCache"}
    assert with_reused_client(redis_url) == reused
    local = environ.Env.cache_url_config("locmemcache://elearn")
    assert with_reused_client(local) == local


@pytest.mark.xdist_group("redis")  # one Redis database, emptied by each
def test_on_redis_the_cache_builds_one_client_and_reads_and_writes_as_django_does(redis_cache):
    backend = caches["default"]
    cache.set("elearn:probe", {"tên": "Nguyễn Văn Ánh"}, timeout=30)
    cache.set_many({"elearn:a": 1, "elearn:b": None})
    assert cache.get("elearn:probe") == {"tên": "Nguyễn Văn Ánh"}
    found = cache.get_many(["elearn:a", "elearn:b", "elearn:none"])
    assert found == {"elearn:a": 1, "elearn:b": None}
    assert cache.add("elearn:a", 2) is False
    assert cache.incr("elearn:a") == 2
    cache.delete("elearn:probe")
    assert cache.get("elearn:probe", "gone") == "gone"
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
