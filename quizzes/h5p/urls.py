from django.urls import path

from quizzes.h5p import views

urlpatterns = [
    path("play/<str:token>/", views.player, name="h5p_player"),
    path(
        "shell/<str:language>/<str:version>/<str:origin>/",
        views.player_shell,
        name="h5p_player_shell",
    ),
    path("play/<str:token>/files/<path:path>", views.content_file, name="h5p_content"),
    path("libraries/", views.library_root, name="h5p_library_root"),
    path(
        "libraries/bundle/<int:activity_id>/<str:digest>.json",
        views.library_bundle,
        name="h5p_library_bundle",
    ),
    path("libraries/<str:folder>/<path:path>", views.library_file, name="h5p_library_file"),
    path("player/<path:path>", views.player_asset, name="h5p_player_asset"),
    path(
        "<int:module_id>/<int:activity_id>/statements/",
        views.statement,
        name="h5p_statement",
    ),
]
