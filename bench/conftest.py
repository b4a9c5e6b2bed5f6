"""Browser benchmarks (`bench/h5p_slow3g.py`) run on the browser tests' fixtures, with static
files served as in production: through whitenoise and the site's middleware (compressed, with
a cache life), not by the test server's uncompressed static handler."""

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler

from tests.conftest import _empty_cache, _media_root, django_db_setup, migrated_data  # noqa: F401
from tests.e2e.conftest import _migrated_data, browser, network_log, new_page  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def _static_files_as_in_production():
    settings.WHITENOISE_USE_FINDERS = True
    should_handle = StaticFilesHandler._should_handle
    StaticFilesHandler._should_handle = lambda self, path: False
    yield
    StaticFilesHandler._should_handle = should_handle
