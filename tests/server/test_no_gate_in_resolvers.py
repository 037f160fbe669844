"""Resolvers reach records only through the caller's access object (models/access/records.py):
no module under resolvers/ may talk to the gate itself. Checked on the source, so a new resolver
that asks the gate directly fails here before it can diverge from the shared checks."""

from __future__ import annotations

import ast
from pathlib import Path

RESOLVERS = Path(__file__).resolve().parents[2] / "resolvers"
# The gate, and the row helper that takes one: resolvers use RecordAccess instead.
GATE_MODULES = frozenset({"models.access.gate", "models.access.rows"})


def offences(source: str) -> list[str]:
    """Every direct use of the gate in one module: ``.gate`` (``info.context.gate``, a stored
    gate), the name ``Gate``, an import of the gate's modules. As ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("gate", "Gate"):
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "Gate":
            found.append(f"{node.lineno}: Gate")
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name in GATE_MODULES]
            found += [f"{node.lineno}: import {name}" for name in names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            modules = {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            if modules & GATE_MODULES or any(a.name == "Gate" for a in node.names):
                found.append(f"{node.lineno}: from {node.module} import ...")
    return found


def test_no_resolver_module_uses_the_gate_directly() -> None:
    report = {
        str(path.relative_to(RESOLVERS.parent)): found
        for path in sorted(RESOLVERS.rglob("*.py"))
        if (found := offences(path.read_text()))
    }
    assert report == {}, "resolvers ask info.context.access(obj), never the gate: " + str(report)


def test_the_check_sees_each_kind_of_direct_use() -> None:
    module = """
from models.access.gate import Gate
from models.access import rows
import models.access.gate

def resolve(info, gate: Gate):
    info.context.gate.require("read", "deal")
"""
    assert offences(module) == [
        "2: from models.access.gate import ...",
        "3: from models.access import ...",
        "4: import models.access.gate",
        "6: Gate",
        "7: .gate",
    ]
    assert offences("def f(info):\n    info.context.access('deal').require('read')\n") == []
