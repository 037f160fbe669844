"""Custom fields are part of the role data like any field: shown as ``custom.<key>`` in
``me.permissions`` and on roles, granted and denied in roleCreate/roleUpdate, and never granted
beyond what the one granting holds (explicitly or by the definition's default)."""

from __future__ import annotations

from typing import Any

from models.access.catalogue import CATALOGUE
from models.custom_field import CustomField
from models.role import Role
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, entry, grant, role_count

ME = "query { me { permissions { object fields { field read write } } } }"
ROLE_CREATE = """
mutation($in: RoleInput!) {
  roleCreate(input: $in) { id permissions { object fields { field read write } } }
}
"""
ROLE_UPDATE = "mutation($in: RoleUpdateInput!) { roleUpdate(input: $in) { id } }"
READ_DEAL = "query($id: ID!) { node(id: $id) { ... on Deal { title custom } } }"


async def _define() -> None:
    await CustomField.create(object="deal", key="vip", label="VIP", type="text")
    await CustomField.create(
        object="deal", key="secret", label="Secret", type="text", sensitive=True
    )


def _custom(permissions: list[dict[str, Any]], obj: str = "deal") -> dict[str, dict[str, bool]]:
    row = next(p for p in permissions if p["object"] == obj)
    return {
        f["field"]: {"read": f["read"], "write": f["write"]}
        for f in row["fields"]
        if f["field"].startswith("custom.")
    }


async def test_me_permissions_show_custom_fields(api: GraphQLClient) -> None:
    await _define()
    owner = await signed_in(api, "owner")
    reader = await signed_in(api, "read_only")

    mine = _custom((await api.ok(ME, token=owner.access_token))["me"]["permissions"])
    theirs = _custom((await api.ok(ME, token=reader.access_token))["me"]["permissions"])

    assert mine == {
        "custom.secret": {"read": True, "write": True},
        "custom.vip": {"read": True, "write": True},
    }
    assert theirs == {
        "custom.secret": {"read": False, "write": False},
        "custom.vip": {"read": True, "write": False},
    }


def _deal_entry(*custom: dict[str, Any]) -> dict[str, Any]:
    row = entry("deal", ["read"], "ALL", "OWN", read=["title"])
    row["fields"] += list(custom)
    return row


async def test_an_owner_grants_a_custom_field(api: GraphQLClient) -> None:
    await _define()
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user, custom='{"secret": "s", "vip": "v"}')
    secret = {"field": "custom.secret", "read": True, "write": False}

    data = await api.ok(
        ROLE_CREATE,
        {"in": {"name": "Secret Reader", "level": 10, "permissions": [_deal_entry(secret)]}},
        token=owner.access_token,
    )

    assert _custom(data["roleCreate"]["permissions"]) == {
        "custom.secret": {"read": True, "write": False},
        "custom.vip": {"read": False, "write": False},
    }
    holder = await signed_in(api, await Role.get(name="Secret Reader"), email="h@acme.test")
    seen = (await api.ok(READ_DEAL, {"id": gid(deal)}, token=holder.access_token))["node"]
    assert seen["custom"] == {"secret": "s"}


async def test_an_owner_denies_a_custom_field_by_default_readable(api: GraphQLClient) -> None:
    await _define()
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user, custom='{"secret": "s", "vip": "v"}')
    reads_all = grant(["read"], "all", "own", {"title": "read"})
    role = await custom_role("Deal Reader", 10, {"deal": reads_all})
    denied = {"field": "custom.vip", "read": False, "write": False}

    await api.ok(
        ROLE_UPDATE,
        {"in": {"id": gid(role), "permissions": [_deal_entry(denied)]}},
        token=owner.access_token,
    )

    holder = await signed_in(api, role, email="h@acme.test")
    mine = _custom((await api.ok(ME, token=holder.access_token))["me"]["permissions"])
    assert mine["custom.vip"] == {"read": False, "write": False}
    seen = (await api.ok(READ_DEAL, {"id": gid(deal)}, token=holder.access_token))["node"]
    assert "vip" not in seen["custom"]


async def _granter(api: GraphQLClient, deal_fields: dict[str, str]) -> str:
    """A custom role that may create roles and reads deals with the given fields."""
    role = await custom_role(
        "Granter",
        50,
        {
            "role": grant(
                ["create", "read", "update"],
                fields={"name": "write", "level": "write", "permissions": "write"},
            ),
            "deal": grant(["read"], "all", "own", deal_fields),
        },
    )
    return (await signed_in(api, role, email="granter@acme.test")).access_token


async def test_granting_a_custom_field_one_cannot_read_is_refused(api: GraphQLClient) -> None:
    await _define()
    token = await _granter(api, {"title": "read", "custom.secret": "none"})
    before = await role_count()
    secret = {"field": "custom.secret", "read": True, "write": False}

    result = await api.execute(
        ROLE_CREATE,
        {"in": {"name": "Sneaky", "level": 10, "permissions": [_deal_entry(secret)]}},
        token=token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert "custom.secret" in result.errors[0]["message"]
    assert await role_count() == before


async def test_a_default_beyond_ones_own_explicit_denial_is_refused(api: GraphQLClient) -> None:
    """Without an explicit entry the new role would read ``vip`` by default (it reads every
    deal field the granter reads); the granter is denied ``vip``, so that is escalation too."""
    await _define()
    plain = [f.name for f in CATALOGUE["deal"].fields.values() if not f.sensitive]
    token = await _granter(api, {**dict.fromkeys(plain, "read"), "custom.vip": "none"})
    before = await role_count()
    reads_all = entry("deal", ["read"], "ALL", "OWN", read=plain)

    result = await api.execute(
        ROLE_CREATE,
        {"in": {"name": "Sneaky", "level": 10, "permissions": [reads_all]}},
        token=token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert "custom.vip" in result.errors[0]["message"]
    assert await role_count() == before


async def test_an_undefined_custom_field_is_bad_input(api: GraphQLClient) -> None:
    await _define()
    owner = await signed_in(api, "owner")
    unknown = {"field": "custom.nosuch", "read": True, "write": False}

    result = await api.execute(
        ROLE_CREATE,
        {"in": {"name": "Typo", "level": 10, "permissions": [_deal_entry(unknown)]}},
        token=owner.access_token,
    )

    assert result.codes == ["BAD_USER_INPUT"]
    assert result.errors[0]["extensions"]["field"] == "permissions.deal.fields.custom.nosuch"
