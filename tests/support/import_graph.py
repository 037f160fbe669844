"""Who imports whom among Tandem's top-level code folders, read from the source (no import runs).

Every ``import`` statement counts, wherever it is: at module level, inside a function (a lazy
import is still a dependency, only a later one) and under ``if TYPE_CHECKING:`` (a type a module
names is part of what it depends on). tests/server/test_layers.py holds the rules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` (a module of ours) imports ``target`` (a module of ours, as named: a package
    when the statement names a package) at ``line``."""

    source: str
    target: str
    line: int

    @property
    def source_folder(self) -> str:
        return self.source.partition(".")[0]

    @property
    def target_folder(self) -> str:
        return self.target.partition(".")[0]

    def __str__(self) -> str:
        path = self.source.replace(".", "/")
        return f"{path}.py:{self.line}: {self.source} -> {self.target}"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str, root: Path) -> bool:
    base = root.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imported(node: ast.Import | ast.ImportFrom, root: Path) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif node.module:
        # Relative imports are refused by ruff (TID252), so level is always 0 here.
        for alias in node.names:
            # `from models import deal` imports the module models.deal; `from models.deal
            # import Deal` imports models.deal.
            candidate = f"{node.module}.{alias.name}"
            yield candidate if _is_module(candidate, root) else node.module


def edges(folders: Iterable[str], root: Path = ROOT) -> list[Edge]:
    """Every import from a module in ``folders`` of another module in ``folders``, also within
    one folder (callers filter). Migrations are generated files and import nothing of ours."""
    ours = set(folders)
    found: list[Edge] = []
    for folder in sorted(ours):
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            source = module_name(path, root)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                for target in _imported(node, root):
                    if target.partition(".")[0] in ours:
                        found.append(Edge(source, target, node.lineno))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted: every
    such component holds at least one cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
