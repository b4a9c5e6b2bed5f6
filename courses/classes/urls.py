from django.urls import path

from courses.classes import views

urlpatterns = [
    path("tham-gia/", views.join_start, name="class_join_start"),
    path("tham-gia/<str:code>/", views.join, name="class_join"),
]
