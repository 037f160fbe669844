"""The `graphql-ws` npm client (what web front ends use) subscribes to live events."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

JS = Path(__file__).parent.parent / "js"
EVENTS = """
subscription {
  recordEvents(objects: [DEAL], after: "0") {
    cursor kind changedFields record { ... on Deal { title } }
  }
}
"""
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"


async def _node_subscribe(ws_url: str, token: str, count: int) -> list[dict[str, object]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript client tests"
    assert (JS / "node_modules" / "graphql-ws").exists(), "run `npm ci` in tests/js"
    process = await asyncio.create_subprocess_exec(
        node,
        str(JS / "subscribe.mjs"),
        ws_url,
        token,
        str(count),
        EVENTS,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    return [json.loads(line) for line in out.decode().splitlines() if line.strip()]


async def test_the_graphql_ws_client_receives_what_its_role_may_see(
    api: GraphQLClient, ws_url: str
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    stage = await crm.first_stage(await crm.pipeline())
    for title in ("First", "Second"):
        await api.ok(
            CREATE,
            {"input": {"title": title, "stageId": crm.gid(stage), "cost": "123.45"}},
            token=manager.access_token,
        )

    results = await _node_subscribe(ws_url, seller.access_token, 2)

    events = [r["data"]["recordEvents"] for r in results]  # type: ignore[index]
    assert [e["record"]["title"] for e in events] == ["First", "Second"]
    assert all("cost" not in e["changedFields"] for e in events)
    assert [e["cursor"] for e in events] == ["1", "2"]
