from django.urls import path

from courses import certificate_views

urlpatterns = [
    path("<str:code>.json", certificate_views.verify_json, name="certificate_verify_json"),
    path("<str:code>/", certificate_views.verify, name="certificate_verify"),
    path("<str:code>/pdf/", certificate_views.download, name="certificate_download"),
]
