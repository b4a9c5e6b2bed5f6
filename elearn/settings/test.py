"""Settings for the test suite: fast hashing, e-mails kept in memory, plain static storage."""

from .base import *  # noqa: F403
from .base import STORAGES, env

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_EMAIL_VERIFICATION = "none"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/elearn-test-media")  # noqa: S108
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run without collectstatic: whitenoise then looks files up per request instead of
# scanning (and warning about) the missing STATIC_ROOT at start-up.
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
SEED_DEMO_ALLOWED = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Certificates: rendered in-process at once, signed PDFs kept in /tmp (tests may move them).
TASKS = certificate_tasks("immediate")
CERTIFICATE_FILES_DIR = env.path(
    "CERTIFICATE_FILES_DIR",
    default="/tmp/elearn-test-certificates",  # noqa: S108
)
CERTIFICATE_BASE_URL = "http://testserver"
