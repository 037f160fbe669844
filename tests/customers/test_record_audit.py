"""Every change to a company, contact or deal is in the audit log with its values before and
after, written in the change's transaction; readers see only the fields they may read."""

from __future__ import annotations

from typing import Any

from models.audit import AuditEntry
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

LOG = """
query($filter: AuditFilter) {
  auditLog(filter: $filter) { edges { node { action object recordId before after } } }
}
"""
CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id } }"
UPDATE = "mutation($in: ContactUpdateInput!) { contactUpdate(input: $in) { id } }"
DELETE = "mutation($id: ID!) { contactDelete(id: $id) }"
RESTORE = "mutation($id: ID!) { contactRestore(id: $id) { id } }"
DEAL_UPDATE = "mutation($in: DealUpdateInput!) { dealUpdate(input: $in) { id } }"


def entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in data["auditLog"]["edges"]]


async def test_create_update_delete_and_restore_are_each_logged(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    token = owner.access_token
    made = await api.ok(CREATE, {"in": {"firstName": "Ada", "tags": ["vip"]}}, token=token)
    cid = made["contactCreate"]["id"]
    await api.ok(UPDATE, {"in": {"id": cid, "firstName": "Grace"}}, token=token)
    await api.ok(DELETE, {"id": cid}, token=token)
    await api.ok(RESTORE, {"id": cid}, token=token)

    data = await api.ok(LOG, {"filter": {"recordId": cid}}, token=token)

    logged = entries(data)
    assert [e["action"] for e in logged] == [
        "contact.restore",
        "contact.delete",
        "contact.update",
        "contact.create",
    ]
    restored, deleted, updated, created = logged
    assert created["before"] is None
    assert created["after"]["firstName"] == "Ada" and created["after"]["tags"] == ["vip"]
    assert created["after"]["owner"] == crm.gid(owner.user)
    assert updated["before"] == {"firstName": "Ada"} and updated["after"] == {"firstName": "Grace"}
    assert deleted["before"]["firstName"] == "Grace" and deleted["after"] is None
    assert restored["before"] is None and restored["after"]["firstName"] == "Grace"


async def test_a_deal_update_is_logged_with_the_changed_values(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user, title="Old")

    await api.ok(
        DEAL_UPDATE, {"in": {"id": crm.gid(deal), "title": "New"}}, token=owner.access_token
    )

    data = await api.ok(LOG, {"filter": {"recordId": crm.gid(deal)}}, token=owner.access_token)
    assert entries(data) == [
        {
            "action": "deal.update",
            "object": "deal",
            "recordId": crm.gid(deal),
            "before": {"title": "Old"},
            "after": {"title": "New"},
        }
    ]


async def test_a_refused_change_leaves_no_entry(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    row = await crm.contact(owner.user)
    before = await AuditEntry.all().count()

    stale = {"id": crm.gid(row), "firstName": "X", "expectedVersion": 99}
    error = await api.error(UPDATE, {"in": stale}, token=owner.access_token)

    assert error["extensions"]["code"] == "CONFLICT"
    assert await AuditEntry.all().count() == before


async def test_a_change_that_changes_nothing_leaves_no_entry(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    row = await crm.contact(owner.user, first_name="Ada")
    before = await AuditEntry.all().count()

    await api.ok(UPDATE, {"in": {"id": crm.gid(row), "firstName": "Ada"}}, token=owner.access_token)

    assert await AuditEntry.all().count() == before


AUDIT_FIELDS = {
    f: "read" for f in ("actor", "action", "object", "recordId", "before", "after", "at")
}
AUDITOR = {
    "auditEntry": grant(["read"], fields=AUDIT_FIELDS),
    "contact": grant(["read"], fields={"firstName": "read", "lastName": "read"}),
}


async def test_the_log_hides_values_of_fields_the_reader_may_not_read(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    auditor = await signed_in(api, await custom_role("Auditor", 50, AUDITOR), email="a@acme.test")
    made = await api.ok(
        CREATE, {"in": {"firstName": "Ada", "email": "ada@example.com"}}, token=owner.access_token
    )
    cid = made["contactCreate"]["id"]
    change = {"id": cid, "firstName": "Grace", "email": "grace@example.com"}
    await api.ok(UPDATE, {"in": change}, token=owner.access_token)

    data = await api.ok(LOG, {"filter": {"recordId": cid}}, token=auditor.access_token)

    updated, created = entries(data)
    assert updated["before"] == {"firstName": "Ada"}
    assert updated["after"] == {"firstName": "Grace"}
    assert "email" not in created["after"] and "phone" not in created["after"]
    assert created["after"]["firstName"] == "Ada"


async def test_a_reader_of_the_field_sees_its_values_in_the_log(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    made = await api.ok(
        CREATE, {"in": {"firstName": "Ada", "email": "ada@example.com"}}, token=owner.access_token
    )
    cid = made["contactCreate"]["id"]
    await api.ok(
        UPDATE, {"in": {"id": cid, "email": "grace@example.com"}}, token=owner.access_token
    )

    data = await api.ok(LOG, {"filter": {"recordId": cid}}, token=owner.access_token)

    updated = entries(data)[0]
    assert updated["before"] == {"email": "ada@example.com"}
    assert updated["after"] == {"email": "grace@example.com"}


async def test_a_reader_without_the_object_sees_no_values(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    blind = await custom_role(
        "Blind auditor", 50, {"auditEntry": grant(["read"], fields=AUDIT_FIELDS)}
    )
    auditor = await signed_in(api, blind, email="b@acme.test")
    made = await api.ok(CREATE, {"in": {"firstName": "Ada"}}, token=owner.access_token)

    data = await api.ok(
        LOG, {"filter": {"recordId": made["contactCreate"]["id"]}}, token=auditor.access_token
    )

    assert entries(data)[0]["after"] == {}
