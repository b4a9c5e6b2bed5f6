"""The site plus the bench's hello view, for gunicorn in `bench/pages.py --server`."""

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

django.setup(set_prefix=False)
settings.ROOT_URLCONF = "bench.pages_urls"
application = WSGIHandler()
