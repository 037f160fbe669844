"""Activities: logging interactions, the timeline newest first, and a record's last one."""

from __future__ import annotations

from datetime import timedelta

from models import clock
from models.activity import Activity
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

LOG = """
mutation($input: ActivityLogInput!) {
  activityLog(input: $input) { id kind subject owner { email } deal { id } }
}
"""
UPDATE = "mutation($input: ActivityUpdateInput!) { activityUpdate(input: $input) { id outcome } }"
TIMELINE = """
query($dealId: ID, $kind: String) {
  activities(filter: { dealId: $dealId, kind: $kind }) { edges { node { subject } } }
}
"""
LAST = """
{ deals { edges { node { title lastActivity { subject } } } } }
"""


async def test_a_salesperson_logs_a_call_on_a_deal_and_owns_it(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    sales = await crm.department("Sales")
    deal = await crm.deal(seller.user, sales)

    data = await api.ok(
        LOG,
        {"input": {"kind": "call", "subject": "Intro", "dealId": crm.gid(deal), "duration": 300}},
        token=seller.access_token,
    )

    logged = data["activityLog"]
    assert logged["owner"] == {"email": seller.email}
    assert logged["deal"] == {"id": crm.gid(deal)}
    row = await Activity.get(id=(await Activity.all().first()).id)  # type: ignore[union-attr]
    assert (row.duration_seconds, row.department_id) == (300, sales.id)


async def test_bad_activity_input_names_the_field(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    hidden = await crm.deal((await signed_in(api, "owner")).user, title="Not yours")
    cases = [
        ({"kind": "fax"}, "kind"),
        ({"kind": "call", "direction": "sideways"}, "direction"),
        ({"kind": "call", "duration": -1}, "duration"),
        ({"kind": "call", "dealId": crm.gid(hidden)}, "dealId"),
    ]

    for values, field in cases:
        error = await api.error(LOG, {"input": values}, token=seller.access_token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, values

    assert await Activity.all().count() == 0


async def test_the_timeline_is_newest_first_and_filters_by_record_and_kind(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    other = await crm.deal(owner.user, title="Other")
    now = clock.now()
    for hours, subject, kind in ((3, "oldest", "call"), (1, "newest", "email"), (2, "mid", "call")):
        await crm.activity(
            owner.user,
            deal=deal,
            subject=subject,
            kind=kind,
            occurred_at=now - timedelta(hours=hours),
        )
    await crm.activity(owner.user, deal=other, subject="elsewhere")

    everything = await api.ok(TIMELINE, {"dealId": crm.gid(deal)}, token=owner.access_token)
    calls = await api.ok(
        TIMELINE, {"dealId": crm.gid(deal), "kind": "call"}, token=owner.access_token
    )

    subjects = [e["node"]["subject"] for e in everything["activities"]["edges"]]
    assert subjects == ["newest", "mid", "oldest"]
    assert [e["node"]["subject"] for e in calls["activities"]["edges"]] == ["mid", "oldest"]


async def test_a_salesperson_may_not_edit_a_colleagues_activity(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    sales = await crm.department("Sales")
    mine = await crm.activity(seller.user, sales)
    theirs = await crm.activity(colleague.user, sales)

    ok = await api.execute(
        UPDATE, {"input": {"id": crm.gid(mine), "outcome": "won"}}, token=seller.access_token
    )
    refused = await api.execute(
        UPDATE, {"input": {"id": crm.gid(theirs), "outcome": "won"}}, token=seller.access_token
    )

    assert ok.codes == []
    assert refused.codes == ["FORBIDDEN"]
    assert (await Activity.get(id=theirs.id)).outcome is None


async def test_last_activity_is_the_newest_the_caller_may_see_in_constant_statements(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    stage = await crm.first_stage(await crm.pipeline())
    now = clock.now()

    async def deals_with_activities(count: int) -> None:
        for i in range(count):
            deal = await crm.deal(seller.user, sales, stage=stage, title=f"D{i}")
            await crm.activity(
                seller.user, sales, deal=deal, subject="older", occurred_at=now - timedelta(days=1)
            )
            await crm.activity(seller.user, sales, deal=deal, subject="latest", occurred_at=now)
            # Newer still, but the seller may not see it: it must not show.
            await crm.activity(
                outsider.user,
                marketing,
                deal=deal,
                subject="hidden",
                occurred_at=now + timedelta(hours=1),
            )

    await deals_with_activities(2)
    with count_statements() as few:
        await api.ok(LAST, token=seller.access_token)
    await deals_with_activities(10)
    with count_statements() as many:
        data = await api.ok(LAST, token=seller.access_token)

    assert many.count == few.count
    assert {e["node"]["lastActivity"]["subject"] for e in data["deals"]["edges"]} == {"latest"}
    assert len(data["deals"]["edges"]) == 12


async def test_support_reads_activities_but_not_their_deal(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    await crm.activity(owner.user, deal=deal, subject="Ticket call")

    result = await api.execute(
        "{ activities { edges { node { subject deal { id } } } } }", token=support.access_token
    )

    assert result.data is not None
    assert result.data["activities"]["edges"][0]["node"] == {"subject": "Ticket call", "deal": None}
    assert result.codes == ["FORBIDDEN"]


CONTACTS_LAST = """
{ contacts { edges { node { firstName lastActivity { subject } } } } }
"""


async def test_a_contacts_last_activity_is_the_newest_the_caller_may_see_in_constant_statements(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    now = clock.now()

    async def contacts_with_activities(count: int) -> None:
        for i in range(count):
            person = await crm.contact(seller.user, sales, first_name=f"C{i}")
            await crm.activity(
                seller.user, sales, contact=person, subject="older", occurred_at=now - timedelta(1)
            )
            await crm.activity(
                seller.user, sales, contact=person, subject="latest", occurred_at=now
            )
            await crm.activity(
                outsider.user,
                marketing,
                contact=person,
                subject="hidden",
                occurred_at=now + timedelta(hours=1),
            )

    await contacts_with_activities(2)
    with count_statements() as few:
        await api.ok(CONTACTS_LAST, token=seller.access_token)
    await contacts_with_activities(10)
    with count_statements() as many:
        data = await api.ok(CONTACTS_LAST, token=seller.access_token)

    assert many.count == few.count
    assert {e["node"]["lastActivity"]["subject"] for e in data["contacts"]["edges"]} == {"latest"}
    assert len(data["contacts"]["edges"]) == 12


async def test_a_contact_without_activities_has_no_last_activity(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await crm.contact(seller.user, await crm.department("Sales"))

    data = await api.ok(CONTACTS_LAST, token=seller.access_token)

    assert [e["node"]["lastActivity"] for e in data["contacts"]["edges"]] == [None]
