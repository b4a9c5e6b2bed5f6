"""The dependency direction between apps holds (tests/architecture.py, decision 013), and the
checker that enforces it finds a forbidden import when one is added: run on the code before
decision 013, it named `courses/blocks.py:15`, which imported the quiz and H5P blocks."""

from pathlib import Path

import pytest

from tests.architecture import DEPENDENCY_RULES, Rule, imported_modules, violations

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_what_the_dependency_rules_forbid():
    found = violations(ROOT)
    assert not found, "\n".join(str(violation) for violation in found)


def test_every_rule_names_an_app_that_exists():
    for rule in DEPENDENCY_RULES:
        assert (ROOT / rule.source / "apps.py").exists()
        assert (ROOT / rule.forbidden.split(".")[0] / "apps.py").exists()


def _tree(tmp_path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return tmp_path


RULES = (
    Rule("courses", "quizzes", why="courses does not know quizzes"),
    Rule("quizzes", "courses", allowed=("courses.services",), why="public services only"),
)


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("courses/blocks.py", "from quizzes.blocks import QuizBlock\n"),
        ("courses/blocks.py", "import quizzes.models\n"),
        ("courses/blocks.py", "from quizzes import blocks\n"),
        ("courses/views.py", "def view():\n    from quizzes.selectors import quiz_page\n"),
        ("courses/reports/views.py", "from quizzes.models import Quiz\n"),
        ("quizzes/services.py", "from courses.reports.scopes import scope_of\n"),
        ("quizzes/services.py", "from courses import selectors\n"),
        ("quizzes/h5p/views.py", "from courses.enrolment_import import services\n"),
    ],
)
def test_a_forbidden_import_is_found_wherever_it_is_written(tmp_path, name, source):
    root = _tree(tmp_path, {"courses/__init__.py": "", "quizzes/__init__.py": "", name: source})

    found = violations(root, RULES)

    assert [(str(v.path), v.line) for v in found] == [(name, source.count("\n"))]


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("quizzes/services.py", "from courses.services import module_part_passed\n"),
        ("quizzes/services.py", "from courses import services\n"),
        ("courses/services.py", "from courses.reports import scopes\nfrom home import text\n"),
        ("courses/blocks.py", "QUIZ = 'quizzes.Quiz'  # a string, not an import\n"),
        ("courses/migrations/0001_initial.py", "import quizzes.blocks\n"),
    ],
)
def test_allowed_imports_strings_and_migrations_pass(tmp_path, name, source):
    root = _tree(tmp_path, {"courses/__init__.py": "", "quizzes/__init__.py": "", name: source})

    assert violations(root, RULES) == []


def test_relative_imports_are_resolved_against_the_package():
    source = "from . import services\nfrom ..reports import scopes\nfrom .models import Quiz\n"

    found = [name for _line, name in imported_modules(source, module="quizzes.h5p.views")]

    assert found == ["quizzes.h5p.services", "quizzes.reports.scopes", "quizzes.h5p.models.Quiz"]


def test_relative_imports_in_a_package_init_start_from_that_package():
    found = [
        name
        for _line, name in imported_modules(
            "from .models import Quiz\n", module="quizzes.h5p", is_package=True
        )
    ]

    assert found == ["quizzes.h5p.models.Quiz"]
