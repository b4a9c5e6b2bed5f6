"""Settings shared by every environment.

Values that differ between machines come from the environment (see README, "Configuration").
"""

import json
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from home.cache_backends import with_reused_client

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "home",
    "courses",
    "quizzes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "home.apps.WagtailUsersConfig",  # wagtail.users with our user views (home/viewsets.py)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",  # the statistics API's docs page and its Swagger UI files
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Off unless configured (home/observability.py): outermost, so they time everything.
    "home.observability.RequestLogMiddleware",
    "home.observability.MetricsMiddleware",
    # Compression outermost, then ETags and 304s (docs/decisions/011-page-speed.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.middleware.ControlCharacterMiddleware",  # above everything that reads parameters
    "home.middleware.ContentVersionMiddleware",  # above everything that reads the cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.SiteLanguageMiddleware",
    "home.middleware.AnonymousPageCacheMiddleware",  # needs the language, skips the rest
    "home.routing.CachedRoutingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "courses.certificates.middleware.RequestAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.csp.ContentSecurityPolicyMiddleware",  # above X-Frame-Options: reads its header
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "elearn.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "courses.context_processors.navigation",
                "home.context_processors.editing",
                "home.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "elearn.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite for concurrent web use (an autosave and a submit at once, a task worker): WAL lets
# readers run beside the writer, writers wait up to 20 s for each other, and every transaction
# takes the write lock when it begins, so one that read first never fails with "database is
# locked" when it comes to write (a busy timeout cannot save a deferred transaction).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent a third of each statistics query compiling it (bench/).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's Redis backend, building its redis-py client once instead of per operation.
CACHES = {"default": with_reused_client(env.cache("CACHE_URL", default="locmemcache://elearn"))}
# Sessions are read from the cache and written through to the database (they survive a cache
# restart); a signed-in page then costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Receipts of actions sent by learners' devices (courses.sync) older than this many days are
# deleted by `manage.py prune_action_receipts` (daily, deploy/systemd/elearn-housekeeping.timer).
ACTION_RECEIPT_DAYS = env.int("ACTION_RECEIPT_DAYS", default=90)
# How long an anonymous visitor's page is served from the cache at most (0 turns it off);
# publishing retires cached pages at once, figures on them may lag this long.
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=60)
# How long the home page's learner and commune counts are kept before they are counted again.
SITE_FIGURES_CACHE_SECONDS = env.int("SITE_FIGURES_CACHE_SECONDS", default=300)
# Statistics dashboards are counted again at most this often (courses.reports.selectors);
# `manage.py refresh_statistics` counts the national and provincial ones ahead (0: always live).
STATISTICS_CACHE_SECONDS = env.int("STATISTICS_CACHE_SECONDS", default=300)
# Calls a minute allowed to each personal API token of the statistics API (0: no limit).
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=60)
# How long a new API token may live at most, in days (the admin form offers less by default).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
# Open data (/api/v1/open/): the licence, its address and the publisher named in every answer,
# and the fewest learners a commune or learner-group row may show (fewer: the counts are withheld).
OPEN_DATA_LICENCE = env("OPEN_DATA_LICENCE", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_PUBLISHER = env("OPEN_DATA_PUBLISHER", default="Bình dân học vụ số")
OPEN_DATA_MIN_COUNT = env.int("OPEN_DATA_MIN_COUNT", default=5)

AUTH_USER_MODEL = "home.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "home.validators.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's and allauth's backends, reading the signed-in user's row from the cache
# (home/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "home.auth_backends.ModelBackend",
    "home.auth_backends.AuthenticationBackend",
]

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [
    # First, so it wins: Wagtail's and Django's admin strings, missing or wrong in their
    # Vietnamese (locale/overrides/vi/LC_MESSAGES/django.po, docs/terminology.md).
    BASE_DIR / "locale" / "overrides",
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "allauth",  # django-allauth ships no Vietnamese
    BASE_DIR / "locale" / "django_overrides",  # fixes to Django's own Vietnamese
]
LANGUAGE_COOKIE_NAME = "elearn_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
WAGTAIL_I18N_ENABLED = False
# New pages get ASCII slugs (home.text.ascii_slug); addresses with Vietnamese letters turn into
# long %-encoded links in chats and SMS. Saved pages keep theirs.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ---------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# The H5P player (npm package h5p-standalone, installed by `make setup`): docs/decisions/008-h5p.md
H5P_PLAYER_DIST = BASE_DIR / "node_modules" / "h5p-standalone" / "dist"
if H5P_PLAYER_DIST.is_dir():
    STATICFILES_DIRS.append(("h5p-standalone", H5P_PLAYER_DIST))
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Object storage (S3-compatible, django-storages; home/storage.py, decision 025) -----------
# "filesystem": the folders above and below (shared by the nodes). "s3": uploaded media,
# certificate PDFs and learner imports in one private bucket (prefixes media/, certificates/,
# imports/); H5P packages stay in H5P_ROOT. Static files stay with whitenoise either way.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default="")
AWS_S3_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="") or None
# "path" (bucket in the URL path, what most S3-compatible servers expect) or "virtual".
AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default="") or None
# Media URLs are signed and expire after this many seconds; with AWS_QUERYSTRING_AUTH off they
# are plain (the media/ prefix must then be readable anonymously, or AWS_S3_CUSTOM_DOMAIN
# a CDN that may read it); certificates and imports never have a URL.
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=3600)
AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default="") or None
AWS_S3_FILE_OVERWRITE = False  # two uploads named alike keep both, as in a folder
AWS_DEFAULT_ACL = None  # objects follow the bucket's policy: private


def object_storage(choice: str, configured: dict[str, str]) -> dict:
    """The "default" storage for MEDIA_STORAGE `choice`; refuses "s3" without the variables it
    needs (`configured`: variable name -> value) or an unknown choice."""
    if choice == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if choice != "s3":
        raise ImproperlyConfigured("MEDIA_STORAGE must be filesystem or s3")
    missing = [name for name, value in configured.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs these environment variables: " + ", ".join(missing)
        )
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": "media"}}


STORAGES["default"] = object_storage(
    MEDIA_STORAGE,
    {
        "AWS_STORAGE_BUCKET_NAME": AWS_STORAGE_BUCKET_NAME,
        "AWS_ACCESS_KEY_ID": AWS_S3_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": AWS_S3_SECRET_ACCESS_KEY,
    },
)
# Private Wagtail documents: with signed URLs, the app checks access and redirects to a signed
# URL; with plain URLs (a custom domain's are never signed) it streams the file itself, so a
# private document has no public address.
if MEDIA_STORAGE == "s3" and (AWS_S3_CUSTOM_DOMAIN or not AWS_QUERYSTRING_AUTH):
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Accounts (django-allauth) -------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "home.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "home.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
# Sign-up, password reset and adding an address answer alike whether or not an address has an
# account; sign-up can only do so with mandatory verification (docs/decisions/010-...).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# A commune office or a training room often shares one public IP address among dozens of
# officials who sign up and sign in in the same few minutes: the per-IP limits leave room for a
# full class, while the per-account limits still stop password guessing.
ACCOUNT_RATE_LIMITS = {
    "login": env("ACCOUNT_LOGIN_RATE", default="120/m/ip"),
    "login_failed": env("ACCOUNT_LOGIN_FAILED_RATE", default="40/m/ip,5/5m/key"),
    "signup": env("ACCOUNT_SIGNUP_RATE", default="60/m/ip"),
    "reset_password": env("ACCOUNT_RESET_PASSWORD_RATE", default="30/m/ip,5/m/key"),
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Bình dân học vụ số <no-reply@localhost>"
)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)

# --- Sign-in with an identity provider (OpenID Connect; home/oidc/, decision 018) -----------
OIDC_PROVIDER_KEYS = {"id", "name", "issuer", "client_id", "secret"}


def oidc_provider_apps(raw: str) -> list[dict]:
    """allauth's APPS for its `openid_connect` provider from OIDC_PROVIDERS: a JSON list of
    {"id", "name", "issuer", "client_id", "secret"} and optionally "scopes" (default openid,
    profile, email). Empty: none, and the sign-in page shows no provider."""
    if not raw.strip():
        return []
    try:
        providers = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {error}") from error
    if not isinstance(providers, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of providers")
    apps = []
    for provider in providers:
        missing = OIDC_PROVIDER_KEYS - {key for key, value in provider.items() if value}
        if missing:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS: a provider lacks {sorted(missing)}")
        if not provider["id"].isidentifier():
            raise ImproperlyConfigured("OIDC_PROVIDERS: an id is letters, digits and _ only")
        apps.append(
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["secret"],
                "settings": {
                    "server_url": provider["issuer"],
                    "scope": provider.get("scopes") or ["openid", "profile", "email"],
                    "oauth_pkce_enabled": True,
                },
            }
        )
    return apps


SOCIALACCOUNT_ADAPTER = "home.oidc.adapters.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "home.oidc.forms.SocialSignupForm"}
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # Verifies every ID token's signature and binds it to its request with a nonce.
        "provider_class": "home.oidc.provider.OpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_provider_apps(env("OIDC_PROVIDERS", default="")),
    }
}
# The first sign-in always shows the profile form (province and commune); nothing is created
# before it is sent. An address that already has an account is never linked by e-mail alone.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
# Staff accounts linked to a provider sign in only through it (no password).
OIDC_STAFF_REQUIRED = env.bool("OIDC_STAFF_REQUIRED", default=False)

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Bình dân học vụ số"
# Development default: the port `make run` serves on (PORT).
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}"
)
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Passwords and e-mail addresses are managed by allauth only (rate limits, verification):
# Wagtail's account page offers neither, and its password-reset URLs answer 404.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USAGE_COUNT_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    *["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"],
    *["mp4", "webm", "vtt", "mp3"],
]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
X_FRAME_OPTIONS = "DENY"  # Wagtail previews override this for themselves
# Content-Security-Policy (home/csp.py): sites that iframe videos from elsewhere list them here.
CSP_FRAME_SOURCES = env.list(
    "CSP_FRAME_SOURCES",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
)

# --- H5P activities -----------------------------------------------------------------------
# docs/decisions/008-h5p.md and README, "H5P activities". Extracted packages live outside
# MEDIA_ROOT and are served only by the quizzes.h5p views (nosniff, never HTML, sandboxed).
H5P_ROOT = env.path("H5P_ROOT", default=BASE_DIR / "var" / "h5p")
# Another origin (e.g. "https://h5p.example.vn") for the player and its files; empty: this site's
# own host, where the player is still sandboxed. The host must be in ALLOWED_HOSTS.
H5P_PLAYER_ORIGIN = env("H5P_PLAYER_ORIGIN", default="")
H5P_MAX_UPLOAD_BYTES = env.int("H5P_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
H5P_PLAY_TOKEN_MAX_AGE = 8 * 3600  # seconds a player link (and its content files) stays valid
# The library bundle's scripts minified (rJSmin, once per bundle): a third less to download on a
# weak connection. Off: the libraries' scripts exactly as their packages ship them.
H5P_MINIFY_LIBRARY_CODE = env.bool("H5P_MINIFY_LIBRARY_CODE", default=True)

# --- Bulk enrolment -----------------------------------------------------------------------
# Uploaded learner files and their reports: a private folder outside MEDIA_ROOT, served only by
# the admin views (courses/enrolment_import/storage.py).
ENROLMENT_IMPORT_DIR = env.path("ENROLMENT_IMPORT_DIR", default=BASE_DIR / "var" / "imports")

# --- Demo content -------------------------------------------------------------------------
# `manage.py seed_demo` creates accounts with public passwords: it runs only with DEBUG on or
# with this set in a settings module (the test settings do), and never with production settings.
SEED_DEMO_ALLOWED = False

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail runs its search-index and reference-index updates as tasks; one line each.
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Observability (home/observability.py, README "Monitoring") ------------------------------
# "json": one JSON line per request on stdout (logger "elearn.requests"); empty: none.
REQUEST_LOG = env("DJANGO_REQUEST_LOG", default="")
if REQUEST_LOG == "json":
    LOGGING["formatters"] = {"json": {"()": "home.observability.JsonFormatter"}}
    LOGGING["handlers"]["requests"] = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
        "formatter": "json",
    }
    LOGGING["loggers"]["elearn.requests"] = {
        "handlers": ["requests"],
        "level": "INFO",
        "propagate": False,
    }
# Prometheus metrics at /metrics for requests carrying this bearer token; empty: no metrics.
METRICS_TOKEN = env("DJANGO_METRICS_TOKEN", default="")
# Where the gunicorn processes pool their metrics (prometheus_client reads it itself).
METRICS_MULTIPROCESS_DIR = env("PROMETHEUS_MULTIPROC_DIR", default="")

# --- Certificates -------------------------------------------------------------------------
# Completion certificates: docs/decisions/005-certificates.md and README, "Certificates".
# Wagtail runs its own tasks (search and reference index updates, file deletions) on the
# "default" backend, in-process as before. Certificate PDFs are made on the "certificates"
# backend: in-process ("immediate") in development and tests, or a database queue
# ("database") served by `manage.py db_worker --backend certificates`.
CERTIFICATE_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.backend.DatabaseBackend",
}


def certificate_tasks(choice: str, imports: str | None = None) -> dict:
    """TASKS: Wagtail's own tasks in-process, certificate PDFs on the backend `choice` and
    learner imports on `imports` (the same as the certificates unless given); each is
    "immediate" (in-process, at once) or "database" (queued for `manage.py db_worker`)."""
    imports = imports or choice
    for name, value in (("CERTIFICATE", choice), ("IMPORT", imports)):
        if value not in CERTIFICATE_TASK_BACKENDS:
            raise ImproperlyConfigured(
                f"{name}_TASK_BACKEND must be one of {', '.join(CERTIFICATE_TASK_BACKENDS)}"
            )
    return {
        "default": {"BACKEND": CERTIFICATE_TASK_BACKENDS["immediate"]},
        "certificates": {"BACKEND": CERTIFICATE_TASK_BACKENDS[choice]},
        "imports": {"BACKEND": CERTIFICATE_TASK_BACKENDS[imports]},
    }


CERTIFICATE_TASK_BACKEND = env("CERTIFICATE_TASK_BACKEND", default="immediate")
IMPORT_TASK_BACKEND = env("IMPORT_TASK_BACKEND", default=CERTIFICATE_TASK_BACKEND)
TASKS = certificate_tasks(CERTIFICATE_TASK_BACKEND, IMPORT_TASK_BACKEND)
# Seconds a learner import may stay "checking" or "importing" (queued included) before its
# page shows it failed: the largest file allowed takes a few minutes.
ENROLMENT_IMPORT_TIMEOUT = env.int("ENROLMENT_IMPORT_TIMEOUT", default=30 * 60)
# The organisation's signing key and certificate (PEM or DER), and intermediate CA
# certificates. Outside production a self-signed pair is created here on first use.
CERTIFICATE_SIGNING_KEY = env.path(
    "CERTIFICATE_SIGNING_KEY", default=BASE_DIR / "var" / "signing" / "signing-key.pem"
)
CERTIFICATE_SIGNING_CERT = env.path(
    "CERTIFICATE_SIGNING_CERT", default=BASE_DIR / "var" / "signing" / "signing-cert.pem"
)
CERTIFICATE_SIGNING_KEY_PASSPHRASE = env("CERTIFICATE_SIGNING_KEY_PASSPHRASE", default="")
CERTIFICATE_SIGNING_CHAIN = env.list("CERTIFICATE_SIGNING_CHAIN", default=[])
CERTIFICATE_SIGNING_AUTOCREATE = True
# Signed PDFs: a private folder, never under MEDIA_ROOT (downloads go through a view).
CERTIFICATE_FILES_DIR = env.path("CERTIFICATE_FILES_DIR", default=BASE_DIR / "var" / "certificates")
CERTIFICATE_FONT_DIR = env("CERTIFICATE_FONT_DIR", default="/usr/share/fonts/truetype/noto")
# The public address printed (and put in the QR code) on certificates. Empty (development): the
# address of the request that issues the certificate, else WAGTAILADMIN_BASE_URL.
CERTIFICATE_BASE_URL = env("CERTIFICATE_BASE_URL", default="")
# Public verification pages: at most LIMIT lookups per client per WINDOW seconds.
CERTIFICATE_VERIFY_LIMIT = env.int("CERTIFICATE_VERIFY_LIMIT", default=30)
CERTIFICATE_VERIFY_WINDOW = env.int("CERTIFICATE_VERIFY_WINDOW", default=60)
# How long the check page keeps a certificate's public answer in the cache; revoking or
# re-issuing forgets it at once, so this only bounds staleness if the cache was unreachable.
CERTIFICATE_CHECK_CACHE_SECONDS = env.int("CERTIFICATE_CHECK_CACHE_SECONDS", default=600)
# WeasyPrint reports each rendering step at INFO; its warnings (a refused URL) still show.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}
