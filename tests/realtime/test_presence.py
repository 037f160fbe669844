"""Presence: who views or edits a record, with heartbeats and a TTL; only on visible records."""

from __future__ import annotations

from models.clock import FrozenClock
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import Subscriber, subscribed

WATCH = """
subscription($id: ID!) { presence(resourceId: $id) { resourceId present { state user { name } } } }
"""
BEAT = """
mutation($id: ID!, $state: PresenceState!) { presenceHeartbeat(resourceId: $id, state: $state) }
"""


async def _present(heard: Subscriber) -> list[tuple[str, str]]:
    update = (await heard.next())["presence"]
    return [(p["user"]["name"], p["state"]) for p in update["present"]]


async def test_joining_editing_and_leaving_are_pushed_to_watchers(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    deal = crm.gid(await crm.deal(seller.user, await crm.department("Sales")))

    async with subscribed(ws_url, owner.access_token, WATCH, {"id": deal}) as heard:
        assert await _present(heard) == []
        seen = []
        # One at a time: a watcher is sent the current list, so beats sent faster than it
        # reads may reach it as one update (the latest state).
        for state in ("VIEWING", "EDITING", "LEFT"):
            await api.ok(BEAT, {"id": deal, "state": state}, token=seller.access_token)
            seen.append(await _present(heard))

    assert seen == [[("Salesperson", "VIEWING")], [("Salesperson", "EDITING")], []]


async def test_a_viewer_without_heartbeats_drops_out_after_the_ttl(
    api: GraphQLClient, ws_url: str, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    deal = crm.gid(await crm.deal(seller.user, await crm.department("Sales")))
    await api.ok(BEAT, {"id": deal, "state": "VIEWING"}, token=seller.access_token)

    clock.advance(seconds=31)
    async with subscribed(ws_url, owner.access_token, WATCH, {"id": deal}) as heard:
        assert await _present(heard) == []
        await api.ok(BEAT, {"id": deal, "state": "VIEWING"}, token=owner.access_token)
        assert await _present(heard) == [("Owner", "VIEWING")]


async def test_presence_on_a_record_out_of_scope_is_not_found(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Support")
    hidden = await crm.deal(outsider.user, await crm.department("Support"))

    error = await api.error(
        BEAT, {"id": crm.gid(hidden), "state": "VIEWING"}, token=seller.access_token
    )

    assert error["extensions"]["code"] == "NOT_FOUND"
