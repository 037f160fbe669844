"""Exports are domain code: importing them must not pull in GraphQL or the layers built on it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import exports.service
layers = {"strawberry", "graphql", "schema", "resolvers", "server"}
print(sorted({m.split(".")[0] for m in sys.modules} & layers))
"""


def test_the_exports_package_imports_no_graphql() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )

    assert out.stdout.strip() == "[]"
