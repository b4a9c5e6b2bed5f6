"""Settings, run in a child process with a controlled environment."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.home.child_process import run_manage

REQUIRED = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]


def deploy_check(env) -> subprocess.CompletedProcess:
    return run_manage(env, "check", "--deploy", "--fail-level", "WARNING")


@pytest.mark.parametrize("variable", REQUIRED)
@pytest.mark.parametrize("unset", ["missing", "blank"])
def test_production_refuses_to_start_without_a_required_variable(production_env, variable, unset):
    if unset == "missing":
        del production_env[variable]
    else:
        production_env[variable] = "  "

    result = deploy_check(production_env)

    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("django.core.exceptions.ImproperlyConfigured")
    assert error.endswith(f": {variable}")


def test_production_names_every_missing_variable_at_once(production_env):
    for variable in REQUIRED:
        del production_env[variable]

    result = deploy_check(production_env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_production_passes_the_deploy_check_when_everything_is_set(production_env):
    result = deploy_check(production_env)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off_and_cookies_secure(production_env):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.ACCOUNT_EMAIL_VERIFICATION, s.ALLOWED_HOSTS)"
    )

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        env=production_env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "mandatory",
        "['hocvuso.example.vn']",
    ]


def test_development_addresses_follow_the_port_the_site_is_served_on(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "elearn.settings.dev",
        "PORT": "8080",
    }
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"

    result = run_manage(env, "shell", "-c", code)

    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8080", result.stderr
