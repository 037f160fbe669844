"""Audit walk cases: companies, contacts, imports, leads, segments, custom fields."""

from __future__ import annotations

from typing import Any

from tests.hardening.audit_cases.registry import World, case
from tests.support import crm


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
