"""Deals and tasks created, updated, moved and deleted, heard live by three roles and an
outsider, each exactly as far as its role template allows (comments: test_comment_events.py).

Every subscriber's stream is read to a sentinel it is known to hear; delivery is in order, so
anything unexpected before the sentinel shows up as a mismatch.
"""

from __future__ import annotations

from typing import Any

from models.pipeline import Stage
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import Subscriber, subscribed

EVENTS = """
subscription {
  recordEvents(objects: [DEAL, TASK], after: "0") {
    kind object changedFields record { ... on Deal { title } ... on Task { title } }
  }
}
"""
DEAL_CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"
DEAL_UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"
DEAL_MOVE = "mutation($input: DealMoveInput!) { dealMove(input: $input) { id } }"
DEAL_DELETE = "mutation($id: ID!) { dealDelete(id: $id) }"
TASK_CREATE = "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }"
TASK_UPDATE = "mutation($input: TaskUpdateInput!) { taskUpdate(input: $input) { id } }"
TASK_DELETE = "mutation($id: ID!) { taskDelete(id: $id) }"


async def _read_until(heard: Subscriber, sentinel: str) -> list[dict[str, Any]]:
    events = []
    while True:
        event = (await heard.next())["recordEvents"]
        events.append(event)
        if (event["record"] or {}).get("title") == sentinel:
            return events


def _summary(events: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [(e["kind"], e["object"], (e["record"] or {}).get("title")) for e in events]


async def test_each_role_hears_deals_and_tasks_as_far_as_it_may_see(
    api: GraphQLClient, ws_url: str
) -> None:
    sales, support = await crm.department("Sales"), await crm.department("Support")
    owner = await signed_in(api, "owner")
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    marketer = await signed_in(api, "marketing", department="Marketing")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Support")
    pipe = await crm.pipeline(stages=("New", "Won"))
    new, won = [crm.gid(s) for s in await Stage.filter(pipeline_id=pipe.id).order_by("position")]
    token = owner.access_token

    async def deal(title: str, department: Any) -> str:
        data = {"title": title, "stageId": new, "amount": "500", "cost": "100"}
        data["departmentId"] = crm.gid(department)
        made = await api.ok(DEAL_CREATE, {"input": data}, token=token)
        return str(made["dealCreate"]["id"])

    subscribers = {
        "manager": subscribed(ws_url, manager.access_token, EVENTS),
        "seller": subscribed(ws_url, seller.access_token, EVENTS),
        "marketer": subscribed(ws_url, marketer.access_token, EVENTS),
        "outsider": subscribed(ws_url, outsider.access_token, EVENTS),
    }
    async with (
        subscribers["manager"] as by_manager,
        subscribers["seller"] as by_seller,
        subscribers["marketer"] as by_marketer,
        subscribers["outsider"] as by_outsider,
    ):
        boxes = await deal("Boxes", sales)
        await api.ok(DEAL_UPDATE, {"input": {"id": boxes, "cost": "200"}}, token=token)
        await api.ok(
            DEAL_UPDATE, {"input": {"id": boxes, "title": "Crates", "amount": "900"}}, token=token
        )
        await api.ok(
            DEAL_MOVE, {"input": {"id": boxes, "stageId": won, "position": 0}}, token=token
        )
        await api.ok(DEAL_DELETE, {"id": boxes}, token=token)
        await deal("Far away", support)
        made = await api.ok(
            TASK_CREATE,
            {"input": {"title": "Call", "assigneeId": crm.gid(seller.user)}},
            token=token,
        )
        task = made["taskCreate"]["id"]
        await api.ok(TASK_UPDATE, {"input": {"id": task, "title": "Call back"}}, token=token)
        await api.ok(TASK_DELETE, {"id": task}, token=token)
        await deal("End", sales)
        await deal("End far", support)
        heard = {
            "manager": await _read_until(by_manager, "End"),
            "seller": await _read_until(by_seller, "End"),
            "marketer": await _read_until(by_marketer, "End far"),
            "outsider": await _read_until(by_outsider, "End far"),
        }

    sales_deal = [
        ("CREATED", "DEAL", "Boxes"),
        ("UPDATED", "DEAL", "Crates"),
        ("MOVED", "DEAL", "Crates"),
        ("DELETED", "DEAL", None),
    ]
    tasks = [
        ("CREATED", "TASK", "Call"),
        ("UPDATED", "TASK", "Call back"),
        ("DELETED", "TASK", None),
    ]
    # The cost-only update reaches only the manager, who may read cost.
    assert _summary(heard["manager"]) == [
        sales_deal[0],
        ("UPDATED", "DEAL", "Boxes"),
        *sales_deal[1:],
        *tasks,
        ("CREATED", "DEAL", "End"),
    ]
    assert _summary(heard["seller"]) == [*sales_deal, *tasks, ("CREATED", "DEAL", "End")]
    # Marketing reads every deal (no money) and only its own tasks: none here.
    assert _summary(heard["marketer"]) == [
        *sales_deal,
        ("CREATED", "DEAL", "Far away"),
        ("CREATED", "DEAL", "End"),
        ("CREATED", "DEAL", "End far"),
    ]
    assert _summary(heard["outsider"]) == [
        ("CREATED", "DEAL", "Far away"),
        ("CREATED", "DEAL", "End far"),
    ]

    def changed(who: str, index: int) -> set[str]:
        return set(heard[who][index]["changedFields"])

    assert changed("manager", 1) >= {"cost", "margin"}
    assert changed("manager", 2) >= {"title", "amount", "margin"}
    assert changed("seller", 1) >= {"title", "amount"}
    assert not changed("seller", 1) & {"cost", "margin"}
    assert changed("marketer", 1) == {"title"}
    for who, events in heard.items():
        for event in events:
            if event["kind"] == "CREATED" and who != "manager":
                assert not set(event["changedFields"]) & {"cost", "margin"}
