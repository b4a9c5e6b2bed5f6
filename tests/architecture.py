"""Which app may import which, checked by reading the source with `ast` (no code is run).

The rules are in `DEPENDENCY_RULES` and docs/decisions/013-layout.md: `home` (the site core)
imports neither `courses` nor `quizzes`; `courses` never imports `quizzes` (quizzes adds its
blocks to module bodies through `courses.blocks.activity_block_register`); `quizzes` reaches
`courses` only through its public modules. `elearn` (settings and URLs) wires everything and
is free, like migrations (history), `tests/` and `bench/`.

Every `import` and `from ... import` statement counts, at any depth (inside functions too);
relative imports are resolved against the file's package. Dotted strings (`import_string`,
`"app.Model"` references) are not imports and are not checked.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    """Code of app `source` must not import `forbidden` modules, except those in `allowed`."""

    source: str
    forbidden: str
    allowed: tuple[str, ...] = ()
    why: str = ""

    def refuses(self, module: str) -> bool:
        if not _within(module, self.forbidden):
            return False
        return not any(_within(module, allowed) for allowed in self.allowed)


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    module: str
    rule: Rule

    def __str__(self):
        return f"{self.path}:{self.line} imports {self.module}: {self.rule.why}"


DEPENDENCY_RULES = (
    Rule("home", "courses", why="home is the site core; courses builds on it"),
    Rule("home", "quizzes", why="home is the site core; quizzes builds on it"),
    Rule(
        "courses",
        "quizzes",
        why="courses does not know quizzes (decisions 003 and 013): quizzes registers its "
        "blocks with courses.blocks.activity_block_register",
    ),
    Rule(
        "quizzes",
        "courses",
        allowed=(
            "courses.models",
            "courses.services",
            "courses.selectors",
            "courses.blocks",
            "courses.demo",
            "courses.certificates.selectors",
            "courses.classes.progress",
            "courses.sync.views",
        ),
        why="quizzes reaches courses only through its models, services, selectors, blocks "
        "and demo data (and the certificate notice's selector, and class progress, which "
        "counts its failed attempts, and the offline queue's `replayable` endpoints)",
    ),
)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, *, module: str, is_package: bool = False) -> Iterator[tuple]:
    """(line, dotted name) for every import in `source`, the code of module `module`.

    `from a.b import c` yields "a.b.c": `c` may be a module (`from courses import services`)
    or a name in `a.b`; either way the rules look at the dotted prefix."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if alias.name != "*" else base


def violations(root: Path, rules=DEPENDENCY_RULES) -> list[Violation]:
    """Every import under `root` that a rule refuses (migrations are history and not read)."""
    found = []
    for app in sorted({rule.source for rule in rules}):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            module = _module_name(path, root)
            is_package = path.name == "__init__.py"
            for line, imported in imported_modules(
                path.read_text(encoding="utf-8"), module=module, is_package=is_package
            ):
                for rule in rules:
                    if _within(module, rule.source) and rule.refuses(imported):
                        found.append(Violation(path.relative_to(root), line, imported, rule))
    return found
