"""Folders import downward only, and there are no import cycles between them (issue 15, part 4).

This file is the source of truth for the table "Folders and what each may import" in
docs/architecture.md. The order, low to high; a folder may import its own modules and any folder
of a lower level; the folders of one level may import one another but never in a cycle:

    models -> auth -> realtime -> mail, imports, exports, backups, jobs, documents -> resolvers
    -> schema -> server

Imports are read from the source (tests/support/import_graph.py): module level, inside functions
and under TYPE_CHECKING all count. A new upward import fails here. Within resolvers/, the GraphQL
vocabulary (resolvers/api/) imports no other resolver module: the resolvers name its types, so it
sits below them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.import_graph import ROOT, Edge, cycles, edges

LEVELS: tuple[tuple[str, ...], ...] = (
    ("models",),
    ("auth",),
    ("realtime",),
    ("mail", "imports", "exports", "backups", "jobs", "documents", "webhooks"),
    ("resolvers",),
    ("schema",),
    ("server",),
)
LEVEL = {folder: level for level, folders in enumerate(LEVELS) for folder in folders}


# A broker client, or the request side of the application: never loaded by the domain.
NOT_FOR_MODELS = ("redis", "broadcaster", "auth", "realtime", "resolvers", "schema", "server")


def upward(found: list[Edge]) -> list[Edge]:
    """Edges that go to a higher level: the ones the rule forbids."""
    return [
        edge
        for edge in found
        if edge.source_folder != edge.target_folder
        and LEVEL[edge.target_folder] > LEVEL[edge.source_folder]
    ]


def folder_graph(found: list[Edge]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {folder: set() for folder in LEVEL}
    for edge in found:
        if edge.source_folder != edge.target_folder:
            graph[edge.source_folder].add(edge.target_folder)
    return graph


def _listing(found: list[Edge]) -> str:
    return "\n".join(f"  {edge}" for edge in found)


def test_every_folder_imports_only_folders_below_it() -> None:
    bad = upward(edges(LEVEL))
    assert not bad, (
        "Upward imports (order: models -> auth -> realtime -> "
        "mail/imports/exports/backups/jobs/documents -> resolvers -> schema -> server; "
        "see docs/architecture.md):\n" + _listing(bad)
    )


def test_no_import_cycles_between_folders() -> None:
    tangled = cycles(folder_graph(edges(LEVEL)))
    assert tangled == [], f"These folders import one another in a cycle: {tangled}"


def test_importing_models_loads_no_broker_client_nor_a_higher_folder() -> None:
    # A fresh interpreter: this test process has loaded everything already.
    script = (
        "import sys, models\n"
        f"tops = {NOT_FOR_MODELS!r}\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.partition('.')[0] in tops)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []


def test_the_graphql_vocabulary_imports_no_other_resolver_module() -> None:
    # resolvers/api/ holds the inputs, filters and enums resolver signatures name; a resolver
    # module imported from there would make the vocabulary depend on what depends on it.
    bad = [
        edge
        for edge in edges(("resolvers",))
        if edge.source.startswith("resolvers.api.")
        and edge.target != "resolvers.api"
        and not edge.target.startswith("resolvers.api.")
    ]
    assert not bad, "resolvers/api/ imports resolver modules:\n" + _listing(bad)


def test_the_check_sees_a_planted_upward_import_at_any_depth(tmp_path: Path) -> None:
    # The walker itself: an upward import under TYPE_CHECKING and one inside a function are
    # both reported, and a downward one is not.
    for package in ("models", "server"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "server" / "settings.py").write_text("import models.deal\n")
    (tmp_path / "models" / "deal.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from server.settings import Settings\n"
        "def later():\n"
        "    from server import settings\n"
    )
    found = edges(("models", "server"), tmp_path)
    assert [str(edge) for edge in upward(found)] == [
        "models/deal.py:3: models.deal -> server.settings",
        "models/deal.py:5: models.deal -> server.settings",
    ]
    assert cycles(folder_graph(found)) == [["models", "server"]]
