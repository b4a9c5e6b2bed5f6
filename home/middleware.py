import hashlib

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils import translation

from home.caching import versioned_key


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

    Home, catalog (with its filters and searches) and course pages look the same for every
    anonymous visitor, so one rendering serves them all for ANONYMOUS_PAGE_CACHE_SECONDS, keyed
    by host, path with query string, language and the content version (`home.caching`), which
    retires every cached page when content is published, unpublished, moved or deleted. The
    figures a page shows (learners, enrolments) may lag by at most that many seconds.

    Only requests without a session or messages cookie are served from the cache, and only
    responses that set no cookie, used no CSRF token and are not marked private are stored, so
    nothing personal is ever shared.
    """

    CACHED_URL_NAMES = frozenset({"wagtail_serve"})

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
