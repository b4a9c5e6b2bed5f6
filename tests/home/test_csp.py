"""The Content-Security-Policy header: strict on the site, short in the admin, untouched where a
view set its own (the H5P player), and framing rules that follow X-Frame-Options."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from home.csp import ContentSecurityPolicyMiddleware, site_policy
from home.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_site_pages_get_the_strict_policy(client):
    header = client.get("/accounts/login/")["Content-Security-Policy"]
    policy = directives(header)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]  # X-Frame-Options is DENY here
    assert "'self'" in policy["frame-src"]


def test_the_admin_gets_a_policy_that_leaves_its_scripts_alone(client):
    client.force_login(UserFactory(superuser=True, commune=None))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "script-src" not in policy
    assert policy["object-src"] == ["'none'"]


def test_a_view_that_sets_its_own_policy_keeps_it():
    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "sandbox allow-scripts"
        return response

    middleware = ContentSecurityPolicyMiddleware(view)
    response = middleware(RequestFactory().get("/learning/quizzes/h5p/play/x/"))
    assert response["Content-Security-Policy"] == "sandbox allow-scripts"


@pytest.mark.parametrize(
    ("frame_option", "expected"),
    [("DENY", ["'none'"]), ("SAMEORIGIN", ["'self'"]), (None, None)],
)
def test_frame_ancestors_follow_x_frame_options(frame_option, expected):
    response = HttpResponse()
    if frame_option:
        response["X-Frame-Options"] = frame_option
    assert site_policy(response).get("frame-ancestors") == expected


def test_a_separate_player_origin_may_be_framed(settings):
    settings.H5P_PLAYER_ORIGIN = "https://h5p.example.vn/"
    assert "https://h5p.example.vn" in site_policy(HttpResponse())["frame-src"]


TEMPLATE_DIRS = ["elearn/templates", "home/templates", "courses/templates", "quizzes/templates"]
# Pages rendered outside the site's policy: the admin's own templates, documents rendered to PDF
# and the sandboxed H5P player (its own policy, `sandbox allow-scripts`; its data is JSON and
# its one inline script is our static file h5p-player.js, inline to save a round trip).
OUTSIDE_THE_SITE_POLICY = (
    "/admin/",
    "/reports/",
    "/certificates/certificate.html",
    "/quizzes/h5p/player.html",
)


def test_no_site_template_has_an_inline_script():
    base = Path(settings.BASE_DIR)
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in (base / folder).rglob("*.html"):
            if any(part in str(path) for part in OUTSIDE_THE_SITE_POLICY):
                continue
            text = path.read_text()
            for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
                attrs = match.group("attrs")
                if "src=" not in attrs and "application/json" not in attrs:
                    offenders.append(str(path.relative_to(base)))
            if re.search(r"\son[a-z]+=\"", text):
                offenders.append(f"{path.relative_to(base)} (event handler attribute)")
    assert offenders == []
