"""The site's URLs plus /media/ served from MEDIA_ROOT, for browser tests whose pages go
through the service worker (Playwright's routes do not see its requests); in production the
proxy or the object storage serves media."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from elearn.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
