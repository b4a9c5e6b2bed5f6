"""What every process does once before it serves: build the URLconf in the default language.

Importing the URLconf builds Wagtail's admin viewsets, whose snippet chooser widgets format
their texts ("Choose another question") once, in the language active at that moment. Built
inside the first request, they would stay in that request's language for every user of the
process; built here, they are in the site's default language (Vietnamese).
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def urls_build() -> None:
    with translation.override(settings.LANGUAGE_CODE):
        get_resolver().url_patterns  # noqa: B018 - importing the URLconf is the point
