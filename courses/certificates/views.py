"""Certificate pages: the public check (HTML and JSON, rate limited) and the PDF download.

Thin views: each parses the request, asks `courses.certificates.selectors`, and answers.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.certificates.selectors import certificate_answer_for_code, certificate_for_download
from courses.certificates.throttle import client_id, throttle_allow

THROTTLE_SCOPE = "certificate-verify"
PUBLIC_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


def _with_headers(response, headers):
    for name, value in headers.items():
        response[name] = value
    return response


def _rate_limited(request, *, as_json: bool):
    window = settings.CERTIFICATE_VERIFY_WINDOW
    message = _(
        "Too many certificate checks from your connection. Please wait a minute and try again."
    )
    if as_json:
        response = JsonResponse({"error": "rate_limited", "detail": message}, status=429)
    else:
        response = render(
            request,
            "courses/certificates/rate_limited.html",
            {"message": message},
            status=429,
        )
    response["Retry-After"] = str(window)
    return response


def _verify(request, code: str, *, as_json: bool):
    allowed = throttle_allow(
        scope=THROTTLE_SCOPE,
        client=client_id(request),
        limit=settings.CERTIFICATE_VERIFY_LIMIT,
        window=settings.CERTIFICATE_VERIFY_WINDOW,
    )
    if not allowed:
        return _with_headers(_rate_limited(request, as_json=as_json), PUBLIC_HEADERS)
    answer = certificate_answer_for_code(code=code)
    if answer is None:
        # Unknown and malformed codes get the same answer.
        if as_json:
            response = JsonResponse({"error": "not_found"}, status=404)
        else:
            response = render(request, "courses/certificates/not_found.html", status=404)
        return _with_headers(response, PUBLIC_HEADERS)
    if as_json:
        response = JsonResponse(answer.as_json(), json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "courses/certificates/verify.html", {"answer": answer})
    return _with_headers(response, PUBLIC_HEADERS)


@require_GET
def verify(request, code: str):
    """Public: whether the certificate with this code is valid (no login)."""
    return _verify(request, code, as_json=request.GET.get("format") == "json")


@require_GET
def verify_json(request, code: str):
    """The same answer as `verify`, as JSON for machines."""
    return _verify(request, code, as_json=True)


@require_GET
@login_required
def download(request, code: str):
    """The stored, signed PDF, for its owner and for administrators who may view certificates."""
    certificate = certificate_for_download(user=request.user, code=code)
    if certificate is None:
        raise Http404
    if not certificate.pdf:
        return render(
            request,
            "courses/certificates/preparing.html",
            {"certificate": certificate},
            status=202,
        )
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.display_code}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
