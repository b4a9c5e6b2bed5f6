from django.urls import include, path

from quizzes import views

urlpatterns = [
    path("h5p/", include("quizzes.h5p.urls")),
    path("<int:module_id>/<int:quiz_id>/start/", views.quiz_start, name="quiz_start"),
    path("attempts/<int:attempt_id>/", views.attempt_detail, name="quiz_attempt"),
    path("attempts/<int:attempt_id>/save/", views.attempt_save, name="quiz_attempt_save"),
    path(
        "attempts/<int:attempt_id>/submit/",
        views.attempt_submit_view,
        name="quiz_attempt_submit",
    ),
]
