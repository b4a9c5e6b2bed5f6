from django.urls import include, path

from courses import views

urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="course_enrol"),
    path("courses/<int:course_id>/leave/", views.leave, name="course_leave"),
    path(
        "courses/<int:course_id>/modules/<int:module_id>/done/",
        views.module_done,
        name="module_done",
    ),
    path("", include("courses.videos.urls")),
    path("", include("courses.offline.urls")),
]
