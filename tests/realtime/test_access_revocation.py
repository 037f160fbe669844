"""A subscriber whose access is revoked stops receiving within one event: role change, record
assigned away, deactivation. And the legacy graphql-ws protocol carries the same events."""

from __future__ import annotations

import pytest
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from tests.support import crm
from tests.support.accounts import role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

EVENTS = """
subscription {
  recordEvents(objects: [DEAL], after: "0") { cursor kind record { ... on Deal { title } } }
}
"""
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"
RENAME = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"
USER_UPDATE = "mutation($input: UserUpdateInput!) { userUpdate(input: $input) { id } }"
DEACTIVATE = "mutation($id: ID!) { userDeactivate(id: $id) { id } }"
ASSIGN = "mutation($input: RecordsAssignInput!) { recordsAssign(input: $input) { id } }"


async def _title(api: GraphQLClient, token: str, deal: str, title: str) -> None:
    await api.ok(RENAME, {"input": {"id": deal, "title": title}}, token=token)


async def test_a_role_change_applies_from_the_next_event(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    support_role = await role_id(api, "support")
    deal = crm.gid(await crm.deal(seller.user, await crm.department("Sales"), title="A"))

    async with subscribed(ws_url, seller.access_token, EVENTS) as heard:
        await _title(api, owner.access_token, deal, "Seen")
        seen = (await heard.next())["recordEvents"]
        await api.ok(
            USER_UPDATE,
            {"input": {"id": crm.gid(seller.user), "roleId": support_role}},
            token=owner.access_token,
        )
        await _title(api, owner.access_token, deal, "Not seen: Support reads no deals")
        await api.ok(
            CREATE,
            {"input": {"title": "Still not seen", "stageId": crm.gid(await _stage())}},
            token=owner.access_token,
        )
        # The subscription is quiet now; a role that reads deals again would hear the next.
        await api.ok(
            USER_UPDATE,
            {"input": {"id": crm.gid(seller.user), "roleId": await role_id(api, "manager")}},
            token=owner.access_token,
        )
        await _title(api, owner.access_token, deal, "Seen again")
        again = (await heard.next())["recordEvents"]

    assert seen["record"] == {"title": "Seen"}
    assert again["record"] == {"title": "Seen again"}


async def _stage() -> object:
    from models.pipeline import Stage

    return await Stage.all().order_by("id").first()


async def test_a_record_assigned_away_is_no_longer_heard(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Support")
    sales = await crm.department("Sales")
    mine = crm.gid(await crm.deal(seller.user, sales, title="Mine"))
    other = crm.gid(await crm.deal(seller.user, sales, title="Other"))

    async with subscribed(ws_url, seller.access_token, EVENTS) as heard:
        await api.ok(
            ASSIGN,
            {"input": {"ids": [mine], "ownerId": crm.gid(outsider.user)}},
            token=owner.access_token,
        )
        await _title(api, owner.access_token, mine, "Gone to Support")
        await _title(api, owner.access_token, other, "Still mine")
        left, event = [(await heard.next())["recordEvents"] for _ in range(2)]

    # Told once that it left (nothing of it), then nothing more of it: the rename is not heard.
    assert (left["kind"], left["record"]) == ("LEFT_VIEW", None)
    assert event["record"] == {"title": "Still mine"}


async def test_deactivation_ends_the_subscription(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")

    async with subscribed(ws_url, seller.access_token, EVENTS) as heard:
        await api.ok(DEACTIVATE, {"id": crm.gid(seller.user)}, token=owner.access_token)
        with pytest.raises(
            (TransportQueryError, AssertionError, ConnectionError, Exception)
        ) as ended:
            await heard.next()

    assert not isinstance(ended.value, TimeoutError)


async def test_the_legacy_graphql_ws_protocol_carries_events(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    stage = await crm.first_stage(await crm.pipeline())
    await api.ok(
        CREATE, {"input": {"title": "Legacy", "stageId": crm.gid(stage)}}, token=owner.access_token
    )
    transport = WebsocketsTransport(
        url=ws_url,
        init_payload={"Authorization": f"Bearer {owner.access_token}"},
        subprotocols=[WebsocketsTransport.APOLLO_SUBPROTOCOL],
    )

    async with Client(transport=transport) as session:
        async for result in session.subscribe(gql(EVENTS)):
            event = result["recordEvents"]
            break

    assert event["record"] == {"title": "Legacy"}
