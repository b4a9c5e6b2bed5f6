"""Production: every secret comes from the environment, and the process refuses to start without it.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL. HTTPS is assumed end to end
(behind a proxy that sets X-Forwarded-Proto).
"""

import os

from django.core.exceptions import ImproperlyConfigured

REQUIRED_VARIABLES = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL")

_missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

from .base import *  # noqa: E402, F403
from .base import SOCIALACCOUNT_PROVIDERS, env  # noqa: E402

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer probes, and Prometheus scrapes, each node over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# --- Certificates: the organisation's signing key is required; no self-signed fallback.
_certificate_missing = [
    name
    for name in ("CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_CERT", "CERTIFICATE_BASE_URL")
    if not os.environ.get(name, "").strip()
]
if _certificate_missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_certificate_missing)
    )
_certificate_unreadable = [
    os.environ[name]
    for name in ("CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_CERT")
    if not os.access(os.environ[name], os.R_OK)
]
if _certificate_unreadable:
    raise ImproperlyConfigured(
        "Certificate signing files are missing or unreadable: " + ", ".join(_certificate_unreadable)
    )
CERTIFICATE_SIGNING_AUTOCREATE = False
CERTIFICATE_TASK_BACKEND = env("CERTIFICATE_TASK_BACKEND", default="database")
IMPORT_TASK_BACKEND = env("IMPORT_TASK_BACKEND", default="database")
TASKS = certificate_tasks(CERTIFICATE_TASK_BACKEND, IMPORT_TASK_BACKEND)

# --- Identity providers: their tokens and the learners' sign-ins travel over HTTPS only.
_plain_issuers = [
    app["settings"]["server_url"]
    for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    if not app["settings"]["server_url"].startswith("https://")
]
if _plain_issuers:
    raise ImproperlyConfigured(
        "OIDC_PROVIDERS: an issuer must be an https:// address: " + ", ".join(_plain_issuers)
    )
