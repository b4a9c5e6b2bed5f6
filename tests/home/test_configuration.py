"""Every environment variable and project setting the code reads is defined and documented."""

import ast
import importlib
import os
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import global_settings, settings

from elearn.settings import base
from tests.home.child_process import run_manage

ROOT = Path(settings.BASE_DIR)
SETTINGS_DIR = ROOT / "elearn" / "settings"
APPS = ("elearn", "home", "courses", "quizzes")
ENV_NAME = re.compile(r"`([A-Z][A-Z0-9_]{2,})`")
TESTS_SECTION = "## Tests and CI"
# Where the apps read settings by a name held in a variable (`getattr(settings, name)`): the
# module and its constant that lists the names.
SETTING_NAME_LISTS = {
    "home/backup.py": "FOLDERS",
    "home/health.py": "SHARED_FOLDERS",
    "courses/certificates/checks.py": "SIGNING_FILES",
}
# The machine's own variables, which the tests pass on to the processes they start.
SYSTEM_VARIABLES = {"PATH", "HOME"}


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


def readme_documented_variables(*, tests: bool = False) -> set[str]:
    """Names in the first column of the README's tables: the configuration tables, or with
    `tests` the table of what the tests and CI read (in the "Tests and CI" section)."""
    names = set()
    section = ""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
        elif line.startswith("|") and (section == TESTS_SECTION) == tests:
            names.update(ENV_NAME.findall(line.split("|")[1]))
    return names


def python_modules(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def variables_tests_read() -> set[str]:
    """Names the tests read with `os.environ.get(...)` and `.ci/run` with `${NAME:-default}`."""
    names = set()
    for _path, tree in python_modules(ROOT / "tests"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func) == "os.environ.get"
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    names.update(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", ci))
    return names - SYSTEM_VARIABLES


def settings_getattr_calls():
    """`getattr(settings, ...)` calls in the apps (migrations aside): (module path, call)."""
    for app in APPS:
        for path, tree in python_modules(ROOT / app):
            if "migrations" in path.parts or "settings" in path.parts:
                continue
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and ast.unparse(node.func) == "getattr"
                    and ast.unparse(node.args[0]) == "settings"
                ):
                    yield path.relative_to(ROOT).as_posix(), node


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


def test_settings_read_by_a_name_in_a_variable_are_listed_and_defined():
    defined = set(vars(base)) | set(vars(global_settings))
    dynamic = {
        path
        for path, call in settings_getattr_calls()
        if not isinstance(call.args[1], ast.Constant)
    }
    listed = set()
    for path, constant in SETTING_NAME_LISTS.items():
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        listed.update(getattr(module, constant))

    assert dynamic == set(SETTING_NAME_LISTS)
    assert listed >= {"MEDIA_ROOT", "ENROLMENT_IMPORT_DIR", "CERTIFICATE_SIGNING_KEY"}
    assert listed - defined == set()


def test_no_setting_is_read_with_a_fallback_that_hides_a_missing_definition():
    with_default = [
        f"{path}: {ast.unparse(call)}"
        for path, call in settings_getattr_calls()
        if len(call.args) > 2
    ]

    assert with_default == []


def test_every_variable_the_tests_and_ci_read_is_in_the_readme_tests_table():
    read = variables_tests_read()

    assert read >= {"REQUIRE_REDIS", "PGHOST"}
    assert read == readme_documented_variables(tests=True)


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


def imported_distributions(paths) -> set[str]:
    """The installed distributions (lower-case names) whose packages the modules import."""
    local = {"elearn", "home", "courses", "quizzes", "tests", "bench", "deploy"}
    distributions = packages_distributions()
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local:
                    names.update(name.lower() for name in distributions[top])
    return names


def pinned_names(name: str) -> set[str]:
    return {
        re.split(r"[\[=]", line)[0].lower().replace("_", "-")
        for line in requirement_lines(name)
        if not line.startswith("-r")
    }


# Commands that only developers run, with tools from requirements-dev.txt.
DEV_COMMANDS = {ROOT / "home" / "management" / "commands" / "build_former_units.py"}


def test_every_package_the_code_imports_is_pinned_in_the_right_file():
    runtime_modules = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path.name != "factories.py"
        and "migrations" not in path.parts
        and path not in DEV_COMMANDS
    ]
    other_modules = [
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "bench").rglob("*.py"),
        *(path for app in APPS for path in (ROOT / app).rglob("factories.py")),
        *DEV_COMMANDS,
    ]
    runtime = pinned_names("requirements.txt")
    dev = pinned_names("requirements-dev.txt")

    def normalised(names):
        return {name.replace("_", "-") for name in names}

    assert normalised(imported_distributions(runtime_modules)) - runtime == set()
    assert normalised(imported_distributions(other_modules)) - runtime - dev == set()
