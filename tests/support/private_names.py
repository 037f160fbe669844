"""Private names of third-party libraries used by Tandem's code, read from the source.

A name is private when it starts with one underscore (not a dunder) and Tandem's own code does
not define it anywhere (a function, class, variable, attribute, argument or ``__slots__`` entry
of ours with that name makes ``x._name`` ours). Imports count too: a module path with a private
component (``broadcaster._backends``), a private name imported from a library, or one of the
library modules listed in INTERNAL_MODULES (no underscore, but not part of the documented API).
tests/server/test_supported_ground.py holds the rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Documented API of the standard library that happens to start with an underscore.
PUBLIC_UNDERSCORE = frozenset({"_replace", "_asdict", "_fields", "_make", "_field_defaults"})
# Library modules that are internal though their names are not marked so.
INTERNAL_MODULES = (
    "strawberry.schema.schema",
    "strawberry.execution",
    "strawberry.utils",
    "tortoise.backends.base.executor",
    "uvicorn.protocols",
)


@dataclass(frozen=True, slots=True)
class Use:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _sources(root: Path, folders: Iterable[str]) -> list[Path]:
    return [
        path
        for folder in folders
        for path in sorted((root / folder).rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
    ]


def _defined(trees: Iterable[ast.AST]) -> set[str]:
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("_")
                and node.value.isidentifier()
            ):
                names.add(node.value)  # __slots__ entries, getattr names
    return names


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORE


def uses(root: Path, folders: Iterable[str]) -> list[Use]:
    """Every use of a private third-party name in ``folders`` (our top-level packages)."""
    ours = set(folders)
    paths = _sources(root, ours)
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    defined = _defined(trees.values())
    found: list[Use] = []
    for path, tree in trees.items():
        rel = str(path.relative_to(root))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                module = node.module
                if module.partition(".")[0] in ours or module == "__future__":
                    continue
                names = [a.name for a in node.names]
                if (
                    any(_private(part) for part in module.split("."))
                    or module.startswith(INTERNAL_MODULES)
                    or any(_private(name) for name in names)
                ):
                    found.append(Use(rel, node.lineno, f"from {module} import {', '.join(names)}"))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] not in ours and (
                        any(_private(p) for p in parts) or alias.name.startswith(INTERNAL_MODULES)
                    ):
                        found.append(Use(rel, node.lineno, f"import {alias.name}"))
            elif (
                isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in defined
            ):
                found.append(Use(rel, node.lineno, f".{node.attr}"))
    return found
