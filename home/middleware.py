import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

from home.caching import version_per_request, versioned_key
from home.text import REPLACEMENT_CHARACTER, control_characters_replace


class ContentVersionMiddleware:
    """One read of the content version per request instead of one per cached piece
    (home.caching; a round trip to Redis each in production)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with version_per_request():
            return self.get_response(request)


class SiteLanguageMiddleware:
    """Activate the language the visitor chose with the switcher, otherwise Vietnamese.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: the site
    is Vietnamese first, and a phone set to English must not turn it into English unasked
    (docs/decisions/002-language-selection.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AnonymousPageCacheMiddleware:
    """Serve Wagtail pages to visitors who are not signed in from the shared cache.

    Home, catalog (with its filters and searches), course and certificate check pages look the
    same for every anonymous visitor, so one rendering serves them all for
    ANONYMOUS_PAGE_CACHE_SECONDS, keyed by host, path with query string, language and the
    content version (`home.caching`), which retires every cached page when content is
    published, unpublished, moved or deleted, or a certificate revoked or re-issued. The figures
    a page shows (learners, enrolments) may lag by at most that many seconds.

    Only requests without a session or messages cookie are served from the cache, and only
    responses that set no cookie, used no CSRF token and are not marked private are stored, so
    nothing personal is ever shared.
    """

    CACHED_URL_NAMES = frozenset({"wagtail_serve", "certificate_verify", "certificate_verify_json"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.personal_cookies = {settings.SESSION_COOKIE_NAME, "messages"}

    def __call__(self, request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not self._may_serve_from_cache(request):
            return self.get_response(request)
        key = versioned_key(
            "page",
            request.LANGUAGE_CODE,
            request.scheme,
            request.get_host(),
            hashlib.sha256(request.get_full_path().encode()).hexdigest(),
        )
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._may_store(request, response):
            cache.set(key, response, seconds)
        return response

    def _may_serve_from_cache(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if self.personal_cookies & request.COOKIES.keys() or "HTTP_AUTHORIZATION" in request.META:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.CACHED_URL_NAMES

    @staticmethod
    def _may_store(request, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(word in cache_control for word in ("private", "no-store"))
            and not (hasattr(request, "user") and request.user.is_authenticated)
        )


def _querydict_clean(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(_clean(key), [_clean(value) for value in values])
    cleaned._mutable = False
    return cleaned


def _clean(text: str) -> str:
    return control_characters_replace(text, REPLACEMENT_CHARACTER)


class ControlCharacterMiddleware:
    """Replace control characters (NUL, escape...; not tab or line breaks) in the query string,
    form fields and cookies with U+FFFD, before any view or middleware reads them.

    PostgreSQL refuses NUL in a text parameter, so `/khoa-hoc/?q=%00` (or a session cookie
    with a NUL) was a server error there; with U+FFFD, as Django does for bytes that are not
    UTF-8, such a search simply finds nothing. Form fields are cleaned when they are first
    read, so a view that reads the raw body (xAPI statements) still can.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _querydict_clean(request.GET)
        request.COOKIES = {_clean(key): _clean(value) for key, value in request.COOKIES.items()}
        if hasattr(request, "_post"):
            request._post = _querydict_clean(request._post)
        else:
            load = request._load_post_and_files

            def load_and_clean():
                load()
                request._post = _querydict_clean(request._post)

            request._load_post_and_files = load_and_clean
        return self.get_response(request)
