"""Every mutation of the schema writes an audit entry, or stands on a short exemption list.

The walk reads the mutation fields from the schema itself, so a mutation added later without an
audit entry (and without a sample call here) fails ``test_every_mutation_is_walked``. Each sample
call runs as a client would, over HTTP; the entry is read back through ``auditLog`` as an Owner.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from models.product import Product
from models.user import User
from schema.schema import build_schema
from tests.support import crm
from tests.support.accounts import Account, make_user, role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer, token_in

# Mutations that write no audit entry, and why. Keep this list short: anything that changes
# business data, people or access belongs in the audit.
EXEMPT = {
    # Sign-in and sessions are recorded in loginAttempts and the session table; an audit entry
    # per sign-in would drown the log in noise.
    "login": "sign-in is recorded in loginAttempts",
    "tokenRefresh": "a session renewal, recorded on the session family",
    "logout": "ends the caller's own session; recorded on the session",
    # Ephemeral state: presence lives in memory/bus, never in the database.
    "presenceHeartbeat": "presence is ephemeral and never stored",
    # A user marking their own notifications read changes nothing anyone else sees.
    "notificationsMarkRead": "a reader's own notification state",
    "notificationsMarkAllRead": "a reader's own notification state",
}

LATEST = """query { auditLog(first: 20) { edges { node {
  id action object actor { id email } } } } }"""


@dataclass(slots=True)
class World:
    api: GraphQLClient
    owner: Account
    smtp: SmtpServer

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.api.ok(query, variables, token=self.owner.access_token)


Case = Callable[[World], Awaitable[tuple[str, dict[str, Any], str]]]
CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[name] = fn
        return fn

    return register


def _mutations() -> list[str]:
    return sorted(build_schema()._schema.mutation_type.fields)


async def _owner_user(w: World) -> User:
    return w.owner.user


async def _deal(w: World) -> Any:
    return await crm.deal(await _owner_user(w))


# Each case arranges what it needs and returns (document, variables, expected action prefix).
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


@case("companyCreate")
async def _company_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { companyCreate(input: {name: "Initech"}) { id } }', {}, "company."


@case("companyUpdate")
async def _company_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.company(w.owner.user)
    return (
        'mutation($id: ID!) { companyUpdate(input: {id: $id, city: "Lyon"}) { id } }',
        {"id": crm.gid(row)},
        "company.",
    )


@case("companyDelete")
async def _company_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.company(w.owner.user)
    return "mutation($id: ID!) { companyDelete(id: $id) }", {"id": crm.gid(row)}, "company."


@case("companyRestore")
async def _company_restore(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.company(w.owner.user)
    await w.ok("mutation($id: ID!) { companyDelete(id: $id) }", {"id": crm.gid(row)})
    return (
        "mutation($id: ID!) { companyRestore(id: $id) { id } }",
        {"id": crm.gid(row)},
        "company.",
    )


@case("contactCreate")
async def _contact_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { contactCreate(input: {firstName: "Grace"}) { id } }', {}, "contact."


@case("contactUpdate")
async def _contact_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.contact(w.owner.user)
    return (
        'mutation($id: ID!) { contactUpdate(input: {id: $id, city: "Lyon"}) { id } }',
        {"id": crm.gid(row)},
        "contact.",
    )


@case("contactDelete")
async def _contact_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.contact(w.owner.user)
    return "mutation($id: ID!) { contactDelete(id: $id) }", {"id": crm.gid(row)}, "contact."


@case("contactRestore")
async def _contact_restore(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.contact(w.owner.user)
    await w.ok("mutation($id: ID!) { contactDelete(id: $id) }", {"id": crm.gid(row)})
    return (
        "mutation($id: ID!) { contactRestore(id: $id) { id } }",
        {"id": crm.gid(row)},
        "contact.",
    )


@case("contactMerge")
async def _contact_merge(w: World) -> tuple[str, dict[str, Any], str]:
    target = await crm.contact(w.owner.user)
    source = await crm.contact(w.owner.user, email="other@example.test")
    return (
        "mutation($t: ID!, $s: [ID!]!) "
        "{ contactMerge(input: {targetId: $t, sourceIds: $s}) { id } }",
        {"t": crm.gid(target), "s": [crm.gid(source)]},
        "contact.",
    )


@case("contactImport")
async def _contact_import(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($csv: String!) { contactImport(input: {csv: $csv})"
        " { created errors { message } } }",
        {"csv": "firstName,email\nGrace,grace@example.com\n"},
        "contact.",
    )


@case("leadCreate")
async def _lead_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { leadCreate(input: {name: "Linus"}) { id } }', {}, "lead."


@case("leadUpdate")
async def _lead_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.lead(w.owner.user)
    return (
        'mutation($id: ID!) { leadUpdate(input: {id: $id, comment: "hot"}) { id } }',
        {"id": crm.gid(row)},
        "lead.",
    )


@case("leadDelete")
async def _lead_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.lead(w.owner.user)
    return "mutation($id: ID!) { leadDelete(id: $id) }", {"id": crm.gid(row)}, "lead."


@case("leadConvert")
async def _lead_convert(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.lead(w.owner.user)
    return (
        "mutation($id: ID!) { leadConvert(input: {id: $id}) { contact { id } } }",
        {"id": crm.gid(row)},
        "lead.",
    )


SEGMENT = """mutation { segmentCreate(input: {name: "Spain", filter: {country: "ES"}}) { id } }"""


@case("segmentCreate")
async def _segment_create(w: World) -> tuple[str, dict[str, Any], str]:
    return SEGMENT, {}, "segment."


@case("segmentUpdate")
async def _segment_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(SEGMENT)
    return (
        'mutation($id: ID!) { segmentUpdate(input: {id: $id, name: "Espana"}) { id } }',
        {"id": made["segmentCreate"]["id"]},
        "segment.",
    )


@case("segmentDelete")
async def _segment_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(SEGMENT)
    return (
        "mutation($id: ID!) { segmentDelete(id: $id) }",
        {"id": made["segmentCreate"]["id"]},
        "segment.",
    )


CUSTOM = """mutation { customFieldDefine(input: {object: CONTACT, key: "score", label: "Score",
  type: NUMBER}) { id } }"""


@case("customFieldDefine")
async def _custom_field_define(w: World) -> tuple[str, dict[str, Any], str]:
    return CUSTOM, {}, "customField."


@case("customFieldUpdate")
async def _custom_field_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(CUSTOM)
    return (
        'mutation($id: ID!) { customFieldUpdate(input: {id: $id, label: "Rank"}) { id } }',
        {"id": made["customFieldDefine"]["id"]},
        "customField.",
    )


@case("customFieldRemove")
async def _custom_field_remove(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(CUSTOM)
    return (
        "mutation($id: ID!) { customFieldRemove(id: $id) }",
        {"id": made["customFieldDefine"]["id"]},
        "customField.",
    )


@case("dealCreate")
async def _deal_create(w: World) -> tuple[str, dict[str, Any], str]:
    stage = await crm.first_stage(await crm.pipeline())
    return (
        'mutation($s: ID!) { dealCreate(input: {title: "Fleet", stageId: $s}) { id } }',
        {"s": crm.gid(stage)},
        "deal.",
    )


@case("dealUpdate")
async def _deal_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await _deal(w)
    return (
        'mutation($id: ID!) { dealUpdate(input: {id: $id, title: "Fleet 2"}) { id } }',
        {"id": crm.gid(row)},
        "deal.",
    )


@case("dealMove")
async def _deal_move(w: World) -> tuple[str, dict[str, Any], str]:
    from models.pipeline import Stage

    row = await _deal(w)
    won = await Stage.get(pipeline_id=row.pipeline_id, name="Won")
    return (
        "mutation($id: ID!, $s: ID!) "
        "{ dealMove(input: {id: $id, stageId: $s, position: 0}) { id } }",
        {"id": crm.gid(row), "s": crm.gid(won)},
        "deal.",
    )


@case("dealDelete")
async def _deal_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await _deal(w)
    return "mutation($id: ID!) { dealDelete(id: $id) }", {"id": crm.gid(row)}, "deal."


@case("dealLineItemsSet")
async def _deal_line_items_set(w: World) -> tuple[str, dict[str, Any], str]:
    row = await _deal(w)
    product = await Product.create(sku="W-1", name="Widget", price=10, cost=4)
    return (
        """mutation($id: ID!, $p: ID!) { dealLineItemsSet(input: {id: $id,
          items: [{productId: $p, quantity: "2"}]}) { id } }""",
        {"id": crm.gid(row), "p": crm.gid(product)},
        "deal.",
    )


@case("activityLog")
async def _activity_log(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { activityLog(input: {kind: "call", subject: "Hi"}) { id } }', {}, "activity."


@case("activityUpdate")
async def _activity_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.activity(w.owner.user)
    return (
        'mutation($id: ID!) { activityUpdate(input: {id: $id, subject: "Again"}) { id } }',
        {"id": crm.gid(row)},
        "activity.",
    )


@case("activityDelete")
async def _activity_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.activity(w.owner.user)
    return "mutation($id: ID!) { activityDelete(id: $id) }", {"id": crm.gid(row)}, "activity."


@case("taskCreate")
async def _task_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { taskCreate(input: {title: "Call back"}) { id } }', {}, "task."


@case("taskUpdate")
async def _task_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.task(w.owner.user)
    return (
        'mutation($id: ID!) { taskUpdate(input: {id: $id, title: "Call again"}) { id } }',
        {"id": crm.gid(row)},
        "task.",
    )


@case("taskComplete")
async def _task_complete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.task(w.owner.user)
    return (
        "mutation($id: ID!) { taskComplete(input: {id: $id}) { id } }",
        {"id": crm.gid(row)},
        "task.",
    )


@case("taskDelete")
async def _task_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.task(w.owner.user)
    return "mutation($id: ID!) { taskDelete(id: $id) }", {"id": crm.gid(row)}, "task."


COMMENT = """mutation($t: ID!) { commentCreate(input: {targetId: $t, body: "Nice"}) { id } }"""


@case("commentCreate")
async def _comment_create(w: World) -> tuple[str, dict[str, Any], str]:
    row = await _deal(w)
    return COMMENT, {"t": crm.gid(row)}, "comment."


@case("commentUpdate")
async def _comment_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await _deal(w)
    made = await w.ok(COMMENT, {"t": crm.gid(row)})
    return (
        'mutation($id: ID!) { commentUpdate(input: {id: $id, body: "Nicer"}) { id } }',
        {"id": made["commentCreate"]["id"]},
        "comment.",
    )


@case("commentDelete")
async def _comment_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await _deal(w)
    made = await w.ok(COMMENT, {"t": crm.gid(row)})
    return (
        "mutation($id: ID!) { commentDelete(id: $id) }",
        {"id": made["commentCreate"]["id"]},
        "comment.",
    )


@case("pipelineCreate")
async def _pipeline_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { pipelineCreate(input: {name: "Renewals"}) { id } }', {}, "pipeline."


@case("pipelineUpdate")
async def _pipeline_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.pipeline()
    return (
        'mutation($id: ID!) { pipelineUpdate(input: {id: $id, name: "Renewals"}) { id } }',
        {"id": crm.gid(row)},
        "pipeline.",
    )


@case("stageCreate")
async def _stage_create(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.pipeline()
    return (
        'mutation($p: ID!) { stageCreate(input: {pipelineId: $p, name: "Demo"}) { id } }',
        {"p": crm.gid(row)},
        "pipeline.",
    )


@case("stageUpdate")
async def _stage_update(w: World) -> tuple[str, dict[str, Any], str]:
    stage = await crm.first_stage(await crm.pipeline())
    return (
        'mutation($id: ID!) { stageUpdate(input: {id: $id, name: "Fresh"}) { id } }',
        {"id": crm.gid(stage)},
        "pipeline.",
    )


@case("stageReorder")
async def _stage_reorder(w: World) -> tuple[str, dict[str, Any], str]:
    from models.pipeline import Stage

    row = await crm.pipeline()
    stages = await Stage.filter(pipeline_id=row.id).order_by("-position")
    return (
        "mutation($p: ID!, $s: [ID!]!) "
        "{ stageReorder(input: {pipelineId: $p, stageIds: $s}) { id } }",
        {"p": crm.gid(row), "s": [crm.gid(s) for s in stages]},
        "pipeline.",
    )


PRODUCT = """mutation { productCreate(input: {sku: "W-9", name: "Widget"}) { id } }"""


@case("productCreate")
async def _product_create(w: World) -> tuple[str, dict[str, Any], str]:
    return PRODUCT, {}, "product."


@case("productUpdate")
async def _product_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(PRODUCT)
    return (
        'mutation($id: ID!) { productUpdate(input: {id: $id, name: "Gadget"}) { id } }',
        {"id": made["productCreate"]["id"]},
        "product.",
    )


@case("productDelete")
async def _product_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(PRODUCT)
    return (
        "mutation($id: ID!) { productDelete(id: $id) }",
        {"id": made["productCreate"]["id"]},
        "product.",
    )


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


RULE = """mutation($p: ID!) { automationRuleCreate(input: {pipelineId: $p, name: "Welcome",
  trigger: {kind: DEAL_CREATED}, actions: [{kind: CREATE_TASK, title: "Call"}]}) { id } }"""


@case("automationRuleCreate")
async def _rule_create(w: World) -> tuple[str, dict[str, Any], str]:
    return RULE, {"p": crm.gid(await crm.pipeline())}, "automationRule."


@case("automationRuleUpdate")
async def _rule_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(RULE, {"p": crm.gid(await crm.pipeline())})
    return (
        'mutation($id: ID!) { automationRuleUpdate(input: {id: $id, name: "Hello"}) { id } }',
        {"id": made["automationRuleCreate"]["id"]},
        "automationRule.",
    )


@case("automationRuleDelete")
async def _rule_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(RULE, {"p": crm.gid(await crm.pipeline())})
    return (
        "mutation($id: ID!) { automationRuleDelete(id: $id) }",
        {"id": made["automationRuleCreate"]["id"]},
        "automationRule.",
    )


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url}


def test_every_mutation_is_walked() -> None:
    """A mutation of the schema with neither a sample call nor an exemption fails here."""
    unwalked = [m for m in _mutations() if m not in CASES and m not in EXEMPT]
    assert unwalked == [], f"add an audit entry and a sample call for: {unwalked}"
    assert not set(CASES) & set(EXEMPT)
    stale = sorted((set(CASES) | set(EXEMPT)) - set(_mutations()))
    assert stale == [], f"not mutations of the schema: {stale}"


async def _latest(w: World) -> list[dict[str, Any]]:
    data = await w.ok(LATEST)
    return [e["node"] for e in data["auditLog"]["edges"]]


@pytest.mark.parametrize("mutation", sorted(CASES))
async def test_the_mutation_writes_an_audit_entry(
    mutation: str, api: GraphQLClient, smtp_server: SmtpServer, app: Any
) -> None:
    world = World(api, await signed_in(api, "owner"), smtp_server)
    query, variables, prefix = await CASES[mutation](world)
    seen = {e["id"] for e in await _latest(world)}

    token = None if mutation in {"passwordReset", "inviteAccept"} else world.owner.access_token
    result = await api.execute(query, variables, token=token)
    assert not result.errors, result.errors
    # Work done off the request path (a reset link is written and mailed in the background,
    # so that the request takes as long for an unknown address) lands before the check.
    await app.state.services.mailer.drain()

    new = [e for e in await _latest(world) if e["id"] not in seen]
    assert new, f"{mutation} wrote no audit entry"
    assert any(e["action"].startswith(prefix) for e in new), [e["action"] for e in new]
