import hmac

from allauth.account.views import LogoutView as AllauthLogoutView
from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from home.forms import ProfileForm
from home.health import readiness_report
from home.observability import metrics_text
from home.oidc.selectors import identity_list, identity_providers_configured
from home.selectors import commune_list_for_province
from home.services import learner_update_profile

# The submit button that asks for the commune list of the chosen province (no-JavaScript path).
SHOW_COMMUNES = "show_communes"
PASSWORD_FIELDS = {"password", "password1", "password2", "csrfmiddlewaretoken", SHOW_COMMUNES}


def _form_with_communes_shown(form_class, request, **kwargs):
    """An unbound form carrying what was typed, so the commune list can be filled in."""
    initial = {key: request.POST.get(key) for key in request.POST if key not in PASSWORD_FIELDS}
    return form_class(initial=initial, **kwargs)


# What signing out clears from the browser: the HTTP cache and the site's storage, among it
# the courses downloaded for offline reading (docs/decisions/033-offline-courses.md).
CLEAR_SITE_DATA = '"cache", "storage"'


class LogoutView(AllauthLogoutView):
    """allauth's sign-out, which also clears what the site kept on the device: the pages of
    downloaded courses are the learner's, and a phone may be shared."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


logout = LogoutView.as_view()


class SignupView(AllauthSignupView):
    """allauth's sign-up, plus the no-JavaScript step that fills the commune list."""

    def post(self, request, *args, **kwargs):
        if SHOW_COMMUNES in request.POST:
            form = _form_with_communes_shown(self.get_form_class(), request)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)


signup = SignupView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    if request.method == "POST" and SHOW_COMMUNES in request.POST:
        form = _form_with_communes_shown(ProfileForm, request, user=user)
    elif request.method == "POST":
        form = ProfileForm(request.POST, user=user)
        if form.is_valid():
            learner_update_profile(user=user, **form.profile_data())
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    else:
        form = ProfileForm(user=user)
    changes = user.commune_changes.select_related("old_commune__province", "new_commune__province")[
        :10
    ]
    context = {
        "form": form,
        "commune_changes": changes,
        "identities": identity_list(user=user),
        "identity_providers_configured": identity_providers_configured(),
    }
    return render(request, "home/profile.html", context)


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def commune_options(request):
    """Communes of a province as JSON, for the commune list on the sign-up and profile forms."""
    code = request.GET.get("province", "")
    communes = commune_list_for_province(province_code=code) if code.isdigit() else []
    return JsonResponse({"communes": [{"code": c.code, "name": c.name} for c in communes]})


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@never_cache
def readyz(request):
    """Readiness for a load balancer: 200 when every check passes, else 503 naming the failing
    checks (home/health.py)."""
    checks = readiness_report()
    failing = [name for name, result in checks.items() if result != "ok"]
    body = {"status": "error" if failing else "ok", "failing": failing, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)


@require_GET
@never_cache
def metrics(request):
    """Prometheus metrics (home/observability.py): 404 unless DJANGO_METRICS_TOKEN is set, then
    only for a request carrying it as a bearer token."""
    if not settings.METRICS_TOKEN:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode()):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    body, content_type = metrics_text()
    return HttpResponse(body, content_type=content_type)


def _redirect_to_site_view(url_name: str, *, next_url: str = "") -> HttpResponseRedirect:
    url = reverse(url_name)
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


# Wagtail's own sign-in and password-reset views check passwords and send e-mails without
# allauth's rate limits. They answer every method with a redirect to allauth's rate-limited
# views and never read the credentials posted to them (docs/decisions/010-account-enumeration.md).


def admin_login_redirect(request):
    """The Wagtail admin signs in through allauth's login and comes back to the admin."""
    next_url = request.GET.get("next") or reverse("wagtailadmin_home")
    return _redirect_to_site_view("account_login", next_url=next_url)


def frontend_login_redirect(request):
    """Wagtail's login for private pages (`/_util/login/`): allauth's login, same `next`."""
    return _redirect_to_site_view("account_login", next_url=request.GET.get("next", ""))


def admin_password_reset_redirect(request):
    """Wagtail's password reset: allauth's, which is throttled per address and per IP."""
    return _redirect_to_site_view("account_reset_password")


@require_GET
def language_switch(request, language: str):
    """Switch the site's language with a plain link (no form, no CSRF token on every page, so
    anonymous pages can be cached and shared) and go back to where the visitor was."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
