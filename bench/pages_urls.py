"""The site's URLs plus a minimal Django view, the reference `bench/pages.py` measures against."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Xin chào")


urlpatterns = [path("__bench__/hello/", hello), path("", include("elearn.urls"))]
