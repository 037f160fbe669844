"""recordsAssign: new owners for companies, contacts and deals, all or none.

The Manager template may assign within its write scope (its departments); the Salesperson
template has no 'assign'. A record out of the caller's read scope is NOT_FOUND, one readable
but out of write scope FORBIDDEN, and either way no record of the batch changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from models.audit import AuditEntry
from models.deal import Deal
from models.department import Department
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, make_user, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count

ASSIGN = """
mutation Assign($input: RecordsAssignInput!) {
  recordsAssign(input: $input) {
    id
    ... on Deal { version owner { name } department { name } }
    ... on Company { version owner { name } }
  }
}
"""


@dataclass(slots=True)
class Floor:
    sales: Department
    marketing: Department
    manager: Account
    seller: User
    colleague: User
    marketer: User


@pytest.fixture
async def floor(api: GraphQLClient) -> Floor:
    """A Sales manager, two Sales sellers and a Marketing colleague."""
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    manager = await signed_in(api, "manager")
    seller = await make_user("salesperson", email="seller@acme.test")
    colleague = await make_user("salesperson", email="colleague@acme.test")
    marketer = await make_user("marketing", email="marketer@acme.test", department="Marketing")
    return Floor(sales, marketing, manager, seller.user, colleague.user, marketer.user)


async def owners(*rows: Any) -> list[tuple[int | None, int | None, int]]:
    fresh = [await type(r).get(id=r.id) for r in rows]
    return [(r.owner_id, r.department_id, r.version) for r in fresh]


async def test_a_manager_hands_a_department_deal_to_a_colleague(
    api: GraphQLClient, floor: Floor
) -> None:
    deal = await crm.deal(floor.seller, floor.sales)

    data = await api.ok(
        ASSIGN,
        {"input": {"ids": [gid(deal)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    assert data["recordsAssign"] == [
        {
            "id": gid(deal),
            "version": 2,
            "owner": {"name": floor.colleague.name},
            "department": {"name": "Sales"},
        }
    ]


async def test_without_a_department_the_record_takes_the_new_owners_first_department(
    api: GraphQLClient, floor: Floor
) -> None:
    await floor.colleague.departments.clear()
    await floor.colleague.departments.add(floor.marketing, floor.sales)
    deal = await crm.deal(floor.seller, floor.sales)

    await api.ok(
        ASSIGN,
        {"input": {"ids": [gid(deal)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    lowest = min(floor.sales.id, floor.marketing.id)
    assert (await Deal.get(id=deal.id)).department_id == lowest


async def test_an_explicit_department_is_used(api: GraphQLClient, floor: Floor) -> None:
    deal = await crm.deal(floor.seller, floor.sales)

    await api.ok(
        ASSIGN,
        {
            "input": {
                "ids": [gid(deal)],
                "ownerId": gid(floor.marketer),
                "departmentId": gid(floor.marketing),
            }
        },
        token=floor.manager.access_token,
    )

    assert await owners(deal) == [(floor.marketer.id, floor.marketing.id, 2)]


async def test_each_assigned_record_leaves_an_audit_entry(api: GraphQLClient, floor: Floor) -> None:
    deal = await crm.deal(floor.seller, floor.sales)
    company = await crm.company(floor.seller, floor.sales)

    await api.ok(
        ASSIGN,
        {"input": {"ids": [gid(deal), gid(company)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    entries = await AuditEntry.filter(action="record.assign").order_by("id")
    assert [(e.object, e.record_id, e.actor_id) for e in entries] == [
        ("deal", deal.id, floor.manager.user.id),
        ("company", company.id, floor.manager.user.id),
    ]
    assert entries[0].before == {"owner": floor.seller.id, "department": floor.sales.id}
    assert entries[0].after == {"owner": floor.colleague.id, "department": floor.sales.id}


async def test_a_salesperson_cannot_assign(api: GraphQLClient, floor: Floor) -> None:
    seller = await signed_in(api, "salesperson", email="assigner@acme.test")
    deal = await crm.deal(seller.user, floor.sales)

    result = await api.execute(
        ASSIGN,
        {"input": {"ids": [gid(deal)], "ownerId": gid(floor.colleague)}},
        token=seller.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert await owners(deal) == [(seller.user.id, floor.sales.id, 1)]
    assert await audit_count() == 0


async def test_a_record_outside_read_scope_fails_the_whole_batch_as_not_found(
    api: GraphQLClient, floor: Floor
) -> None:
    mine = await crm.deal(floor.seller, floor.sales)
    hidden = await crm.deal(floor.marketer, floor.marketing)

    result = await api.execute(
        ASSIGN,
        {"input": {"ids": [gid(mine), gid(hidden)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    assert result.codes == ["NOT_FOUND"]
    assert await owners(mine, hidden) == [
        (floor.seller.id, floor.sales.id, 1),
        (floor.marketer.id, floor.marketing.id, 1),
    ]
    assert await audit_count() == 0


async def test_a_readable_record_outside_write_scope_fails_the_whole_batch(
    api: GraphQLClient, floor: Floor
) -> None:
    # Managers read every company but change only their departments' ones.
    mine = await crm.company(floor.seller, floor.sales)
    theirs = await crm.company(floor.marketer, floor.marketing, name="Globex")

    result = await api.execute(
        ASSIGN,
        {"input": {"ids": [gid(mine), gid(theirs)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert await owners(mine, theirs) == [
        (floor.seller.id, floor.sales.id, 1),
        (floor.marketer.id, floor.marketing.id, 1),
    ]


async def test_the_new_owner_must_be_active(api: GraphQLClient, floor: Floor) -> None:
    deal = await crm.deal(floor.seller, floor.sales)
    floor.colleague.is_active = False
    await floor.colleague.save()

    error = await api.error(
        ASSIGN,
        {"input": {"ids": [gid(deal)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "ownerId"}
    assert await owners(deal) == [(floor.seller.id, floor.sales.id, 1)]


async def test_only_owned_records_can_be_assigned(api: GraphQLClient, floor: Floor) -> None:
    error = await api.error(
        ASSIGN,
        {"input": {"ids": [gid(floor.sales)], "ownerId": gid(floor.colleague)}},
        token=floor.manager.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "ids"}
