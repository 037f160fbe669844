"""Custom field changes in record events: named per field (custom.<key>), and only to
subscribers who may read that field; a change to a hidden one alone is not heard at all."""

from __future__ import annotations

from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

DEFINE = "mutation($in: CustomFieldDefineInput!) { customFieldDefine(input: $in) { id } }"
CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id } }"
UPDATE = "mutation($in: ContactUpdateInput!) { contactUpdate(input: $in) { id } }"
EVENTS = """
subscription { recordEvents(objects: [CONTACT], after: "0") { kind changedFields } }
"""


async def test_custom_changes_are_named_per_field_and_only_to_those_who_may_read_them(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    reader = await signed_in(api, "read_only", email="r@acme.test")
    token = owner.access_token
    for field in (
        {"key": "budget", "label": "Budget", "type": "NUMBER"},
        {"key": "salary", "label": "Salary", "type": "NUMBER", "sensitive": True},
    ):
        await api.ok(DEFINE, {"in": {"object": "CONTACT", **field}}, token=token)

    async with (
        subscribed(ws_url, owner.access_token, EVENTS) as by_owner,
        subscribed(ws_url, reader.access_token, EVENTS) as by_reader,
    ):
        made = await api.ok(
            CREATE, {"in": {"firstName": "Ann", "custom": {"salary": 1}}}, token=token
        )
        contact = made["contactCreate"]["id"]
        await api.ok(UPDATE, {"in": {"id": contact, "custom": {"salary": 2}}}, token=token)
        await api.ok(UPDATE, {"in": {"id": contact, "custom": {"budget": 5}}}, token=token)
        owner_heard = [(await by_owner.next())["recordEvents"] for _ in range(3)]
        reader_heard = [(await by_reader.next())["recordEvents"] for _ in range(2)]

    created, salary, budget = owner_heard
    assert "custom.salary" in created["changedFields"]
    assert salary == {"kind": "UPDATED", "changedFields": ["custom.salary"]}
    assert budget == {"kind": "UPDATED", "changedFields": ["custom.budget"]}
    # The reader hears the contact created (without the salary), not the salary-only update.
    seen_created, seen_budget = reader_heard
    assert seen_created["kind"] == "CREATED"
    assert "custom.salary" not in seen_created["changedFields"]
    assert seen_budget == {"kind": "UPDATED", "changedFields": ["custom.budget"]}
