from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from courses import views as course_views
from courses.api.endpoints import api as statistics_api
from courses.portals.sitemaps import PortalSitemap
from home import views as home_views
from home import webapp

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    path("metrics", home_views.metrics, name="metrics"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("manifest.webmanifest", webapp.manifest, name="webmanifest"),
    path("ngoai-tuyen/", webapp.offline, name="offline"),
    # Wagtail's own sign-in and password reset, replaced by allauth's (home/views.py).
    path("admin/login/", home_views.admin_login_redirect, name="admin_login_redirect"),
    path(
        "admin/password_reset/",
        home_views.admin_password_reset_redirect,
        name="admin_password_reset_redirect",
    ),
    path("_util/login/", home_views.frontend_login_redirect, name="frontend_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/signup/", home_views.signup, name="account_signup"),
    path("accounts/logout/", home_views.logout, name="account_logout"),
    path("accounts/", include("home.oidc.urls")),  # before allauth's: same paths, our views
    path("accounts/", include("allauth.urls")),
    path("tai-khoan/ho-so/", home_views.profile, name="profile"),
    path("places/communes/", home_views.commune_options, name="commune_options"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("ngon-ngu/<str:language>/", home_views.language_switch, name="language_switch"),
    path("learning/quizzes/", include("quizzes.urls")),
    path("learning/", include("courses.urls")),
    path("khoa-hoc-cua-toi/", course_views.dashboard, name="dashboard"),
    path("certificates/", include("courses.certificates.urls")),
    path("lop-hoc/", include("courses.classes.urls")),
    path("api/v1/", statistics_api.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
