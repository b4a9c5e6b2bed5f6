"""Every environment variable and project setting the code reads is defined and documented."""

import ast
import os
import re
from pathlib import Path

from django.conf import global_settings, settings

from elearn.settings import base
from tests.home.child_process import run_manage

ROOT = Path(settings.BASE_DIR)
SETTINGS_DIR = ROOT / "elearn" / "settings"
APPS = ("elearn", "home", "courses", "quizzes")
ENV_NAME = re.compile(r"`([A-Z][A-Z0-9_]{2,})`")


def settings_environment_variables() -> set[str]:
    """Names passed to `env(...)`, `env.<cast>(...)` or `os.environ.get(...)` in the settings
    and in the gunicorn configuration."""
    names = set()
    for path in [*SETTINGS_DIR.glob("*.py"), ROOT / "deploy" / "gunicorn.conf.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            function = ast.unparse(node.func)
            reads_env = function == "env" or function.startswith("env.")
            if (reads_env or function == "os.environ.get") and isinstance(
                node.args[0], ast.Constant
            ):
                names.add(node.args[0].value)
    return names


def readme_documented_variables() -> set[str]:
    """Names in the first column of the README's tables (the configuration tables)."""
    names = set()
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            names.update(ENV_NAME.findall(line.split("|")[1]))
    return names


def settings_the_code_reads() -> set[str]:
    """`settings.NAME` and `getattr(settings, "NAME", ...)` in the apps (migrations aside)."""
    pattern = re.compile(r"settings\.([A-Z][A-Z0-9_]+)|getattr\(settings, \"([A-Z][A-Z0-9_]+)\"")
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "settings" in path.parts:
                continue
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                names.add(match.group(1) or match.group(2))
    return names


def test_every_environment_variable_the_settings_read_is_in_a_readme_table():
    read = settings_environment_variables()

    assert read >= {"DATABASE_URL", "ENROLMENT_IMPORT_DIR", "CERTIFICATE_BASE_URL"}
    assert read - readme_documented_variables() == set()


def test_every_variable_in_the_readme_tables_is_read_by_the_settings():
    assert readme_documented_variables() - settings_environment_variables() == set()


def test_every_project_setting_the_code_reads_is_defined_in_the_base_settings():
    # SETTINGS_MODULE is not a setting but the settings object's own record of its module.
    defined = set(vars(base)) | set(vars(global_settings)) | {"SETTINGS_MODULE"}

    assert settings_the_code_reads() - defined == set()


def test_enrolment_import_dir_comes_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.ENROLMENT_IMPORT_DIR)"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "elearn.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    default = run_manage(env, "shell", "-c", code)
    chosen = run_manage(
        {**env, "ENROLMENT_IMPORT_DIR": str(tmp_path / "imports")}, "shell", "-c", code
    )

    assert default.stdout.splitlines()[-1] == str(ROOT / "var" / "imports"), default.stderr
    assert chosen.stdout.splitlines()[-1] == str(tmp_path / "imports"), chosen.stderr


def requirement_lines(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_runtime_and_dev_requirements_are_pinned_separately_and_both_installed():
    runtime = requirement_lines("requirements.txt")
    dev = requirement_lines("requirements-dev.txt")
    pinned = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[a-z,]+\])?==[0-9][0-9A-Za-z.]*$")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")

    assert dev[0] == "-r requirements.txt"
    assert [line for line in runtime + dev[1:] if not pinned.match(line)] == []
    runtime_names = {pinned.match(line).group(1).lower() for line in runtime}
    assert not runtime_names & {"pytest", "pytest-django", "factory-boy", "playwright", "ruff"}
    assert "$(VENV)/.installed: requirements.txt requirements-dev.txt" in makefile
    assert "pip install --quiet -r requirements-dev.txt" in makefile
