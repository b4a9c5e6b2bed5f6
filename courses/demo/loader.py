"""The demo courses' texts, read from `content/*.toml` and checked before anything is written.

`demo_courses_load()` is the only reader of the content files (the format is described in
`courses/demo/README.md`). It parses each file with the standard library's `tomllib`, checks
every key, type and allowed value, and returns one dict per course, in file-name order (the
first course is the one the demo learner has completed). A mistake raises `DemoContentError`
naming the file and the place, e.g. ``02-....toml: modules[3].body[2]: unknown block type
'vidoe'``, so `manage.py seed_demo` stops with that message before it writes a page.

Returned shape (what `courses.demo` and `quizzes.demo` build pages and quizzes from):
a course has ``title``, ``slug``, ``summary``, ``topic``, ``level``, ``target_groups``,
``duration_minutes``, ``outcomes``, ``sequential``, ``certificate``, ``modules`` and ``quiz``;
a module has ``title``, ``slug``, ``minutes`` and ``body``, a list of ``(type, value)``
blocks; a question has ``type``, ``text``, ``points``, ``explanation`` and, by type,
``choices`` as ``(text, is_correct)`` pairs, ``partial_credit``, ``answer``, ``accepted`` or
``items``.
"""

import re
import tomllib
from pathlib import Path

from django.core.management.base import CommandError

from courses.models import CoursePage

CONTENT_DIR = Path(__file__).resolve().parent / "content"

LEVELS = tuple(CoursePage.Level.values)
TARGET_GROUPS = ("official", "digital_team", "citizen")
CALLOUT_KINDS = ("tip", "note", "warning")
BLOCK_TYPES = ("heading", "paragraph", "callout")
QUESTION_TYPES = ("single", "multiple", "true_false", "short_text", "ordering")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_COURSE_KEYS = {
    "title": str,
    "slug": str,
    "summary": str,
    "topic": str,
    "level": str,
    "target_groups": list,
    "duration_minutes": int,
    "outcomes": list,
    "sequential": bool,
    "certificate": bool,
    "modules": list,
    "quiz": dict,
}
_MODULE_KEYS = {"title": str, "slug": str, "minutes": int, "body": list}
_QUIZ_KEYS = {"title": str, "instructions": str, "pass_mark": int, "questions": list}
_QUESTION_KEYS = {"type": str, "text": str, "points": int, "explanation": str}
_QUESTION_EXTRA_KEYS = {
    "single": {"choices": list},
    "multiple": {"choices": list, "partial_credit": bool},
    "true_false": {"answer": bool},
    "short_text": {"accepted": list},
    "ordering": {"items": list},
}
_OPTIONAL = {"points": 1, "explanation": "", "partial_credit": False}


class DemoContentError(CommandError):
    """A demo content file is missing, is not TOML or is not in the expected shape.

    A `CommandError`, so `manage.py seed_demo` prints the message (file and place) alone.
    """


def demo_courses_load(*, directory: Path | None = None) -> list[dict]:
    """Every demo course in `directory` (default `CONTENT_DIR`), checked, in file-name order."""
    directory = directory or CONTENT_DIR
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise DemoContentError(f"{directory}: no demo course files (*.toml)")
    courses = [demo_course_load(path=path) for path in paths]
    _unique([c["slug"] for c in courses], "course slug", "demo content")
    _unique([c["quiz"]["title"] for c in courses], "quiz title", "demo content")
    return courses


def demo_course_load(*, path: Path) -> dict:
    """One demo course file, checked; `DemoContentError` names the file and the place."""
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{path.name}: not valid TOML: {error}") from error
    except OSError as error:
        raise DemoContentError(f"{path.name}: cannot be read: {error.strerror}") from error
    try:
        return _course(data)
    except DemoContentError as error:
        raise DemoContentError(f"{path.name}: {error}") from None


def _course(data: dict) -> dict:
    course = _table(data, _COURSE_KEYS, "course")
    _choice(course["level"], LEVELS, "level")
    for index, group in enumerate(course["target_groups"], 1):
        _choice(group, TARGET_GROUPS, f"target_groups[{index}]")
    _strings(course["outcomes"], "outcomes")
    _slug(course["slug"], "slug")
    course["modules"] = [
        _module(module, f"modules[{index}]") for index, module in enumerate(course["modules"], 1)
    ]
    if not course["modules"]:
        raise DemoContentError("modules: a course needs at least one module")
    _unique([m["slug"] for m in course["modules"]], "module slug", "modules")
    course["quiz"] = _quiz(course["quiz"])
    return course


def _module(data: object, where: str) -> dict:
    module = _table(data, _MODULE_KEYS, where)
    _slug(module["slug"], f"{where}.slug")
    module["body"] = [
        _block(block, f"{where}.body[{index}]") for index, block in enumerate(module["body"], 1)
    ]
    if not module["body"]:
        raise DemoContentError(f"{where}.body: a module needs at least one block")
    return module


def _block(data: object, where: str) -> tuple[str, object]:
    if not isinstance(data, dict):
        raise DemoContentError(f"{where}: expected a table ([[modules.body]])")
    kind = data.get("type")
    if kind not in BLOCK_TYPES:
        raise DemoContentError(
            f"{where}: unknown block type {kind!r} (expected {_names(BLOCK_TYPES)})"
        )
    if kind == "callout":
        block = _table(data, {"type": str, "kind": str, "title": str, "text": str}, where)
        _choice(block["kind"], CALLOUT_KINDS, f"{where}.kind")
        return kind, {"kind": block["kind"], "title": block["title"], "text": block["text"]}
    block = _table(data, {"type": str, "text": str}, where)
    return kind, block["text"]


def _quiz(data: dict) -> dict:
    quiz = _table(data, _QUIZ_KEYS, "quiz")
    if not 0 < quiz["pass_mark"] <= 100:
        raise DemoContentError(f"quiz.pass_mark: {quiz['pass_mark']} is not a percentage (1-100)")
    quiz["questions"] = [
        _question(question, f"quiz.questions[{index}]")
        for index, question in enumerate(quiz["questions"], 1)
    ]
    if not quiz["questions"]:
        raise DemoContentError("quiz.questions: a quiz needs at least one question")
    _unique([q["text"] for q in quiz["questions"]], "question text", "quiz.questions")
    return quiz


def _question(data: object, where: str) -> dict:
    if not isinstance(data, dict):
        raise DemoContentError(f"{where}: expected a table ([[quiz.questions]])")
    kind = data.get("type")
    if kind not in QUESTION_TYPES:
        raise DemoContentError(
            f"{where}: unknown question type {kind!r} (expected {_names(QUESTION_TYPES)})"
        )
    question = _table(data, {**_QUESTION_KEYS, **_QUESTION_EXTRA_KEYS[kind]}, where)
    if question["points"] < 1:
        raise DemoContentError(f"{where}.points: must be at least 1")
    if "choices" in question:
        question["choices"] = [
            _answer_choice(choice, f"{where}.choices[{index}]")
            for index, choice in enumerate(question["choices"], 1)
        ]
        correct = sum(is_correct for _text, is_correct in question["choices"])
        if kind == "single" and correct != 1:
            raise DemoContentError(f"{where}.choices: a single choice question needs one correct")
        if kind == "multiple" and correct < 2:
            raise DemoContentError(f"{where}.choices: a multiple choice question needs 2+ correct")
    for key in ("accepted", "items"):
        if key in question:
            _strings(question[key], f"{where}.{key}")
            if not question[key]:
                raise DemoContentError(f"{where}.{key}: must not be empty")
    return question


def _answer_choice(data: object, where: str) -> tuple[str, bool]:
    choice = _table(data, {"text": str, "correct": bool}, where)
    return choice["text"], choice["correct"]


def _table(data: object, keys: dict[str, type], where: str) -> dict:
    """`data` with exactly `keys` (those in `_OPTIONAL` filled in when absent), each typed."""
    if not isinstance(data, dict):
        raise DemoContentError(f"{where}: expected a table")
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise DemoContentError(
            f"{where}: unknown key {_names(unknown)} (expected {_names(list(keys))})"
        )
    table = {}
    for key, kind in keys.items():
        if key not in data:
            if key in _OPTIONAL:
                table[key] = _OPTIONAL[key]
                continue
            raise DemoContentError(f"{where}: missing key '{key}'")
        value = data[key]
        # bool is an int in Python; a TOML `true` where a number belongs is a mistake.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DemoContentError(
                f"{where}.{key}: expected {_TYPE_NAMES[kind]}, found {_type_name(value)}"
            )
        if kind is str and not value.strip():
            raise DemoContentError(f"{where}.{key}: must not be empty")
        table[key] = value
    return table


def _choice(value: str, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        raise DemoContentError(f"{where}: {value!r} is not one of {_names(allowed)}")


def _strings(values: list, where: str) -> None:
    for index, value in enumerate(values, 1):
        if not isinstance(value, str) or not value.strip():
            raise DemoContentError(f"{where}[{index}]: expected a non-empty string")


def _slug(value: str, where: str) -> None:
    if not SLUG.match(value):
        raise DemoContentError(f"{where}: {value!r} is not a slug (a-z, 0-9 and hyphens)")


def _unique(values: list[str], what: str, where: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise DemoContentError(f"{where}: {what} {value!r} appears twice")
        seen.add(value)


def _names(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


_TYPE_NAMES = {
    bool: "true or false",
    int: "an integer",
    float: "a number with a fraction",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def _type_name(value: object) -> str:
    return next(
        (name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)),
        type(value).__name__,
    )
