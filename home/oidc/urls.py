"""Placed before allauth's URLs: the same paths and names, served by our views."""

from django.urls import path

from home.oidc import views

urlpatterns = [
    path("oidc/<str:provider_id>/login/", views.login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", views.callback, name="openid_connect_callback"),
    path("3rdparty/signup/", views.signup, name="socialaccount_signup"),
]
