"""The offline-sync client example keeps a local copy in sync across restarts."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.live import serve

EXAMPLE = Path(__file__).parents[2] / "client-examples" / "offline_sync.py"
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"


@pytest.fixture
async def base_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base


async def _run(base_url: str, email: str, password: str, store: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLE),
        "--url",
        base_url,
        "--email",
        email,
        "--password",
        password,
        "--store",
        str(store),
        "--events",
        "1",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_a_restarted_client_catches_up_from_its_saved_cursor(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    store = tmp_path / "deals.json"
    await api.ok(CREATE, {"input": {"title": "First", "stageId": stage}}, token=owner.access_token)
    await _run(base_url, owner.email, owner.password, store)
    # While the client is away:
    await api.ok(CREATE, {"input": {"title": "Second", "stageId": stage}}, token=owner.access_token)

    output = await _run(base_url, owner.email, owner.password, store)

    state = json.loads(store.read_text())
    assert state["cursor"] == "2"
    assert sorted(d["title"] for d in state["deals"].values()) == ["First", "Second"]
    assert output.startswith("2 created")


async def test_a_deal_assigned_away_leaves_the_local_copy(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    sales = await crm.department("Sales")
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    far = await signed_in(api, "salesperson", email="far@acme.test", department="Support")
    deal = await crm.deal(seller.user, sales, title="Boxes")
    store = tmp_path / "deals.json"
    # The copy the seller's phone held before the deal was assigned away.
    kept = {"id": crm.gid(deal), "title": "Boxes", "status": "OPEN"}
    store.write_text(json.dumps({"cursor": "0", "deals": {crm.gid(deal): kept}}))
    await api.ok(
        "mutation($in: RecordsAssignInput!) { recordsAssign(input: $in) { id } }",
        {"in": {"ids": [crm.gid(deal)], "ownerId": crm.gid(far.user)}},
        token=owner.access_token,
    )

    output = await _run(base_url, seller.email, seller.password, store)

    assert output.startswith("1 left_view")
    assert json.loads(store.read_text())["deals"] == {}
