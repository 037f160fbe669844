"""users(first, after, filter, orderBy): the team, under the gate like every list."""

from __future__ import annotations

from typing import Any

from models.user import User
from tests.support.accounts import make_user, role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

USERS = """
query($first: Int, $after: String, $filter: UserFilter, $orderBy: [UserOrder!]) {
  users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { node { name email } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _names(data: dict[str, Any]) -> list[str]:
    return [e["node"]["name"] for e in data["users"]["edges"]]


async def _team() -> None:
    await make_user("salesperson", email="zoe@acme.test", department="Sales")
    await make_user("support", email="yann@acme.test", department="Help")
    gone = await make_user("marketing", email="xavier@acme.test", department="Sales")
    await User.filter(id=gone.user.id).update(is_active=False, name="Xavier Gone")


async def test_an_owner_lists_filters_and_pages_the_team(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner", department="Sales")
    await _team()

    everyone = await api.ok(USERS, {"orderBy": [{"field": "NAME"}]}, token=owner.access_token)
    assert everyone["users"]["totalCount"] == 4
    assert _names(everyone) == ["Owner", "Salesperson", "Support", "Xavier Gone"]

    active = await api.ok(USERS, {"filter": {"active": False}}, token=owner.access_token)
    assert [e["node"]["email"] for e in active["users"]["edges"]] == ["xavier@acme.test"]

    sellers = await api.ok(
        USERS, {"filter": {"roleId": await role_id(api, "support")}}, token=owner.access_token
    )
    # The probe user role_id() signed in holds the role too.
    assert {e["node"]["email"] for e in sellers["users"]["edges"]} == {
        "yann@acme.test",
        "probe.support@acme.test",
    }

    found = await api.ok(USERS, {"filter": {"search": "ZOE@"}}, token=owner.access_token)
    assert [e["node"]["email"] for e in found["users"]["edges"]] == ["zoe@acme.test"]

    first = await api.ok(
        USERS, {"first": 2, "orderBy": [{"field": "EMAIL"}]}, token=owner.access_token
    )
    assert first["users"]["pageInfo"]["hasNextPage"] is True
    rest = await api.ok(
        USERS,
        {
            "first": 10,
            "after": first["users"]["pageInfo"]["endCursor"],
            "orderBy": [{"field": "EMAIL"}],
        },
        token=owner.access_token,
    )
    emails = [e["node"]["email"] for e in first["users"]["edges"] + rest["users"]["edges"]]
    assert emails == sorted(emails) and len(emails) == 5


async def test_filter_by_department(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner", department="Board")
    await _team()
    help_desk = await api.ok("query { departments { id name } }", token=owner.access_token)
    dept = next(d["id"] for d in help_desk["departments"] if d["name"] == "Help")
    data = await api.ok(USERS, {"filter": {"departmentId": dept}}, token=owner.access_token)
    assert [e["node"]["email"] for e in data["users"]["edges"]] == ["yann@acme.test"]


async def test_a_role_without_user_read_may_not_list_users(api: GraphQLClient) -> None:
    role = await custom_role("Deals only", 20, {"deal": grant(["read"])})
    account = await signed_in(api, role)
    error = await api.error(USERS, token=account.access_token)
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_hidden_fields_cannot_be_filtered_sorted_or_searched(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")  # the directory: no isActive, no lastLoginAt
    await _team()
    listed = await api.ok(USERS, token=seller.access_token)
    assert listed["users"]["totalCount"] == 4

    by_active = await api.error(USERS, {"filter": {"active": False}}, token=seller.access_token)
    assert by_active["extensions"] == {"code": "FORBIDDEN", "field": "isActive"}

    names_only = await custom_role("Names", 20, {"user": grant(["read"], fields={"name": "read"})})
    viewer = await signed_in(api, names_only, email="viewer@acme.test")
    by_email = await api.error(USERS, {"orderBy": [{"field": "EMAIL"}]}, token=viewer.access_token)
    assert by_email["extensions"] == {"code": "FORBIDDEN", "field": "email"}
    searched = await api.ok(USERS, {"filter": {"search": "zoe@"}}, token=viewer.access_token)
    assert searched["users"]["totalCount"] == 0
    by_role = await api.error(
        USERS, {"filter": {"roleId": await role_id(api, "support")}}, token=viewer.access_token
    )
    assert by_role["extensions"] == {"code": "FORBIDDEN", "field": "role"}
