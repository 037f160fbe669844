"""Lists sorted by a custom field: every type that has an order, pages that follow on, values
unset sorting first, and the field's read permission checked before anything is read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

DEFINE = "mutation($in: CustomFieldDefineInput!) { customFieldDefine(input: $in) { id } }"
CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id } }"
LIST = """
query($order: [ContactOrder!], $first: Int, $after: String) {
  contacts(orderBy: $order, first: $first, after: $after) {
    edges { node { firstName } } pageInfo { hasNextPage endCursor }
  }
}
"""
FIELDS: list[dict[str, Any]] = [
    {"key": "score", "label": "Score", "type": "NUMBER"},
    {"key": "revenue", "label": "Revenue", "type": "MONEY"},
    {"key": "renewal", "label": "Renewal", "type": "DATE"},
    {"key": "note", "label": "Note", "type": "TEXT"},
    {"key": "salary", "label": "Salary", "type": "NUMBER", "sensitive": True},
]
PEOPLE: list[tuple[str, dict[str, Any]]] = [
    ("Ann", {"score": 10, "revenue": {"amount": "5.50", "currency": "EUR"}, "note": "b"}),
    ("Bob", {"score": 2.5, "renewal": "2027-01-05", "note": "c", "salary": 3}),
    ("Cy", {"score": 100, "revenue": {"amount": "12", "currency": "EUR"}, "renewal": "2026-12-01"}),
    ("Di", {"note": "a", "salary": 1}),
]


async def _contacts(api: GraphQLClient) -> str:
    owner = await signed_in(api, "owner")
    for field in FIELDS:
        await api.ok(DEFINE, {"in": {"object": "CONTACT", **field}}, token=owner.access_token)
    for name, custom in PEOPLE:
        await api.ok(
            CREATE, {"in": {"firstName": name, "custom": custom}}, token=owner.access_token
        )
    return owner.access_token


async def _names(
    api: GraphQLClient, token: str, order: list[dict[str, Any]], page: int
) -> list[str]:
    """Every contact in the order, read ``page`` at a time following endCursor."""
    names: list[str] = []
    after = None
    while True:
        data = await api.ok(LIST, {"order": order, "first": page, "after": after}, token=token)
        names += [e["node"]["firstName"] for e in data["contacts"]["edges"]]
        if not data["contacts"]["pageInfo"]["hasNextPage"]:
            return names
        after = data["contacts"]["pageInfo"]["endCursor"]


@pytest.mark.parametrize(
    ("key", "direction", "expected"),
    [
        ("score", "ASC", ["Di", "Bob", "Ann", "Cy"]),
        ("score", "DESC", ["Cy", "Ann", "Bob", "Di"]),
        ("revenue", "ASC", ["Bob", "Di", "Ann", "Cy"]),
        # Unset values tie; ties follow the id in the same direction.
        ("renewal", "DESC", ["Bob", "Cy", "Di", "Ann"]),
        ("note", "ASC", ["Cy", "Di", "Ann", "Bob"]),
    ],
)
async def test_contacts_sort_by_a_custom_field_across_pages(
    api: GraphQLClient, key: str, direction: str, expected: list[str]
) -> None:
    token = await _contacts(api)
    order = [{"field": "CUSTOM", "customKey": key, "direction": direction}]

    assert await _names(api, token, order, page=4) == expected
    assert await _names(api, token, order, page=1) == expected


async def test_sorting_on_an_unreadable_custom_field_is_forbidden(api: GraphQLClient) -> None:
    await _contacts(api)
    reader = await signed_in(api, "read_only", email="r@acme.test")
    order = [{"field": "CUSTOM", "customKey": "salary"}]

    result = await api.execute(LIST, {"order": order}, token=reader.access_token)

    assert result.codes == ["FORBIDDEN"] and result.data is None
    assert "Bob" not in str(result.errors)


async def test_a_readable_custom_field_sorts_for_the_same_reader(api: GraphQLClient) -> None:
    await _contacts(api)
    reader = await signed_in(api, "read_only", email="r@acme.test")
    order = [{"field": "CUSTOM", "customKey": "score"}]

    assert await _names(api, reader.access_token, order, page=2) == ["Di", "Bob", "Ann", "Cy"]


@pytest.mark.parametrize(
    "order",
    [
        [{"field": "CUSTOM"}],
        [{"field": "CUSTOM", "customKey": "nope"}],
        [{"field": "FIRST_NAME", "customKey": "score"}],
    ],
)
async def test_bad_custom_sorts_are_bad_input(
    api: GraphQLClient, order: list[dict[str, Any]]
) -> None:
    token = await _contacts(api)

    result = await api.execute(LIST, {"order": order}, token=token)

    assert result.codes == ["BAD_USER_INPUT"]
    assert result.errors[0]["extensions"]["field"] == "orderBy.0.customKey"
