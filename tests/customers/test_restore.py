"""Soft delete with restore: a deleted record disappears everywhere, a restore brings it back
as it was. Restoring takes the delete operation and the caller's write scope."""

from __future__ import annotations

import pytest

from models import clock
from models.company import Company
from models.contact import Contact
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

RESTORE = {
    "company": "mutation($id: ID!) { companyRestore(id: $id) { id name version } }",
    "contact": "mutation($id: ID!) { contactRestore(id: $id) { id firstName version } }",
}
DELETE = {
    "company": "mutation($id: ID!) { companyDelete(id: $id) }",
    "contact": "mutation($id: ID!) { contactDelete(id: $id) }",
}
COUNT = {"company": "{ companies { totalCount } }", "contact": "{ contacts { totalCount } }"}
LIST = {"company": "companies", "contact": "contacts"}


async def _row(obj: str, owner: object) -> Company | Contact:
    if obj == "company":
        return await crm.company(owner)  # type: ignore[arg-type]
    return await crm.contact(owner)  # type: ignore[arg-type]


@pytest.mark.parametrize("obj", ["company", "contact"])
async def test_a_restored_record_is_listed_again(api: GraphQLClient, obj: str) -> None:
    owner = await signed_in(api, "owner")
    row = await _row(obj, owner.user)
    await api.ok(DELETE[obj], {"id": crm.gid(row)}, token=owner.access_token)
    gone = await api.ok(COUNT[obj], token=owner.access_token)

    data = await api.ok(RESTORE[obj], {"id": crm.gid(row)}, token=owner.access_token)

    assert gone[LIST[obj]]["totalCount"] == 0
    restored = data[f"{obj}Restore"]
    assert restored["id"] == crm.gid(row) and restored["version"] == 3
    back = await api.ok(COUNT[obj], token=owner.access_token)
    assert back[LIST[obj]]["totalCount"] == 1


async def test_restoring_a_live_record_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    row = await crm.contact(owner.user)

    error = await api.error(RESTORE["contact"], {"id": crm.gid(row)}, token=owner.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


async def test_restore_needs_the_delete_operation(api: GraphQLClient) -> None:
    # Salesperson may create and update contacts, not delete them: nor restore them.
    seller = await signed_in(api, "salesperson")
    row = await crm.contact(seller.user, deleted_at=clock.now())

    error = await api.error(RESTORE["contact"], {"id": crm.gid(row)}, token=seller.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Contact.get(id=row.id)).deleted_at is not None


async def test_restore_outside_the_write_scope_is_refused(api: GraphQLClient) -> None:
    # A manager writes within the department only; the record is another department's.
    manager = await signed_in(api, "manager", department="Sales")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Marketing")
    marketing = await crm.department("Marketing")
    row = await crm.company(outsider.user, marketing, deleted_at=clock.now())

    error = await api.error(RESTORE["company"], {"id": crm.gid(row)}, token=manager.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Company.get(id=row.id)).deleted_at is not None


async def test_restore_within_the_write_scope_is_allowed(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager", department="Sales")
    colleague = await signed_in(api, "salesperson", email="col@acme.test", department="Sales")
    sales = await crm.department("Sales")
    row = await crm.company(colleague.user, sales, deleted_at=clock.now())

    await api.ok(RESTORE["company"], {"id": crm.gid(row)}, token=manager.access_token)

    assert (await Company.get(id=row.id)).deleted_at is None


async def test_restore_of_a_record_outside_the_read_scope_is_not_found(
    api: GraphQLClient,
) -> None:
    # Reads and deletes its own contacts only: someone else's does not exist for it.
    own_only = await custom_role(
        "Own contacts", 30, {"contact": grant(["read", "update", "delete"], "own", "own")}
    )
    me = await signed_in(api, own_only)
    other = await signed_in(api, "salesperson", email="other@acme.test")
    row = await crm.contact(other.user, deleted_at=clock.now())

    result = await api.execute(RESTORE["contact"], {"id": crm.gid(row)}, token=me.access_token)

    assert result.codes == ["NOT_FOUND"]
    assert (await Contact.get(id=row.id)).deleted_at is not None
