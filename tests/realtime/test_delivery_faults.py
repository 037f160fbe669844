"""Delivery survives the broker: Redis killed and restarted during a stream of 1,000 changes.

Every subscriber ends with every event, in order, none twice: events committed while Redis is
down are numbered in the outbox and reach subscribers through the catch-up path.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.services import PrivateRedis
from tests.support.subscriber import Subscriber, subscribed

CHANGES = 1000
EVENTS = """
subscription { recordEvents(objects: [DEAL], after: "0") { cursor kind changedFields } }
"""
RENAME = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { version } }"


@pytest.fixture
def settings_overrides(private_redis: PrivateRedis) -> dict[str, Any]:
    # A quick outbox poll: while the broker is away it is the only way events arrive.
    return {"broadcast_url": private_redis.url, "event_poll_seconds": 0.05}


async def _collect(subscriber: Subscriber, count: int) -> list[int]:
    cursors = []
    for _ in range(count):
        cursors.append(int((await subscriber.next())["recordEvents"]["cursor"]))
    return cursors


async def test_every_subscriber_gets_all_events_in_order_across_a_redis_restart(
    api: GraphQLClient, ws_url: str, private_redis: PrivateRedis
) -> None:
    owner = await signed_in(api, "owner")
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user, await crm.department("Sales"), title="T")
    deal_id = crm.gid(deal)

    async with (
        subscribed(ws_url, owner.access_token, EVENTS) as a,
        subscribed(ws_url, manager.access_token, EVENTS) as b,
        subscribed(ws_url, seller.access_token, EVENTS) as c,
    ):
        for i in range(CHANGES):
            if i == CHANGES * 3 // 10:
                await asyncio.to_thread(private_redis.stop)
            if i == CHANGES * 6 // 10:
                await asyncio.to_thread(private_redis.start)
            await api.ok(
                RENAME, {"input": {"id": deal_id, "title": f"T{i}"}}, token=owner.access_token
            )
        received = [await _collect(s, CHANGES) for s in (a, b, c)]

    for cursors in received:
        assert cursors == list(range(1, CHANGES + 1))
