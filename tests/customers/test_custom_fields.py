"""Custom fields: defined per object at runtime, validated on write, filterable, and covered by
field permissions (custom.<key>) like every other field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

DEFINE = """
mutation($in: CustomFieldDefineInput!) {
  customFieldDefine(input: $in) { id key label type options sensitive version }
}
"""
UPDATE_DEF = """
mutation($in: CustomFieldUpdateInput!) { customFieldUpdate(input: $in) { label options version } }
"""
REMOVE = "mutation($id: ID!) { customFieldRemove(id: $id) }"
FIELDS = "query($o: ObjectKind!) { customFields(object: $o) { key type sensitive } }"
CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id custom } }"
UPDATE = "mutation($in: ContactUpdateInput!) { contactUpdate(input: $in) { id custom } }"
READ = "query($id: ID!) { node(id: $id) { ... on Contact { custom } } }"
LIST = "query($f: ContactFilter) { contacts(filter: $f) { totalCount } }"
DEAL_UPDATE = "mutation($in: DealUpdateInput!) { dealUpdate(input: $in) { id custom } }"

FIELD_SET: list[dict[str, Any]] = [
    {"key": "budget", "label": "Budget", "type": "NUMBER"},
    {"key": "tier", "label": "Tier", "type": "SELECT", "options": ["gold", "silver"]},
    {"key": "topics", "label": "Topics", "type": "MULTISELECT", "options": ["ai", "crm", "erp"]},
    {"key": "renewal", "label": "Renewal", "type": "DATE"},
    {"key": "active", "label": "Active", "type": "BOOLEAN"},
    {"key": "revenue", "label": "Revenue", "type": "MONEY"},
    {"key": "site", "label": "Site", "type": "LINK"},
    {"key": "note", "label": "Note", "type": "TEXT"},
    {"key": "salary", "label": "Salary", "type": "NUMBER", "sensitive": True},
]


async def _define(api: GraphQLClient, token: str, obj: str = "CONTACT") -> None:
    for field in FIELD_SET:
        await api.ok(DEFINE, {"in": {"object": obj, **field}}, token=token)


async def _owner_with_fields(api: GraphQLClient) -> str:
    owner = await signed_in(api, "owner")
    await _define(api, owner.access_token)
    return owner.access_token


async def test_an_owner_defines_fields_that_everyone_may_list(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    seller = await signed_in(api, "salesperson", email="s@acme.test")

    data = await api.ok(FIELDS, {"o": "CONTACT"}, token=seller.access_token)

    assert [f["key"] for f in data["customFields"]] == [f["key"] for f in FIELD_SET]
    assert (await api.ok(FIELDS, {"o": "COMPANY"}, token=token))["customFields"] == []


async def test_defining_a_field_needs_custom_field_create(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    error = await api.error(
        DEFINE,
        {"in": {"object": "CONTACT", "key": "x", "label": "X", "type": "TEXT"}},
        token=seller.access_token,
    )

    assert error["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"key": "budget", "label": "Again", "type": "TEXT"}, "key"),
        ({"key": "Bad-Key", "label": "X", "type": "TEXT"}, "key"),
        ({"key": "pick", "label": "X", "type": "SELECT"}, "options"),
        ({"key": "pick", "label": "X", "type": "TEXT", "options": ["a"]}, "options"),
        ({"key": "pick", "label": " ", "type": "TEXT"}, "label"),
    ],
)
async def test_bad_definitions_are_refused(
    api: GraphQLClient, given: dict[str, Any], field: str
) -> None:
    token = await _owner_with_fields(api)

    error = await api.error(DEFINE, {"in": {"object": "CONTACT", **given}}, token=token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_values_are_validated_normalised_and_stored(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    custom = {
        "budget": 1200.5,
        "tier": "gold",
        "topics": ["erp", "ai"],
        "renewal": "2027-01-31",
        "active": True,
        "revenue": {"amount": "99.90", "currency": "eur"},
        "site": "https://example.com",
        "note": "likes coffee",
    }

    data = await api.ok(CREATE, {"in": {"firstName": "A", "custom": custom}}, token=token)

    assert data["contactCreate"]["custom"] == {
        **custom,
        "topics": ["ai", "erp"],
        "revenue": {"amount": "99.90", "currency": "EUR"},
    }


@pytest.mark.parametrize(
    ("custom", "field"),
    [
        ({"nope": 1}, "custom.nope"),
        ({"budget": "lots"}, "custom.budget"),
        ({"budget": True}, "custom.budget"),
        ({"tier": "bronze"}, "custom.tier"),
        ({"topics": ["ai", "x"]}, "custom.topics"),
        ({"renewal": "31/01/2027"}, "custom.renewal"),
        ({"active": "yes"}, "custom.active"),
        ({"revenue": {"amount": "x", "currency": "EUR"}}, "custom.revenue"),
        ({"site": "javascript:alert(1)"}, "custom.site"),
    ],
)
async def test_unknown_keys_and_wrong_types_are_bad_input(
    api: GraphQLClient, custom: dict[str, Any], field: str
) -> None:
    token = await _owner_with_fields(api)

    error = await api.error(CREATE, {"in": {"firstName": "A", "custom": custom}}, token=token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_an_update_sets_and_clears_keys_and_keeps_the_others(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    made = await api.ok(
        CREATE, {"in": {"firstName": "A", "custom": {"budget": 1, "tier": "gold"}}}, token=token
    )
    cid = made["contactCreate"]["id"]

    data = await api.ok(
        UPDATE, {"in": {"id": cid, "custom": {"budget": 2, "tier": None}}}, token=token
    )

    assert data["contactUpdate"]["custom"] == {"budget": 2}


async def test_a_sensitive_field_is_hidden_from_roles_without_sensitive_access(
    api: GraphQLClient,
) -> None:
    token = await _owner_with_fields(api)
    made = await api.ok(
        CREATE, {"in": {"firstName": "A", "custom": {"salary": 9, "budget": 1}}}, token=token
    )
    reader = await signed_in(api, "read_only", email="r@acme.test")

    data = await api.ok(READ, {"id": made["contactCreate"]["id"]}, token=reader.access_token)

    assert data["node"]["custom"] == {"budget": 1}


async def test_a_sensitive_field_is_shown_to_roles_reading_all_contact_fields(
    api: GraphQLClient,
) -> None:
    token = await _owner_with_fields(api)
    made = await api.ok(CREATE, {"in": {"firstName": "A", "custom": {"salary": 9}}}, token=token)
    seller = await signed_in(api, "salesperson", email="s@acme.test")

    data = await api.ok(READ, {"id": made["contactCreate"]["id"]}, token=seller.access_token)

    assert data["node"]["custom"] == {"salary": 9}


async def test_writing_a_custom_field_without_write_access_is_forbidden(
    api: GraphQLClient,
) -> None:
    await _owner_with_fields(api)
    support = await signed_in(api, "support", email="h@acme.test")
    row = await crm.contact(support.user)

    result = await api.execute(
        UPDATE, {"in": {"id": crm.gid(row), "custom": {"budget": 5}}}, token=support.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "custom.budget"


async def test_a_seller_writes_custom_fields_of_contacts(api: GraphQLClient) -> None:
    await _owner_with_fields(api)
    seller = await signed_in(api, "salesperson", email="s@acme.test")
    row = await crm.contact(seller.user)

    data = await api.ok(
        UPDATE, {"in": {"id": crm.gid(row), "custom": {"budget": 5}}}, token=seller.access_token
    )

    assert data["contactUpdate"]["custom"] == {"budget": 5}


NARROW = {"contact": grant(["read"], fields={"firstName": "read"})}


async def test_a_narrow_role_does_not_read_custom_fields_by_default(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    made = await api.ok(CREATE, {"in": {"firstName": "A", "custom": {"budget": 3}}}, token=token)
    narrow = await signed_in(api, await custom_role("Narrow", 20, NARROW), email="n@acme.test")

    data = await api.ok(READ, {"id": made["contactCreate"]["id"]}, token=narrow.access_token)

    assert data["node"]["custom"] == {}


async def test_role_data_may_grant_one_custom_field(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    made = await api.ok(
        CREATE, {"in": {"firstName": "A", "custom": {"budget": 3, "tier": "gold"}}}, token=token
    )
    granted = {"contact": grant(["read"], fields={"firstName": "read", "custom.budget": "read"})}
    role = await custom_role("Budget reader", 20, granted)
    reader = await signed_in(api, role, email="b@acme.test")

    data = await api.ok(READ, {"id": made["contactCreate"]["id"]}, token=reader.access_token)

    assert data["node"]["custom"] == {"budget": 3}


async def _three_contacts(api: GraphQLClient, token: str) -> None:
    rows = [
        {"budget": 10, "tier": "gold", "topics": ["ai"], "renewal": "2027-01-01", "active": True},
        {"budget": 500, "tier": "silver", "topics": ["crm", "erp"], "active": False},
        {"revenue": {"amount": "1000", "currency": "EUR"}, "note": "Big Fish", "salary": 1},
    ]
    for i, custom in enumerate(rows):
        await api.ok(CREATE, {"in": {"firstName": f"C{i}", "custom": custom}}, token=token)


@pytest.mark.parametrize(
    ("test", "count"),
    [
        ({"key": "budget", "op": "GTE", "value": 100}, 1),
        ({"key": "budget", "op": "LT", "value": 100}, 1),
        ({"key": "budget", "op": "IS_SET", "value": False}, 1),
        ({"key": "tier", "value": "gold"}, 1),
        ({"key": "tier", "op": "NE", "value": "gold"}, 2),
        ({"key": "topics", "op": "CONTAINS", "value": "erp"}, 1),
        ({"key": "renewal", "op": "LT", "value": "2027-06-01"}, 1),
        ({"key": "active", "value": True}, 1),
        ({"key": "active", "value": False}, 1),
        ({"key": "revenue", "op": "GT", "value": 999}, 1),
        ({"key": "note", "op": "CONTAINS", "value": "big"}, 1),
    ],
)
async def test_lists_filter_on_custom_values(
    api: GraphQLClient, test: dict[str, Any], count: int
) -> None:
    token = await _owner_with_fields(api)
    await _three_contacts(api, token)

    data = await api.ok(LIST, {"f": {"custom": [test]}}, token=token)

    assert data["contacts"]["totalCount"] == count


async def test_filtering_on_an_unreadable_custom_field_is_forbidden(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    await _three_contacts(api, token)
    reader = await signed_in(api, "read_only", email="r@acme.test")
    test = {"key": "salary", "op": "GT", "value": 0}

    result = await api.execute(LIST, {"f": {"custom": [test]}}, token=reader.access_token)

    assert result.codes == ["FORBIDDEN"] and result.data is None


async def test_filtering_on_a_readable_custom_field_is_allowed(api: GraphQLClient) -> None:
    token = await _owner_with_fields(api)
    await _three_contacts(api, token)
    reader = await signed_in(api, "read_only", email="r@acme.test")
    test = {"key": "budget", "op": "GT", "value": 0}

    data = await api.ok(LIST, {"f": {"custom": [test]}}, token=reader.access_token)

    assert data["contacts"]["totalCount"] == 2


@pytest.mark.parametrize(
    ("test", "field"),
    [
        ({"key": "nope", "value": 1}, "filter.custom.0"),
        ({"key": "tier", "op": "GT", "value": "a"}, "filter.custom.0"),
        ({"key": "budget", "value": "many"}, "filter.custom.0"),
    ],
)
async def test_bad_custom_filters_are_bad_input(
    api: GraphQLClient, test: dict[str, Any], field: str
) -> None:
    token = await _owner_with_fields(api)

    error = await api.error(LIST, {"f": {"custom": [test]}}, token=token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_a_removed_field_no_longer_shows_its_values(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    token = owner.access_token
    made = await api.ok(
        DEFINE, {"in": {"object": "CONTACT", "key": "x", "label": "X", "type": "TEXT"}}, token=token
    )
    row = await api.ok(CREATE, {"in": {"firstName": "A", "custom": {"x": "v"}}}, token=token)

    assert await api.ok(REMOVE, {"id": made["customFieldDefine"]["id"]}, token=token)

    data = await api.ok(READ, {"id": row["contactCreate"]["id"]}, token=token)
    assert data["node"]["custom"] == {}


async def test_a_definition_update_changes_label_and_options(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    made = await api.ok(
        DEFINE,
        {"in": {"object": "DEAL", "key": "tier", "label": "T", "type": "SELECT", "options": ["a"]}},
        token=owner.access_token,
    )
    fid = made["customFieldDefine"]["id"]

    data = await api.ok(
        UPDATE_DEF,
        {"in": {"id": fid, "label": "Tier", "options": ["a", "b"], "expectedVersion": 1}},
        token=owner.access_token,
    )

    assert data["customFieldUpdate"] == {"label": "Tier", "options": ["a", "b"], "version": 2}


async def test_deals_carry_custom_values_too(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await _define(api, owner.access_token, "DEAL")
    deal = await crm.deal(owner.user)

    data = await api.ok(
        DEAL_UPDATE,
        {"in": {"id": crm.gid(deal), "custom": {"tier": "gold"}}},
        token=owner.access_token,
    )

    assert data["dealUpdate"]["custom"] == {"tier": "gold"}


async def test_a_sensitive_deal_field_is_hidden_from_sellers(api: GraphQLClient) -> None:
    # Sellers do not see deal costs and margins, so not sensitive custom deal fields either.
    owner = await signed_in(api, "owner")
    await _define(api, owner.access_token, "DEAL")
    seller = await signed_in(api, "salesperson", email="s@acme.test")
    deal = await crm.deal(seller.user, custom='{"salary": 5, "tier": "gold"}')
    query = "query($id: ID!) { node(id: $id) { ... on Deal { custom } } }"

    data = await api.ok(query, {"id": crm.gid(deal)}, token=seller.access_token)

    assert data["node"]["custom"] == {"tier": "gold"}


LOG = """
query($id: ID!) { auditLog(filter: { recordId: $id }) { edges { node { action after } } } }
"""


async def test_the_audit_log_hides_custom_values_the_reader_may_not_read(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    await _define(api, owner.access_token)
    made = await api.ok(
        CREATE,
        {"in": {"firstName": "A", "custom": {"salary": 9, "budget": 1}}},
        token=owner.access_token,
    )
    cid = made["contactCreate"]["id"]
    fields = {f: "read" for f in ("action", "object", "recordId", "before", "after", "at")}
    auditor_role = {
        "auditEntry": grant(["read"], fields=fields),
        "contact": grant(["read"], fields={"firstName": "read", "custom.budget": "read"}),
    }
    auditor = await signed_in(api, await custom_role("Aud", 50, auditor_role), email="a@acme.test")

    mine = await api.ok(LOG, {"id": cid}, token=owner.access_token)
    theirs = await api.ok(LOG, {"id": cid}, token=auditor.access_token)

    assert mine["auditLog"]["edges"][0]["node"]["after"]["custom.salary"] == 9
    assert theirs["auditLog"]["edges"][0]["node"]["after"] == {
        "firstName": "A",
        "custom.budget": 1,
    }
