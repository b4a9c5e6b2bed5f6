from django.conf import settings
from django.utils import translation


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
