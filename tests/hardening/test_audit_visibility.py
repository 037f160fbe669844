"""The new audit entries show only what their reader may read, and refusals leave none."""

from __future__ import annotations

from models.pipeline import Stage
from models.product import Product
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, grant

LOG = "{ auditLog(first: 10) { edges { node { action before after } } } }"
MOVE = """mutation($id: ID!, $s: ID!) {
  dealMove(input: {id: $id, stageId: $s, position: 0}) { id } }"""
LINES = """mutation($id: ID!, $p: ID!) {
  dealLineItemsSet(input: {id: $id, items: [{productId: $p, quantity: "2"}]}) { id } }"""


async def _auditor_without_amounts(api: GraphQLClient) -> str:
    """A role that reads the audit and deals, but not a deal's amount, cost or lines."""
    role = await custom_role(
        "Auditor",
        20,
        {
            "auditEntry": grant(
                ["read"], fields={f: "read" for f in ("action", "object", "before", "after", "at")}
            ),
            "deal": grant(["read"], fields={"title": "read", "stage": "read", "status": "read"}),
        },
    )
    return (await signed_in(api, role)).access_token


async def test_a_reader_without_amounts_sees_moves_and_lines_without_them(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    won = await Stage.get(pipeline_id=deal.pipeline_id, name="Won")
    won.is_won = True
    await won.save()
    product = await Product.create(sku="W-1", name="Widget", price=10, cost=4)
    await api.ok(MOVE, {"id": crm.gid(deal), "s": crm.gid(won)}, token=owner.access_token)
    await api.ok(LINES, {"id": crm.gid(deal), "p": crm.gid(product)}, token=owner.access_token)
    auditor = await _auditor_without_amounts(api)

    seen = await api.ok(LOG, token=auditor)
    full = await api.ok(LOG, token=owner.access_token)

    entries = {e["node"]["action"]: e["node"] for e in seen["auditLog"]["edges"]}
    owners = {e["node"]["action"]: e["node"] for e in full["auditLog"]["edges"]}
    assert entries["deal.move"]["after"]["stage"] == crm.gid(won)
    assert entries["deal.move"]["after"]["status"] == "won"
    lines = entries["deal.lineItems"]
    assert lines["before"] == {} and lines["after"] == {}
    # The Owner sees what the auditor does not: the amount, the cost and the lines.
    assert owners["deal.lineItems"]["after"]["amount"] == "20.00"
    assert owners["deal.lineItems"]["after"]["cost"] == "8.00"
    assert len(owners["deal.lineItems"]["after"]["lineItems"]) == 1


async def test_a_salesperson_may_not_read_the_audit_log(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    error = await api.error(LOG, token=seller.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_refused_mutations_write_no_entry(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson", email="seller@acme.test")
    deal = await crm.deal(owner.user)
    other = await crm.first_stage(await crm.pipeline("Other"))
    before = await audit_count()

    refused = [
        # Another pipeline's stage: BAD_USER_INPUT inside the move's transaction.
        await api.error(MOVE, {"id": crm.gid(deal), "s": crm.gid(other)}, token=owner.access_token),
        # Not the seller's to manage.
        await api.error(
            'mutation { ipBlock(ip: "203.0.113.7") { ip } }', token=seller.access_token
        ),
        await api.error(
            'mutation { apiKeyCreate(input: {name: "k", roleId: "Role:999"}) { key } }',
            token=owner.access_token,
        ),
        await api.error(
            'mutation { passwordReset(token: "nope", newPassword: "another-long-passphrase") }'
        ),
    ]

    assert [e["extensions"]["code"] for e in refused] == [
        "BAD_USER_INPUT",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "BAD_USER_INPUT",
    ]
    assert await audit_count() == before
