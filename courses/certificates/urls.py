from django.urls import path

from courses.certificates import views

urlpatterns = [
    path("<str:code>.json", views.verify_json, name="certificate_verify_json"),
    path("<str:code>/", views.verify, name="certificate_verify"),
    path("<str:code>/pdf/", views.download, name="certificate_download"),
]
