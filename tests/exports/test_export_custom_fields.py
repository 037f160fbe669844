"""Exports carry custom field values, as one column each, only for fields the caller may read."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.accounts import signed_in
from tests.support.exports import csv_records, download, xlsx_table
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

DEFINE = "mutation($in: CustomFieldDefineInput!) { customFieldDefine(input: $in) { key } }"
CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id } }"
FIELDS: list[dict[str, Any]] = [
    {"key": "budget", "label": "Budget", "type": "NUMBER"},
    {"key": "topics", "label": "Topics", "type": "MULTISELECT", "options": ["ai", "crm"]},
    {"key": "salary", "label": "Salary", "type": "NUMBER", "sensitive": True},
]


async def _contact_with_custom_values(api: GraphQLClient, token: str) -> None:
    for field in FIELDS:
        await api.ok(DEFINE, {"in": {"object": "CONTACT", **field}}, token=token)
    custom = {"budget": 1500, "topics": ["ai", "crm"], "salary": 91234}
    await api.ok(CREATE, {"in": {"firstName": "Ada", "custom": custom}}, token=token)


async def test_an_owner_exports_every_custom_value(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    await _contact_with_custom_values(api, owner.access_token)

    (row,) = csv_records(await download(http, "/export/contacts.csv", owner.access_token))

    assert row["custom.budget"] == "1500"
    assert row["custom.topics"] == "ai; crm"
    assert row["custom.salary"] == "91234"
    assert list(row)[-2:] == ["createdAt", "updatedAt"]


async def test_a_custom_field_the_role_may_not_read_stays_out_of_its_export(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    fields = {"firstName": "read", "custom.budget": "read", "custom.topics": "read"}
    role = await custom_role("Exporter", 30, {"contact": grant(["read", "export"], fields=fields)})
    exporter = await signed_in(api, role, email="exporter@acme.test")
    await _contact_with_custom_values(api, owner.access_token)

    csv_response = await download(http, "/export/contacts.csv", exporter.access_token)
    xlsx_response = await download(http, "/export/contacts.xlsx", exporter.access_token)

    (row,) = csv_records(csv_response)
    assert row["custom.budget"] == "1500"
    assert "custom.salary" not in row
    assert b"91234" not in csv_response.content
    header = xlsx_table(xlsx_response)[0]
    assert "custom.budget" in header and "custom.salary" not in header
