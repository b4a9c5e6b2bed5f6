import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.dev")

application = get_asgi_application()

from elearn.startup import urls_build  # noqa: E402 (needs the settings loaded above)

urls_build()
