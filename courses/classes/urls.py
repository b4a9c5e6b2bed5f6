from django.urls import path

from courses.classes import views

urlpatterns = [
    path("tham-gia/", views.join_start, name="class_join_start"),
    path("tham-gia/<str:code>/", views.join, name="class_join"),
    path("nhac-nho/tat/<str:token>/", views.reminder_opt_out_view, name="class_reminder_opt_out"),
]
