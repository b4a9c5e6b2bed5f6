import pytest
from django.core import checks

from home.checks import shared_cache_configured


def test_deploy_check_warns_about_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert [message.id for message in shared_cache_configured(None)] == ["home.W001"]


def test_deploy_check_accepts_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }

    assert shared_cache_configured(None) == []


@pytest.mark.django_db
def test_the_check_runs_only_for_deployments():
    assert "home.W001" not in [m.id for m in checks.run_checks(include_deployment_checks=False)]
