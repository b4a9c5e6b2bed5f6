import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.dev")

application = get_wsgi_application()

from elearn.startup import urls_build  # noqa: E402 (needs the settings loaded above)

urls_build()
