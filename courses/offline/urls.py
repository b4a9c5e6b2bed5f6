from django.urls import path

from courses.offline import views

urlpatterns = [
    path("courses/<int:course_id>/offline/", views.manifest, name="course_offline_manifest"),
]
