"""Segments by behaviour: purchases (won deals), amount spent, last interaction and engagement,
counted with the reader's own view of deals and activities."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models.clock import FrozenClock
from models.contact import Contact
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

CREATE = """
mutation($in: SegmentInput!) { segmentCreate(input: $in) {
  id behaviour count contacts { edges { node { firstName } } } } }
"""
UPDATE = "mutation($in: SegmentUpdateInput!) { segmentUpdate(input: $in) { behaviour count } }"
COUNT = "query($id: ID!) { node(id: $id) { ... on Segment { count } } }"


async def _customers(owner: Account, clock: FrozenClock) -> None:
    """Ada: two won deals (100 + 200). Bob: one won (50), one lost (900). Cy: a call 40 days
    ago. Di: three calls this week."""
    sales = await crm.department("Sales")
    stage = await crm.first_stage(await crm.pipeline())
    people = {}
    for name in ("Ada", "Bob", "Cy", "Di"):
        people[name] = await crm.contact(owner.user, sales, first_name=name, email=None)
    for who, amount, status in (
        ("Ada", "100.00", "won"),
        ("Ada", "200.00", "won"),
        ("Bob", "50.00", "won"),
        ("Bob", "900.00", "lost"),
    ):
        await crm.deal(
            owner.user, sales, stage=stage, contact=people[who], amount=amount, status=status
        )
    now = clock.now()
    await crm.activity(
        owner.user, sales, contact=people["Cy"], occurred_at=now - timedelta(days=40)
    )
    for days in (1, 2, 3):
        await crm.activity(
            owner.user, sales, contact=people["Di"], occurred_at=now - timedelta(days=days)
        )


async def _segment(api: GraphQLClient, token: str, behaviour: dict[str, Any]) -> dict[str, Any]:
    data = await api.ok(
        CREATE, {"in": {"name": "S", "filter": {}, "behaviour": behaviour}}, token=token
    )
    return dict(data["segmentCreate"])


def _names(segment: dict[str, Any]) -> list[str]:
    return sorted(e["node"]["firstName"] for e in segment["contacts"]["edges"])


async def test_segments_by_purchases_and_spending(api: GraphQLClient, clock: FrozenClock) -> None:
    owner = await signed_in(api, "owner")
    await _customers(owner, clock)

    buyers = await _segment(api, owner.access_token, {"purchasesGte": 1})
    repeat = await _segment(api, owner.access_token, {"purchasesGte": 2})
    big = await _segment(api, owner.access_token, {"spentGte": "250"})

    assert _names(buyers) == ["Ada", "Bob"]
    assert _names(repeat) == ["Ada"]
    assert _names(big) == ["Ada"] and big["behaviour"] == {"spentGte": "250"}


async def test_segments_by_last_interaction_and_engagement(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    await _customers(owner, clock)
    week_ago = (clock.now() - timedelta(days=7)).isoformat()
    month_ago = (clock.now() - timedelta(days=30)).isoformat()

    recent = await _segment(api, owner.access_token, {"lastInteractionAfter": week_ago})
    quiet = await _segment(api, owner.access_token, {"lastInteractionBefore": month_ago})
    engaged = await _segment(
        api, owner.access_token, {"engagementDays": 7, "engagementActivitiesGte": 3}
    )

    assert _names(recent) == ["Di"]
    assert _names(quiet) == ["Ada", "Bob", "Cy"]
    assert _names(engaged) == ["Di"]


async def test_counts_follow_new_purchases_live(api: GraphQLClient, clock: FrozenClock) -> None:
    owner = await signed_in(api, "owner")
    await _customers(owner, clock)
    buyers = await _segment(api, owner.access_token, {"purchasesGte": 1})
    di = await Contact.get(first_name="Di")

    await crm.deal(owner.user, contact=di, status="won")
    later = await api.ok(COUNT, {"id": buyers["id"]}, token=owner.access_token)
    cleared = await api.ok(
        UPDATE, {"in": {"id": buyers["id"], "behaviour": None}}, token=owner.access_token
    )

    assert buyers["count"] == 2 and later["node"]["count"] == 3
    assert cleared["segmentUpdate"] == {"behaviour": None, "count": 4}


async def test_a_reader_without_deal_amounts_cannot_count_spending(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    await _customers(owner, clock)
    segment = await _segment(api, owner.access_token, {"spentGte": "10"})
    buyers = await _segment(api, owner.access_token, {"purchasesGte": 1})
    role = await custom_role(
        "No Money",
        30,
        {
            "contact": grant(["read"], fields={"firstName": "read", "lastName": "read"}),
            "deal": grant(
                ["read"], "own", "own", {"title": "read", "status": "read", "contact": "read"}
            ),
            "segment": grant(
                ["read"], fields={"name": "read", "filter": "read", "behaviour": "read"}
            ),
        },
    )
    reader = await signed_in(api, role, email="nomoney@acme.test")

    refused = await api.error(COUNT, {"id": segment["id"]}, token=reader.access_token)
    own_view = await api.ok(COUNT, {"id": buyers["id"]}, token=reader.access_token)

    assert refused["extensions"]["code"] == "FORBIDDEN"
    # The reader sees only its own deals (none): nobody has bought anything as far as it knows.
    assert own_view["node"]["count"] == 0


async def test_a_bad_condition_is_refused_naming_it(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    error = await api.error(
        CREATE,
        {"in": {"name": "S", "filter": {}, "behaviour": {"engagementDays": 7}}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "behaviour"}
