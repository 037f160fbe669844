"""Audit walk cases: sign-in flows, users, API keys, IP blocks, roles, departments, ownership."""

from __future__ import annotations

from typing import Any

from tests.hardening.audit_cases.registry import World, case
from tests.support import crm
from tests.support.accounts import make_user, role_id
from tests.support.smtp import token_in


@case("passwordResetRequest")
async def _password_reset_request(w: World) -> tuple[str, dict[str, Any], str]:
    await make_user("salesperson")
    return (
        "mutation($e: String!) { passwordResetRequest(email: $e) }",
        {"e": "salesperson@acme.test"},
        "user.",
    )


@case("passwordReset")
async def _password_reset(w: World) -> tuple[str, dict[str, Any], str]:
    await make_user("salesperson")
    await w.api.ok(
        "mutation($e: String!) { passwordResetRequest(email: $e) }",
        {"e": "salesperson@acme.test"},
    )
    token = token_in(await w.smtp.inbox.next_to("salesperson@acme.test"))
    return (
        "mutation($t: String!, $p: String!) { passwordReset(token: $t, newPassword: $p) }",
        {"t": token, "p": "another-long-unusual-passphrase"},
        "user.",
    )


async def _invite(w: World) -> dict[str, Any]:
    return await w.ok(
        "mutation($in: UserInviteInput!) { userInvite(input: $in) { id } }",
        {
            "in": {
                "email": "new.hire@acme.test",
                "name": "New Hire",
                "roleId": await role_id(w.api, "salesperson"),
            }
        },
    )


@case("userInvite")
async def _user_invite(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($in: UserInviteInput!) { userInvite(input: $in) { id } }",
        {
            "in": {
                "email": "new.hire@acme.test",
                "name": "New Hire",
                "roleId": await role_id(w.api, "salesperson"),
            }
        },
        "user.",
    )


@case("inviteAccept")
async def _invite_accept(w: World) -> tuple[str, dict[str, Any], str]:
    await _invite(w)
    token = token_in(await w.smtp.inbox.next_to("new.hire@acme.test"))
    return (
        "mutation($t: String!, $p: String!) "
        "{ inviteAccept(token: $t, password: $p) { accessToken } }",
        {"t": token, "p": "another-long-unusual-passphrase"},
        "user.",
    )


@case("userUpdate")
async def _user_update(w: World) -> tuple[str, dict[str, Any], str]:
    seller = await make_user("salesperson")
    return (
        "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id } }",
        {"in": {"id": crm.gid(seller.user), "roleId": await role_id(w.api, "manager")}},
        "user.",
    )


@case("userDeactivate")
async def _user_deactivate(w: World) -> tuple[str, dict[str, Any], str]:
    seller = await make_user("salesperson")
    return (
        "mutation($id: ID!) { userDeactivate(id: $id) { id } }",
        {"id": crm.gid(seller.user)},
        "user.",
    )


API_KEY = """mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { apiKey { id } } }"""


async def _api_key_input(w: World) -> dict[str, Any]:
    return {"in": {"name": "Zapier", "roleId": await role_id(w.api, "salesperson")}}


@case("apiKeyCreate")
async def _api_key_create(w: World) -> tuple[str, dict[str, Any], str]:
    return API_KEY, await _api_key_input(w), "apiKey."


@case("apiKeyRevoke")
async def _api_key_revoke(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(API_KEY, await _api_key_input(w))
    return (
        "mutation($id: ID!) { apiKeyRevoke(id: $id) { id } }",
        {"id": made["apiKeyCreate"]["apiKey"]["id"]},
        "apiKey.",
    )


@case("ipBlock")
async def _ip_block(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { ipBlock(ip: "203.0.113.9", reason: "abuse") { ip } }', {}, "ipBlock."


@case("ipUnblock")
async def _ip_unblock(w: World) -> tuple[str, dict[str, Any], str]:
    await w.ok('mutation { ipBlock(ip: "203.0.113.9") { ip } }')
    return 'mutation { ipUnblock(ip: "203.0.113.9") }', {}, "ipBlock."


ROLE = """mutation { roleCreate(input: {name: "Intern", level: 5, permissions: [
  {object: "company", operations: [READ], fields: [{field: "name", read: true}]}]}) { id } }"""


@case("roleCreate")
async def _role_create(w: World) -> tuple[str, dict[str, Any], str]:
    return ROLE, {}, "role."


@case("roleUpdate")
async def _role_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(ROLE)
    return (
        'mutation($id: ID!) { roleUpdate(input: {id: $id, name: "Trainee"}) { id } }',
        {"id": made["roleCreate"]["id"]},
        "role.",
    )


@case("roleDelete")
async def _role_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(ROLE)
    return "mutation($id: ID!) { roleDelete(id: $id) }", {"id": made["roleCreate"]["id"]}, "role."


DEPARTMENT = 'mutation { departmentCreate(input: {name: "Support"}) { id } }'


@case("departmentCreate")
async def _department_create(w: World) -> tuple[str, dict[str, Any], str]:
    return DEPARTMENT, {}, "department."


@case("departmentUpdate")
async def _department_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(DEPARTMENT)
    return (
        'mutation($id: ID!) { departmentUpdate(input: {id: $id, name: "Care"}) { id } }',
        {"id": made["departmentCreate"]["id"]},
        "department.",
    )


@case("departmentDelete")
async def _department_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(DEPARTMENT)
    return (
        "mutation($id: ID!) { departmentDelete(id: $id) }",
        {"id": made["departmentCreate"]["id"]},
        "department.",
    )


@case("recordsAssign")
async def _records_assign(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.company(w.owner.user)
    seller = await make_user("salesperson")
    return (
        "mutation($ids: [ID!]!, $o: ID!) { recordsAssign(input: {ids: $ids, ownerId: $o}) { id } }",
        {"ids": [crm.gid(row)], "o": crm.gid(seller.user)},
        "record.",
    )


@case("calendarFeedCreate")
async def _calendar_feed_create(w: World) -> tuple[str, dict[str, Any], str]:
    return "mutation { calendarFeedCreate { url } }", {}, "calendarFeed."


@case("calendarFeedRevoke")
async def _calendar_feed_revoke(w: World) -> tuple[str, dict[str, Any], str]:
    await w.ok("mutation { calendarFeedCreate { url } }")
    return "mutation { calendarFeedRevoke }", {}, "calendarFeed.revoke"
