"""The offline-sync client example, run as a process against a real server and websocket: it
keeps a local copy in sync across restarts, shows a replay only once caught up, and sends the
edits queued offline with their version, reporting conflicts."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from tests.support.subscriber import delivered

EXAMPLE = Path(__file__).parents[2] / "client-examples" / "offline_sync.py"
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"
UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id version } }"
DELETE = "mutation($id: ID!) { dealDelete(id: $id) }"
READ = "query($id: ID!) { node(id: $id) { ... on Deal { title status version } } }"


@pytest.fixture
async def base_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base


async def _example(*args: str, ok: bool = True) -> str:
    """Run the example; its output (stdout, or stderr when it is expected to fail)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-u",  # unbuffered: what it printed is there even if it fails
        str(EXAMPLE),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert (process.returncode == 0) is ok, err.decode()
    return out.decode() if ok else err.decode()


async def _relayed(base_url: str, owner: Account, count: int) -> None:
    """The first ``count`` deal events are in the server's stream: a resume replays them."""
    await delivered(base_url.replace("http://", "ws://") + "/graphql", owner.access_token, count)


async def _sync(base_url: str, who: Account, store: Path, *args: str) -> str:
    login = ("--email", who.email, "--password", who.password)
    return await _example("--url", base_url, *login, "--store", str(store), *args)


async def _edit(store: Path, deal: str, *pairs: str, ok: bool = True) -> str:
    """An edit made offline: no --url, no sign-in, nothing reaches a server."""
    return await _example("--store", str(store), "--edit", deal, *pairs, ok=ok)


def _local(store: Path) -> dict[str, Any]:
    return dict(json.loads(store.read_text()))


def _reports(output: str, outcome: str) -> list[dict[str, Any]]:
    prefix = f"{outcome} "
    return [
        json.loads(line[len(prefix) :]) for line in output.splitlines() if line.startswith(prefix)
    ]


async def test_a_restarted_client_catches_up_from_its_saved_cursor(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    store = tmp_path / "deals.json"
    await api.ok(CREATE, {"input": {"title": "First", "stageId": stage}}, token=owner.access_token)
    await _relayed(base_url, owner, 1)
    await _sync(base_url, owner, store, "--once")
    # While the client is away:
    await api.ok(CREATE, {"input": {"title": "Second", "stageId": stage}}, token=owner.access_token)
    await _relayed(base_url, owner, 2)

    output = await _sync(base_url, owner, store, "--once")

    state = _local(store)
    assert state["cursor"] == "2"
    assert sorted(d["title"] for d in state["deals"].values()) == ["First", "Second"]
    assert output.startswith("caught up at 2: 2 deals")


async def test_a_live_event_after_the_catch_up_is_shown_as_it_comes(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    store = tmp_path / "deals.json"
    await _sync(base_url, owner, store, "--once")
    login = ("--email", owner.email, "--password", owner.password)
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-u", str(EXAMPLE), "--url", base_url, *login),
        *("--store", str(store), "--events", "1"),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    # Caught up (subscribed): what is created now arrives live.
    first = await asyncio.wait_for(process.stdout.readline(), 30)
    assert first.decode().startswith("caught up at 0: 0 deals")
    await api.ok(CREATE, {"input": {"title": "Live", "stageId": stage}}, token=owner.access_token)

    rest, _ = await asyncio.wait_for(process.communicate(), 30)

    assert process.returncode == 0
    assert rest.decode().startswith("1 created {")
    assert [d["title"] for d in _local(store)["deals"].values()] == ["Live"]


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
    kept = {"id": crm.gid(deal), "title": "Boxes", "status": "open", "version": 1}
    store.write_text(json.dumps({"cursor": "0", "deals": {crm.gid(deal): kept}}))
    await api.ok(
        "mutation($in: RecordsAssignInput!) { recordsAssign(input: $in) { id } }",
        {"in": {"ids": [crm.gid(deal)], "ownerId": crm.gid(far.user)}},
        token=owner.access_token,
    )
    await _relayed(base_url, owner, 1)

    output = await _sync(base_url, seller, store, "--once")

    assert output.startswith("caught up at 1: 0 deals")
    assert _local(store)["deals"] == {}


async def test_a_replay_shows_only_the_values_it_ends_with(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    store = tmp_path / "deals.json"
    made = await api.ok(
        CREATE, {"input": {"title": "v1", "stageId": stage}}, token=owner.access_token
    )
    deal = made["dealCreate"]["id"]
    await _relayed(base_url, owner, 1)
    await _sync(base_url, owner, store, "--once")
    # While the client is away the deal is renamed three times, and a deal comes and goes.
    for title in ("v2", "v3", "v4"):
        await api.ok(UPDATE, {"input": {"id": deal, "title": title}}, token=owner.access_token)
    brief = await api.ok(
        CREATE, {"input": {"title": "brief", "stageId": stage}}, token=owner.access_token
    )
    await api.ok(DELETE, {"id": brief["dealCreate"]["id"]}, token=owner.access_token)
    await _relayed(base_url, owner, 6)

    output = await _sync(base_url, owner, store, "--once")

    # Everything the client showed: the state the replay ends in, nothing from its middle.
    final = {"id": deal, "status": "open", "title": "v4", "version": 4}
    assert output.splitlines() == ["caught up at 6: 1 deals", "show " + json.dumps(final)]
    assert _local(store)["deals"] == {deal: final}


async def test_an_edit_made_offline_is_sent_with_its_version_when_back_online(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    seller = await signed_in(api, "salesperson")
    deal = crm.gid(await crm.deal(seller.user, await crm.department("Sales"), title="Boxes"))
    store = tmp_path / "deals.json"
    await _sync(base_url, seller, store, "--once")

    queued = await _edit(store, deal, "title=Crates", "probability=40")

    # Shown with the edit at once; the server has not heard of it.
    assert json.loads(queued.removeprefix("queued "))["title"] == "Crates"
    assert _local(store)["queue"] == [
        {"dealId": deal, "basedOn": 1, "values": {"title": "Crates", "probability": 40}}
    ]
    before = await api.ok(READ, {"id": deal}, token=seller.access_token)
    assert before["node"] == {"title": "Boxes", "status": "open", "version": 1}

    output = await _sync(base_url, seller, store, "--once")

    assert _reports(output, "applied") == [
        {
            "dealId": deal,
            "outcome": "applied",
            "version": 2,
            "yours": {"title": "Crates", "probability": 40},
        }
    ]
    after = await api.ok(READ, {"id": deal}, token=seller.access_token)
    assert after["node"] == {"title": "Crates", "status": "open", "version": 2}
    state = _local(store)
    assert (state["queue"], state["deals"][deal]["title"]) == ([], "Crates")


async def test_a_conflicting_offline_edit_is_reported_not_applied_and_others_still_go(
    api: GraphQLClient, base_url: str, tmp_path: Path
) -> None:
    sales = await crm.department("Sales")
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    contested = crm.gid(await crm.deal(seller.user, sales, title="Boxes"))
    calm = crm.gid(await crm.deal(seller.user, sales, title="Pallets"))
    rejected = crm.gid(await crm.deal(seller.user, sales, title="Crates"))
    store = tmp_path / "deals.json"
    await _sync(base_url, seller, store, "--once")
    await _edit(store, contested, "title=Mine")
    await _edit(store, rejected, "probability=400")
    await _edit(store, calm, "title=Pallets, blue")
    # Meanwhile the manager renames the contested deal.
    await api.ok(
        UPDATE, {"input": {"id": contested, "title": "Theirs"}}, token=manager.access_token
    )

    output = await _sync(base_url, seller, store, "--once")

    assert _reports(output, "conflict") == [
        {
            "dealId": contested,
            "outcome": "conflict",
            "basedOn": 1,
            "yours": {"title": "Mine"},
            "current": {"id": contested, "title": "Theirs", "status": "open", "version": 2},
        }
    ]
    (failed,) = _reports(output, "failed")
    assert (failed["dealId"], failed["code"]) == (rejected, "BAD_USER_INPUT")
    assert [r["dealId"] for r in _reports(output, "applied")] == [calm]
    titles = {}
    for deal in (contested, calm, rejected):
        titles[deal] = (await api.ok(READ, {"id": deal}, token=seller.access_token))["node"]
    assert [titles[d]["title"] for d in (contested, calm, rejected)] == [
        "Theirs",
        "Pallets, blue",
        "Crates",
    ]
    # The local copy shows the server's values; nothing is left queued.
    state = _local(store)
    assert state["queue"] == []
    assert {d: state["deals"][d]["title"] for d in titles} == {
        contested: "Theirs",
        calm: "Pallets, blue",
        rejected: "Crates",
    }


async def test_an_edit_of_a_deal_not_in_the_local_copy_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "deals.json"
    store.write_text(json.dumps({"cursor": "0", "deals": {}, "queue": []}))

    error = await _edit(store, "RGVhbDo5OQ==", "title=Ghost", ok=False)

    assert "NOT_FOUND: no deal RGVhbDo5OQ== in the local copy" in error
    assert _local(store)["queue"] == []
