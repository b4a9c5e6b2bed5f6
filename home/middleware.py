from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from home.text import REPLACEMENT_CHARACTER, control_characters_replace


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
