from django.urls import path

from courses.videos import views

urlpatterns = [
    path(
        "modules/<int:module_id>/videos/<int:document_id>/watch/",
        views.video_watch,
        name="video_watch",
    ),
    path("videos/save-data/", views.data_saver, name="video_data_saver"),
]
