"""The permission matrix, generated: every role template x object x field x operation.

Expectations come from the shipped policy data (models/access/role_templates.py), answers from the
API.
Each test arranges one small world: the caller's own records, a department colleague's and an
outsider's, so that row scope shows in the counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from models.access import policy
from models.access.catalogue import CATALOGUE
from models.access.policy import ObjectGrant
from models.access.role_templates import BY_KEY, TEMPLATES
from models.activity import Activity
from models.audit import write_audit
from models.automation import AutomationRule
from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.lead import Lead
from models.product import Product
from models.role import Role
from models.task import Task
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient, Result
from tests.support.matrix import CREATE_MUTATIONS, LISTS, PROBES, TYPE_NAMES, selection

ROLES = [t.key for t in TEMPLATES]
LISTED = list(LISTS)
MODELS: dict[str, Any] = {
    "company": Company,
    "contact": Contact,
    "deal": Deal,
    "lead": Lead,
    "activity": Activity,
    "task": Task,
    "product": Product,
}


def grant(role: str, obj: str) -> ObjectGrant:
    return policy.load(BY_KEY[role].permissions).grant(obj)


@dataclass
class World:
    me: Account
    ids: dict[str, str]
    mine: dict[str, Any]


async def arrange(api: GraphQLClient, role: str) -> World:
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    me = await signed_in(api, role, department="Sales")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    pipe = await crm.pipeline()
    stage = await crm.first_stage(pipe)
    mine: dict[str, Any] = {}
    mine["company"] = await crm.company(me.user, sales, industry="Retail", country="ES")
    mine["contact"] = await crm.contact(me.user, sales, company=mine["company"])
    mine["deal"] = await crm.deal(
        me.user, sales, stage=stage, contact=mine["contact"], company=mine["company"]
    )
    mine["lead"] = await crm.lead(me.user, sales)
    for other, dept in ((colleague, sales), (outsider, marketing)):
        await crm.lead(other.user, dept, name="Other lead")
    mine["product"] = await Product.create(sku="W-1", name="Widget", price=10, cost=4)
    for sku in ("W-2", "W-3"):
        await Product.create(sku=sku, name=f"Widget {sku}", price=20, cost=8)
    mine["activity"] = await crm.activity(
        me.user, sales, contact=mine["contact"], company=mine["company"], deal=mine["deal"]
    )
    mine["task"] = await crm.task(me.user, sales)
    for other, dept in ((colleague, sales), (outsider, marketing)):
        await crm.task(other.user, dept, title="Other task")
        await crm.company(other.user, dept, name="Other Co")
        await crm.contact(other.user, dept, first_name="Other")
        await crm.deal(other.user, dept, stage=stage, title="Other deal")
        await crm.activity(other.user, dept, subject="Other call")
    rule = await AutomationRule.create(
        pipeline=pipe, name="Welcome", trigger="deal_created", actions=[], created_by=me.user
    )
    ids = {
        "automation_rule": crm.gid(rule),
        "me": crm.gid(me.user),
        "colleague": crm.gid(colleague.user),
        "my_department": crm.gid(sales),
        "pipeline": crm.gid(pipe),
        "stage": crm.gid(stage),
        **{obj: crm.gid(row) for obj, row in mine.items()},
    }
    return World(me, ids, mine)


def _errors_at(result: Result, *path: str | int) -> list[str | None]:
    return [e.get("extensions", {}).get("code") for e in result.errors if tuple(e["path"]) == path]


def _expected_count(g: ObjectGrant) -> int:
    # Three rows each: the caller's, a department colleague's, an outsider's.
    return {"all": 3, "department": 2, "own": 1}[g.read_scope]


@pytest.mark.parametrize("obj", LISTED)
@pytest.mark.parametrize("role", ROLES)
async def test_select_follows_the_policy(api: GraphQLClient, role: str, obj: str) -> None:
    world = await arrange(api, role)
    g = grant(role, obj)
    fields = list(CATALOGUE[obj].fields)
    body = " ".join(f"f{i}: {selection(obj, name)}" for i, name in enumerate(fields))
    query = f"query($id: ID!) {{ node(id: $id) {{ id ... on {TYPE_NAMES[obj]} {{ {body} }} }} }}"

    result = await api.execute(query, {"id": world.ids[obj]}, token=world.me.access_token)

    if "read" not in g.ops:
        assert result.data == {"node": None} and result.codes == ["NOT_FOUND"]
        return
    assert result.data is not None and result.data["node"] is not None
    for i, name in enumerate(fields):
        codes = _errors_at(result, "node", f"f{i}")
        if name in g.readable:
            assert "FORBIDDEN" not in codes, f"{role} should read {obj}.{name}"
        else:
            assert codes == ["FORBIDDEN"], f"{role} must not read {obj}.{name}"
            assert result.data["node"][f"f{i}"] is None


@pytest.mark.parametrize("obj", LISTED)
@pytest.mark.parametrize("role", ROLES)
async def test_counts_filters_and_sorts_follow_the_policy(
    api: GraphQLClient, role: str, obj: str
) -> None:
    world = await arrange(api, role)
    g, probe, field_name = grant(role, obj), PROBES[obj], LISTS[obj]
    token = world.me.access_token

    counted = await api.execute(f"{{ {field_name} {{ totalCount }} }}", token=token)
    if "read" not in g.ops:
        assert counted.codes == ["FORBIDDEN"] and counted.data is None
    else:
        assert counted.data == {field_name: {"totalCount": _expected_count(g)}}

    for arg, (catalogue_field, value) in probe.filters.items():
        query = f"query($v: {_scalar(obj, arg)}) {{ {field_name}(filter: {{ {arg}: $v }}) "
        query += "{ totalCount } }"
        result = await api.execute(query, {"v": value(world.ids)}, token=token)
        allowed = "read" in g.ops and (catalogue_field is None or catalogue_field in g.readable)
        assert (result.codes == []) == allowed, f"{role} filter {obj}.{arg}: {result.errors}"
        if not allowed:
            assert result.codes == ["FORBIDDEN"] and result.data is None

    for sort, catalogue_field in probe.sorts.items():
        query = f"{{ {field_name}(orderBy: [{{ field: {sort}, direction: DESC }}]) "
        query += "{ totalCount edges { cursor } } }"
        result = await api.execute(query, token=token)
        allowed = "read" in g.ops and (catalogue_field is None or catalogue_field in g.readable)
        assert (result.codes == []) == allowed, f"{role} sort {obj}.{sort}: {result.errors}"
        if not allowed:
            assert result.codes == ["FORBIDDEN"] and result.data is None


def _scalar(obj: str, arg: str) -> str:
    if arg.endswith("Id"):
        return "ID"
    if arg.startswith(("amount", "cost", "price")):
        return "Decimal"
    if arg in ("active", "overdue"):
        return "Boolean"
    if arg in ("createdAfter", "dueBefore"):
        return "DateTime"
    if arg == "tags":
        return "[String!]"
    if arg.endswith("Consent"):
        return "Boolean"
    return "String"


@pytest.mark.parametrize("obj", LISTED)
@pytest.mark.parametrize("role", ROLES)
async def test_writes_follow_the_policy(api: GraphQLClient, role: str, obj: str) -> None:
    world = await arrange(api, role)
    g, probe = grant(role, obj), PROBES[obj]
    type_name, token = TYPE_NAMES[obj], world.me.access_token
    mutation = (
        f"mutation($input: {type_name}UpdateInput!) {{ {obj}Update(input: $input) {{ id }} }}"
    )
    row = world.mine[obj]

    for name, (attr, value) in probe.writes.items():
        before = await MODELS[obj].get(id=row.id)
        variables = {"input": {"id": world.ids[obj], attr: value(world.ids)}}
        result = await api.execute(mutation, variables, token=token)
        allowed = "update" in g.ops and name in g.writable
        assert (result.codes == []) == allowed, f"{role} write {obj}.{name}: {result.errors}"
        if not allowed:
            assert result.codes == ["FORBIDDEN"]
            after = await MODELS[obj].get(id=row.id)
            assert after.version == before.version, "a refused write must write nothing"


@pytest.mark.parametrize("obj", LISTED)
@pytest.mark.parametrize("role", ROLES)
async def test_create_and_delete_follow_the_policy(api: GraphQLClient, role: str, obj: str) -> None:
    world = await arrange(api, role)
    g, probe = grant(role, obj), PROBES[obj]
    type_name, token = TYPE_NAMES[obj], world.me.access_token
    fields_needed = {_field_of(probe.writes, attr) for attr in probe.create}
    before = await MODELS[obj].all().count()

    create, input_type = CREATE_MUTATIONS.get(obj, (f"{obj}Create", f"{type_name}CreateInput"))
    created = await api.execute(
        f"mutation($input: {input_type}!) {{ {create}(input: $input) {{ id }} }}",
        {"input": {attr: value(world.ids) for attr, value in probe.create.items()}},
        token=token,
    )
    deleted = await api.execute(
        f"mutation($id: ID!) {{ {obj}Delete(id: $id) }}", {"id": world.ids[obj]}, token=token
    )

    may_create = "create" in g.ops and fields_needed <= g.writable
    assert (created.codes == []) == may_create, f"{role} create {obj}: {created.errors}"
    assert await MODELS[obj].all().count() == before + (1 if may_create else 0)
    may_delete = "delete" in g.ops
    assert (deleted.codes == []) == may_delete, f"{role} delete {obj}: {deleted.errors}"
    row = await MODELS[obj].get(id=world.mine[obj].id)
    assert (row.deleted_at is not None) == may_delete


def _field_of(writes: Mapping[str, tuple[str, Any]], attr: str) -> str:
    return next(name for name, (a, _) in writes.items() if a == attr)


def test_every_field_has_a_probe() -> None:
    """A field added to the catalogue must be added to the matrix too."""
    for obj in LISTED:
        spec = CATALOGUE[obj]
        writable = {f.name for f in spec.fields.values() if f.writable}
        assert writable <= set(PROBES[obj].writes), f"{obj}: no write probe for some fields"


OTHER_OBJECTS = {
    "pipeline": "pipeline",
    "user": "colleague",
    "role": "role",
    "department": "my_department",
    "automationRule": "automation_rule",
}


@pytest.mark.parametrize("obj", list(OTHER_OBJECTS))
@pytest.mark.parametrize("role", ROLES)
async def test_select_of_shared_objects_follows_the_policy(
    api: GraphQLClient, role: str, obj: str
) -> None:
    world = await arrange(api, role)
    world.ids["role"] = crm.gid(await Role.get(template="salesperson"))
    entry = await write_audit(None, "role.update", "role", 1, {"name": "A"}, {"name": "B"})
    world.ids["audit_entry"] = crm.gid(entry)
    g = grant(role, obj)
    spec = CATALOGUE[obj]
    fields = list(spec.fields)
    body = " ".join(f"f{i}: {selection(obj, name)}" for i, name in enumerate(fields))
    query = f"query($id: ID!) {{ node(id: $id) {{ id ... on {spec.type_name} {{ {body} }} }} }}"

    result = await api.execute(
        query, {"id": world.ids[OTHER_OBJECTS[obj]]}, token=world.me.access_token
    )

    if "read" not in g.ops:
        assert result.data == {"node": None} and result.codes == ["NOT_FOUND"]
        return
    assert result.data is not None and result.data["node"] is not None
    for i, name in enumerate(fields):
        codes = _errors_at(result, "node", f"f{i}")
        if name in g.readable:
            assert "FORBIDDEN" not in codes, f"{role} should read {obj}.{name}"
        else:
            assert codes == ["FORBIDDEN"], f"{role} must not read {obj}.{name}"


ME_PERMISSIONS = """
{ me { permissions { object operations readScope writeScope fields { field read write } } } }
"""


@pytest.mark.parametrize("role", ROLES)
async def test_me_permissions_is_the_effective_matrix(api: GraphQLClient, role: str) -> None:
    me = await signed_in(api, role)

    data = await api.ok(ME_PERMISSIONS, token=me.access_token)

    rows = {row["object"]: row for row in data["me"]["permissions"]}
    assert set(rows) == {spec.name for spec in CATALOGUE}
    for spec in CATALOGUE:
        g, row = grant(role, spec.name), rows[spec.name]
        assert {op.lower() for op in row["operations"]} == set(g.ops)
        if g.ops:
            assert row["readScope"].lower() == g.read_scope
            assert row["writeScope"].lower() == g.write_scope
        fields = {f["field"]: (f["read"], f["write"]) for f in row["fields"]}
        assert fields == {name: (name in g.readable, name in g.writable) for name in spec.fields}


# Writes to shared objects: (mutation, input type, the row's world key, field -> input value).
SHARED_WRITES: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "user": (
        "userUpdate",
        "UserUpdateInput",
        "colleague",
        {"name": "Renamed", "locale": "es", "timeZone": "Europe/Madrid"},
    ),
    "department": (
        "departmentUpdate",
        "DepartmentUpdateInput",
        "my_department",
        {"name": "Ventas"},
    ),
    "role": ("roleUpdate", "RoleUpdateInput", "custom_role", {"name": "Interns"}),
    "automationRule": (
        "automationRuleUpdate",
        "AutomationRuleUpdateInput",
        "automation_rule",
        {"name": "Renamed", "active": False},
    ),
}


@pytest.mark.parametrize("obj", list(SHARED_WRITES))
@pytest.mark.parametrize("role", ROLES)
async def test_writes_to_shared_objects_follow_the_policy(
    api: GraphQLClient, role: str, obj: str
) -> None:
    world = await arrange(api, role)
    # A custom role below every template, granting nothing: rank and escalation rules let
    # anyone with the permission rename it, so only the policy decides.
    world.ids["custom_role"] = crm.gid(await Role.create(name="Interns0", level=1, permissions={}))
    mutation, input_type, key, values = SHARED_WRITES[obj]
    g = grant(role, obj)
    # Users are managed only below one's rank: the colleague is a Salesperson (40).
    outranks = obj != "user" or BY_KEY[role].level > BY_KEY["salesperson"].level

    for name, value in values.items():
        result = await api.execute(
            f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ id }} }}",
            {"input": {"id": world.ids[key], name: value}},
            token=world.me.access_token,
        )
        allowed = "update" in g.ops and name in g.writable and outranks
        assert (result.codes == []) == allowed, f"{role} write {obj}.{name}: {result.errors}"
        if not allowed:
            assert result.codes == ["FORBIDDEN"], f"{role} write {obj}.{name}: {result.errors}"
