"""Record events over a real websocket: scoped and redacted per subscriber, replayable.

Subscriptions start with ``after: "0"``: the outbox replays from the beginning of this test's
clean database, so no event can slip between subscribing and acting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import websockets
from gql.transport.exceptions import TransportQueryError
from tortoise.transactions import in_transaction

from models.clock import FrozenClock
from models.deal import Deal
from models.record_actions import Change, create_record
from realtime import fanout
from realtime.relay import prune
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

PIPELINE_EVENTS = """
subscription($pipelineId: ID!, $after: String) {
  pipelineEvents(pipelineId: $pipelineId, after: $after) {
    cursor kind object recordId changedFields
    record { ... on Deal { title } }
  }
}
"""
RECORD_EVENTS = """
subscription($after: String) {
  recordEvents(objects: [DEAL], after: $after) { cursor kind recordId changedFields }
}
"""
CREATE = """
mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }
"""
UPDATE = """
mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }
"""
DELETE = "mutation($id: ID!) { dealDelete(id: $id) }"


async def test_a_salesperson_hears_department_deals_without_cost(
    api: GraphQLClient, ws_url: str
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    pipe = await crm.pipeline(stages=("New", "Proposal"))
    stages = [s async for s in _stages(pipe)]
    variables = {"pipelineId": crm.gid(pipe), "after": "0"}

    async with subscribed(ws_url, seller.access_token, PIPELINE_EVENTS, variables) as heard:
        created = await api.ok(
            CREATE,
            {"input": {"title": "Boxes", "stageId": crm.gid(stages[0]), "cost": "123.45"}},
            token=manager.access_token,
        )
        deal = created["dealCreate"]["id"]
        await api.ok(UPDATE, {"input": {"id": deal, "cost": "200.00"}}, token=manager.access_token)
        await api.ok(
            UPDATE,
            {"input": {"id": deal, "title": "Crates", "cost": "300.00"}},
            token=manager.access_token,
        )
        await api.ok(
            UPDATE,
            {"input": {"id": deal, "stageId": crm.gid(stages[1])}},
            token=manager.access_token,
        )
        await api.ok(DELETE, {"id": deal}, token=manager.access_token)

        events = [(await heard.next())["pipelineEvents"] for _ in range(4)]

    assert [e["kind"] for e in events] == ["CREATED", "UPDATED", "MOVED", "DELETED"]
    created_event, renamed, moved, deleted = events
    assert (
        "cost" not in created_event["changedFields"] and "title" in created_event["changedFields"]
    )
    # The cost-only update was dropped; the next one names only what the seller may read.
    assert renamed["changedFields"] == ["title"]
    assert renamed["record"] == {"title": "Crates"}
    assert "stage" in moved["changedFields"]
    assert deleted["record"] is None
    assert "123.45" not in str(events) and "300" not in str(events)


async def test_deals_outside_the_subscribers_scope_are_not_heard(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    support = await crm.department("Support")
    sales = await crm.department("Sales")
    stage = await crm.first_stage(await crm.pipeline())

    async with subscribed(ws_url, seller.access_token, RECORD_EVENTS, {"after": "0"}) as heard:
        for title, dept in (("Elsewhere", support), ("Here", sales)):
            await api.ok(
                CREATE,
                {
                    "input": {
                        "title": title,
                        "stageId": crm.gid(stage),
                        "departmentId": crm.gid(dept),
                    }
                },
                token=owner.access_token,
            )
        first = (await heard.next())["recordEvents"]

    data = await api.ok(
        '{ deals(filter: { search: "Here" }) { edges { node { id } } } }',
        token=owner.access_token,
    )
    assert first["kind"] == "CREATED"
    assert first["recordId"] == data["deals"]["edges"][0]["node"]["id"]


async def test_resuming_after_a_cursor_replays_the_rest_once(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    stage = await crm.first_stage(await crm.pipeline())
    for i in range(5):
        await api.ok(
            CREATE,
            {"input": {"title": f"D{i}", "stageId": crm.gid(stage)}},
            token=owner.access_token,
        )
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "0"}) as heard:
        first_two = [(await heard.next())["recordEvents"] for _ in range(2)]

    resume = {"after": first_two[-1]["cursor"]}
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, resume) as heard:
        await api.ok(
            CREATE,
            {"input": {"title": "Live", "stageId": crm.gid(stage)}},
            token=owner.access_token,
        )
        rest = [(await heard.next())["recordEvents"] for _ in range(4)]

    cursors = [int(e["cursor"]) for e in first_two + rest]
    assert cursors == list(range(1, 7))


async def _stages(pipe: object) -> AsyncIterator[object]:
    from models.pipeline import Stage

    for stage in await Stage.filter(pipeline_id=pipe.id).order_by("position"):  # type: ignore[attr-defined]
        yield stage


SELECTING_COST = """
subscription($pipelineId: ID!) {
  pipelineEvents(pipelineId: $pipelineId, after: "0") {
    changedFields record { ... on Deal { title cost { amount } margin { amount } } }
  }
}
"""


async def test_a_subscription_selecting_a_hidden_field_gets_it_refused_and_never_sent(
    api: GraphQLClient, ws_url: str
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    pipe = await crm.pipeline()
    stage = await crm.first_stage(pipe)
    await api.ok(
        CREATE,
        {"input": {"title": "Boxes", "stageId": crm.gid(stage), "cost": "123.45"}},
        token=manager.access_token,
    )

    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        init = {"Authorization": f"Bearer {seller.access_token}"}
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await socket.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {
                        "query": SELECTING_COST,
                        "variables": {"pipelineId": crm.gid(pipe)},
                    },
                }
            )
        )
        frame = await asyncio.wait_for(socket.recv(), 10)

    message = json.loads(frame)
    assert message["type"] == "next"
    event = message["payload"]["data"]["pipelineEvents"]
    assert event["record"] == {"title": "Boxes", "cost": None, "margin": None}
    assert "cost" not in event["changedFields"]
    assert {e["extensions"]["code"] for e in message["payload"]["errors"]} == {"FORBIDDEN"}
    assert "123.45" not in str(frame)


async def test_a_rolled_back_change_publishes_nothing(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    stage = await crm.first_stage(await crm.pipeline())
    values = {"title": "Never", "stage_id": stage.id, "pipeline_id": stage.pipeline_id}
    change = Change("deal", None, lambda row: ["deal"])
    # A change whose event row is written, inside a transaction that then rolls back.
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await create_record(Deal, values, lambda row: None, change)
            raise RuntimeError("roll back")

    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "0"}) as heard:
        await api.ok(
            CREATE,
            {"input": {"title": "Kept", "stageId": crm.gid(stage)}},
            token=owner.access_token,
        )
        first = (await heard.next())["recordEvents"]

    assert first["kind"] == "CREATED" and first["cursor"] == "1"
    kept = await Deal.get(title="Kept")
    assert first["recordId"] == crm.gid(kept)
    assert not await Deal.filter(title="Never").exists()


async def test_a_cursor_older_than_the_kept_events_is_refused(
    api: GraphQLClient, ws_url: str, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    clock.advance(days=-8)  # the first two changes happened eight days ago
    for title in ("Old 1", "Old 2"):
        await api.ok(
            CREATE, {"input": {"title": title, "stageId": stage}}, token=owner.access_token
        )
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "0"}) as heard:
        old = [(await heard.next())["recordEvents"]["cursor"] for _ in range(2)]
    clock.advance(days=8)
    await api.ok(CREATE, {"input": {"title": "New", "stageId": stage}}, token=owner.access_token)
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "2"}) as heard:
        kept = (await heard.next())["recordEvents"]["cursor"]

    await prune(timedelta(days=7))

    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "1"}) as heard:
        with pytest.raises(TransportQueryError) as refused:
            await heard.next()
    assert (old, kept) == (["1", "2"], "3")
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


async def test_pruning_everything_old_never_reuses_a_cursor(
    api: GraphQLClient, ws_url: str, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    clock.advance(days=-8)
    await api.ok(CREATE, {"input": {"title": "Old", "stageId": stage}}, token=owner.access_token)
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "0"}) as heard:
        await heard.next()
    clock.advance(days=8)

    await prune(timedelta(days=7))
    await api.ok(CREATE, {"input": {"title": "New", "stageId": stage}}, token=owner.access_token)

    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, {"after": "1"}) as heard:
        assert (await heard.next())["recordEvents"]["cursor"] == "2"


async def test_redaction_is_done_once_per_role_not_per_subscriber(
    api: GraphQLClient, ws_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = await signed_in(api, "owner")
    sellers = [await signed_in(api, "salesperson", email=f"seller{i}@acme.test") for i in range(4)]
    stage = await crm.first_stage(await crm.pipeline())
    calls: list[str] = []
    real = fanout._redact

    def counting(envelope: Any, spec: Any, grant: Any) -> Any:
        calls.append(envelope.object)
        return real(envelope, spec, grant)

    monkeypatch.setattr(fanout, "_redact", counting)

    async with contextlib.AsyncExitStack() as stack:
        heard = [
            await stack.enter_async_context(
                subscribed(ws_url, account.access_token, RECORD_EVENTS, {"after": "0"})
            )
            for account in [owner, *sellers]
        ]
        await api.ok(
            CREATE,
            {"input": {"title": "Once", "stageId": crm.gid(stage)}},
            token=owner.access_token,
        )
        for subscriber in heard:
            await subscriber.next()

    # Five subscribers, two roles: two redactions.
    assert calls == ["deal", "deal"]


async def test_a_deal_moved_out_of_scope_is_announced_as_left_view_then_heard_on_return(
    api: GraphQLClient, ws_url: str
) -> None:
    sales, support = await crm.department("Sales"), await crm.department("Support")
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(owner.user, sales, title="Boxes")
    pipe = crm.gid(await deal.pipeline)
    variables = {"pipelineId": pipe, "after": "0"}
    move = {"input": {"id": crm.gid(deal), "departmentId": crm.gid(support)}}
    back = {"input": {"id": crm.gid(deal), "departmentId": crm.gid(sales)}}

    async with (
        subscribed(ws_url, seller.access_token, PIPELINE_EVENTS, variables) as by_seller,
        subscribed(ws_url, owner.access_token, PIPELINE_EVENTS, variables) as by_owner,
    ):
        await api.ok(UPDATE, move, token=owner.access_token)
        await api.ok(
            UPDATE, {"input": {"id": crm.gid(deal), "title": "Secret"}}, token=owner.access_token
        )
        await api.ok(UPDATE, back, token=owner.access_token)
        seller_heard = [(await by_seller.next())["pipelineEvents"] for _ in range(2)]
        owner_heard = [(await by_owner.next())["pipelineEvents"] for _ in range(3)]

    left, returned = seller_heard
    assert (left["kind"], left["record"], left["changedFields"]) == ("LEFT_VIEW", None, [])
    assert left["recordId"] == crm.gid(deal)
    assert returned["kind"] == "UPDATED"
    assert returned["record"] == {"title": "Secret"}  # the current record, as it came back
    assert "department" in returned["changedFields"]
    assert [e["kind"] for e in owner_heard] == ["UPDATED", "UPDATED", "UPDATED"]


async def test_records_assigned_away_are_announced_as_left_view(
    api: GraphQLClient, ws_url: str
) -> None:
    sales = await crm.department("Sales")
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    far = await signed_in(api, "salesperson", email="far@acme.test", department="Support")
    deal = await crm.deal(seller.user, sales, title="Boxes")
    variables = {"pipelineId": crm.gid(await deal.pipeline), "after": "0"}

    async with subscribed(ws_url, seller.access_token, PIPELINE_EVENTS, variables) as heard:
        await api.ok(
            "mutation($in: RecordsAssignInput!) { recordsAssign(input: $in) { id } }",
            {"in": {"ids": [crm.gid(deal)], "ownerId": crm.gid(far.user)}},
            token=owner.access_token,
        )
        event = (await heard.next())["pipelineEvents"]

    assert (event["kind"], event["record"]) == ("LEFT_VIEW", None)
