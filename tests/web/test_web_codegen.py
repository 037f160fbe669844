"""The web client's typed operations (client-examples/web/src/gql/, checked in) are what GraphQL
Code Generator makes of docs/schema.graphql today: a schema change that alters them fails here
until `make web-codegen` rewrites them (and `make web` type-checks the client against them)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

WEB = Path(__file__).parents[2] / "client-examples" / "web"


async def test_the_generated_operation_types_match_the_schema() -> None:
    if not (WEB / "node_modules" / ".bin" / "graphql-codegen").exists():
        pytest.fail(f"the web client's packages are not installed in {WEB}: run `make web`")
    process = await asyncio.create_subprocess_exec(
        "npm",
        "run",
        "--silent",
        "codegen:check",
        cwd=WEB,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, f"stale src/gql/, run `make web-codegen`:\n{out.decode()}"
