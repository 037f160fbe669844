"""commentEvents over a real websocket: a record's discussion, heard while one may see it."""

from __future__ import annotations

import pytest
from gql.transport.exceptions import TransportQueryError

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

COMMENT_EVENTS = """
subscription($targetId: ID!, $after: String) {
  commentEvents(targetId: $targetId, after: $after) {
    kind object changedFields record { ... on Comment { body } }
  }
}
"""
RECORD_EVENTS = "subscription { recordEvents(objects: [COMMENT]) { kind } }"
CREATE = "mutation($input: CommentCreateInput!) { commentCreate(input: $input) { id } }"
UPDATE = "mutation($input: CommentUpdateInput!) { commentUpdate(input: $input) { id } }"
DELETE = "mutation($id: ID!) { commentDelete(id: $id) }"
DEAL_UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"


async def _comment(api: GraphQLClient, token: str, target: str, body: str) -> str:
    made = await api.ok(CREATE, {"input": {"targetId": target, "body": body}}, token=token)
    return str(made["commentCreate"]["id"])


async def test_three_roles_hear_a_deals_discussion_created_edited_and_deleted(
    api: GraphQLClient, ws_url: str
) -> None:
    sales = await crm.department("Sales")
    owner = await signed_in(api, "owner")
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    deal = crm.gid(await crm.deal(manager.user, sales, title="Boxes"))
    variables = {"targetId": deal, "after": "0"}

    async with (
        subscribed(ws_url, owner.access_token, COMMENT_EVENTS, variables) as by_owner,
        subscribed(ws_url, manager.access_token, COMMENT_EVENTS, variables) as by_manager,
        subscribed(ws_url, seller.access_token, COMMENT_EVENTS, variables) as by_seller,
    ):
        comment = await _comment(api, manager.access_token, deal, "Call them Monday")
        await api.ok(
            UPDATE, {"input": {"id": comment, "body": "Call Tuesday"}}, token=manager.access_token
        )
        await api.ok(DELETE, {"id": comment}, token=manager.access_token)
        heard = {
            name: [(await who.next())["commentEvents"] for _ in range(3)]
            for name, who in (("owner", by_owner), ("manager", by_manager), ("seller", by_seller))
        }

    for events in heard.values():
        created, edited, deleted = events
        assert created == {
            "kind": "CREATED",
            "object": "COMMENT",
            "changedFields": created["changedFields"],
            "record": {"body": "Call them Monday"},
        }
        assert (edited["kind"], edited["changedFields"]) == ("UPDATED", ["body"])
        assert edited["record"] == {"body": "Call Tuesday"}
        assert (deleted["kind"], deleted["record"]) == ("DELETED", None)


async def test_a_record_outside_ones_scope_cannot_be_followed(
    api: GraphQLClient, ws_url: str
) -> None:
    support = await crm.department("Support")
    outsider = await signed_in(api, "salesperson", department="Sales")
    colleague = await signed_in(api, "salesperson", email="far@acme.test", department="Support")
    deal = crm.gid(await crm.deal(colleague.user, support, title="Theirs"))

    async with subscribed(
        ws_url, outsider.access_token, COMMENT_EVENTS, {"targetId": deal}
    ) as heard:
        with pytest.raises(TransportQueryError) as refused:
            await heard.next()
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_comments_are_not_heard_through_record_events(
    api: GraphQLClient, ws_url: str
) -> None:
    seller = await signed_in(api, "salesperson")
    async with subscribed(ws_url, seller.access_token, RECORD_EVENTS) as heard:
        with pytest.raises(TransportQueryError) as refused:
            await heard.next()
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_record_moved_out_of_scope_falls_silent_and_is_heard_again_on_return(
    api: GraphQLClient, ws_url: str
) -> None:
    sales, support = await crm.department("Sales"), await crm.department("Support")
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    deal = crm.gid(await crm.deal(owner.user, sales, title="Boxes"))

    async with subscribed(
        ws_url, seller.access_token, COMMENT_EVENTS, {"targetId": deal, "after": "0"}
    ) as heard:
        await _comment(api, owner.access_token, deal, "Before")
        await api.ok(
            DEAL_UPDATE,
            {"input": {"id": deal, "departmentId": crm.gid(support)}},
            token=owner.access_token,
        )
        await _comment(api, owner.access_token, deal, "While away: secret")
        await api.ok(
            DEAL_UPDATE,
            {"input": {"id": deal, "departmentId": crm.gid(sales)}},
            token=owner.access_token,
        )
        await _comment(api, owner.access_token, deal, "After")
        bodies = [(await heard.next())["commentEvents"]["record"]["body"] for _ in range(2)]

    # Delivery is in order: "After" right behind "Before" means the middle one was held back.
    assert bodies == ["Before", "After"]
