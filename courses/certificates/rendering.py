"""A certificate as an A4 landscape PDF: an HTML/CSS template laid out by WeasyPrint.

Every string is normalised to Unicode NFC before it reaches the template, so a name typed
with combining accents ("e" + U+0302 + U+0301) prints as the single glyph "ế" with its accents
in place. Django's autoescaping keeps names and titles plain text: a name such as
`<img src="file:///etc/passwd">` is printed, never fetched. The fonts are Noto Serif and
Noto Sans from the system package fonts-noto-core (`CERTIFICATE_FONT_DIR`), never
downloaded. WeasyPrint fetches through `LocalFilesFetcher`, which serves our static and media
files, those fonts and inline `data:` images, and refuses everything else. The QR code is an
inline PNG made with segno; it points to the public verification page.
"""

import base64
import logging
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import Site
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from courses.certificates.fonts import font_paths
from courses.certificates.middleware import request_address
from courses.certificates.text import nfc
from courses.models import Certificate, CertificateSettings

logger = logging.getLogger(__name__)
_per_thread = threading.local()

TEMPLATE = "courses/certificates/certificate.html"
STYLESHEET = "courses/certificates/certificate.css"
LOGO_RENDITION = "max-400x240|format-png"
SIGNATURE_RENDITION = "max-600x240|format-png"


class RenderingError(Exception):
    """WeasyPrint could not lay out the certificate."""


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location))
    return roots


def allowed_roots() -> list[Path]:
    """Folders WeasyPrint may read from: static files, media files and the fonts."""
    roots = [*_static_roots(), Path(settings.MEDIA_ROOT), Path(settings.CERTIFICATE_FONT_DIR)]
    return [root.resolve() for root in roots]


class LocalFilesFetcher(URLFetcher):
    """Serves `file:` URLs inside `allowed_roots()` and `data:` URLs; refuses the rest.

    No network access at all: http, https, ftp and files elsewhere (/etc/passwd, a symlink
    out of media) raise, and WeasyPrint leaves the resource out with a warning.
    """

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        self.roots = roots if roots is not None else allowed_roots()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Certificates may not load {url!r}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ValueError(f"Certificates may not load {url!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def certificate_base_url() -> str:
    """The site address printed on certificates: CERTIFICATE_BASE_URL (required in production);
    unset, the address of the request the certificate is made during (development serves on
    any port), else WAGTAILADMIN_BASE_URL (a command, which knows PORT)."""
    return settings.CERTIFICATE_BASE_URL or request_address.get() or settings.WAGTAILADMIN_BASE_URL


def verification_url(certificate: Certificate) -> str:
    """The public page that says whether the certificate is valid (what the QR code holds)."""
    path = reverse("certificate_verify", kwargs={"code": certificate.display_code})
    return certificate_base_url().rstrip("/") + path


def qr_data_uri(url: str) -> str:
    """The QR code as an inline PNG, one module per 6 pixels (drawn without smoothing)."""
    return segno.make(url, error="m").png_data_uri(scale=6, border=4)


def _image_uri(image, spec: str) -> str | None:
    """A PNG rendition of a Wagtail image: a file: URL in MEDIA_ROOT, or an inline data: URL
    when the media are in a bucket (`MEDIA_STORAGE=s3`, no local path); None if unavailable."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
        try:
            return Path(rendition.file.path).resolve().as_uri()
        except NotImplementedError:
            with rendition.file.open("rb") as file:
                return "data:image/png;base64," + base64.b64encode(file.read()).decode("ascii")
    except Exception:  # missing file: OSError in a folder, botocore's ClientError in a bucket
        logger.warning("Certificate image %s is unavailable", image.pk, exc_info=True)
        return None


def issuer_settings(*, site: Site | None = None) -> CertificateSettings:
    """The certificate settings of `site` (a portal that issued the certificate), else of
    the national platform (the default site)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    return CertificateSettings.for_site(site) if site else CertificateSettings()


def _date_line(place: str, day) -> str:
    date_text = formats.date_format(day, "DATE_FORMAT")
    if not place:
        return date_text
    if translation.get_language().startswith("vi"):
        # Vietnamese documents write "Hà Nội, ngày 05 tháng 09 năm 2025": lower case after
        # the place.
        date_text = date_text[:1].lower() + date_text[1:]
    return f"{place}, {date_text}"


def length_class(text: str, *, long: int, very_long: int) -> str:
    """A CSS class that shrinks long names and titles so the page never overflows."""
    if len(text) > very_long:
        return "very-long"
    return "long" if len(text) > long else ""


def certificate_context(*, certificate: Certificate) -> dict:
    """Everything the template prints, as NFC strings and local file URLs."""
    issuer = issuer_settings(site=certificate.issuer_site)
    url = verification_url(certificate)
    issued_on = timezone.localdate(certificate.issued_at or timezone.now())
    learner_name = nfc(certificate.learner_name)
    course_title = nfc(certificate.course_title)
    return {
        "learner_name": learner_name,
        "name_size": length_class(learner_name, long=32, very_long=60),
        "course_title": course_title,
        "title_size": length_class(course_title, long=60, very_long=120),
        "commune_name": nfc(certificate.commune_name),
        "province_name": nfc(certificate.province_name),
        "completed_on": formats.date_format(certificate.completed_on, "DATE_FORMAT"),
        "date_line": nfc(_date_line(nfc(issuer.place), issued_on)),
        "organisation": nfc(certificate.issuer_name or issuer.issuing_organisation),
        "heading": nfc(issuer.heading),
        "statement": nfc(issuer.statement),
        "signer_name": nfc(issuer.signer_name),
        "signer_title": nfc(issuer.signer_title),
        "logo_url": _image_uri(
            certificate.issuer_logo if certificate.issuer_name else issuer.logo, LOGO_RENDITION
        ),
        "signature_url": _image_uri(issuer.signature_image, SIGNATURE_RENDITION),
        "code": certificate.display_code,
        "verification_url": url,
        "qr_url": qr_data_uri(url),
    }


def certificate_html(*, certificate: Certificate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, certificate_context(certificate=certificate))


def _stylesheet() -> tuple[FontConfiguration, CSS]:
    """The certificate's stylesheet and fonts, parsed and loaded once per thread: registering
    the font files with fontconfig and parsing the CSS cost more than laying out the page.
    WeasyPrint's font objects are not shared between threads."""
    uris = {key: path.as_uri() for key, path in font_paths().items()}
    cached = getattr(_per_thread, "fonts", None)
    if cached is None or cached[0] != uris:
        font_config = FontConfiguration()
        stylesheet = CSS(
            string=render_to_string(STYLESHEET, {"fonts": uris}),
            font_config=font_config,
            url_fetcher=LocalFilesFetcher(),
        )
        cached = _per_thread.fonts = (uris, font_config, stylesheet)
    return cached[1], cached[2]


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """The certificate laid out as an unsigned PDF."""
    html = certificate_html(certificate=certificate)
    font_config, stylesheet = _stylesheet()
    try:
        return HTML(string=html, url_fetcher=LocalFilesFetcher()).write_pdf(
            stylesheets=[stylesheet],
            font_config=font_config,
            pdf_identifier=certificate.code.encode(),
        )
    except Exception as error:
        raise RenderingError(f"Cannot render certificate {certificate.pk}: {error}") from error
