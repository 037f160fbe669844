"""Departments: everyone with department read lists them; only the department grant changes them.

The Admin template may create, rename and delete departments; the Senior Manager only reads
them. A department in use (members, live records, pipelines) cannot be deleted: CONFLICT.
"""

from __future__ import annotations

import pytest

from models.audit import AuditEntry
from models.department import Department
from tests.support import crm
from tests.support.accounts import make_user, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count

DEPARTMENTS = "query { departments { name } }"
CREATE = """
mutation($in: DepartmentCreateInput!) { departmentCreate(input: $in) { id name version } }
"""
UPDATE = """
mutation($in: DepartmentUpdateInput!) { departmentUpdate(input: $in) { id name version } }
"""
DELETE = "mutation($id: ID!) { departmentDelete(id: $id) }"


async def test_a_salesperson_lists_the_departments_by_name(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await crm.department("Marketing")

    data = await api.ok(DEPARTMENTS, token=seller.access_token)

    assert data["departments"] == [{"name": "Marketing"}, {"name": "Sales"}]


async def test_an_admin_creates_a_department_and_the_log_records_it(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")

    data = await api.ok(CREATE, {"in": {"name": " Support "}}, token=admin.access_token)

    assert data["departmentCreate"]["name"] == "Support"
    entry = await AuditEntry.get(action="department.create")
    assert (entry.actor_id, entry.before, entry.after) == (admin.user.id, None, {"name": "Support"})


async def test_a_senior_manager_cannot_create_a_department(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")

    result = await api.execute(CREATE, {"in": {"name": "Shadow"}}, token=senior.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert not await Department.filter(name="Shadow").exists()
    assert await audit_count() == 0


async def test_a_duplicate_name_is_bad_input(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")

    error = await api.error(CREATE, {"in": {"name": "SALES"}}, token=admin.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}


async def test_an_admin_renames_a_department_with_the_right_version(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    marketing = await crm.department("Marketing")

    data = await api.ok(
        UPDATE,
        {"in": {"id": gid(marketing), "name": "Growth", "expectedVersion": 1}},
        token=admin.access_token,
    )

    assert data["departmentUpdate"] == {"id": gid(marketing), "name": "Growth", "version": 2}
    entry = await AuditEntry.get(action="department.update")
    assert (entry.before, entry.after) == ({"name": "Marketing"}, {"name": "Growth"})


async def test_a_stale_version_is_a_conflict(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    marketing = await crm.department("Marketing")

    error = await api.error(
        UPDATE,
        {"in": {"id": gid(marketing), "name": "Growth", "expectedVersion": 7}},
        token=admin.access_token,
    )

    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": 1}
    assert (await Department.get(id=marketing.id)).name == "Marketing"


async def test_a_senior_manager_cannot_rename_a_department(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")
    marketing = await crm.department("Marketing")

    result = await api.execute(
        UPDATE, {"in": {"id": gid(marketing), "name": "Growth"}}, token=senior.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    assert (await Department.get(id=marketing.id)).name == "Marketing"


async def test_an_admin_deletes_an_unused_department(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    empty = await crm.department("Empty")

    data = await api.ok(DELETE, {"id": gid(empty)}, token=admin.access_token)

    assert data == {"departmentDelete": True}
    assert not await Department.filter(id=empty.id).exists()
    entry = await AuditEntry.get(action="department.delete")
    assert (entry.record_id, entry.before, entry.after) == (empty.id, {"name": "Empty"}, None)


@pytest.mark.parametrize("use", ["member", "deal", "company", "pipeline"])
async def test_a_department_in_use_cannot_be_deleted(api: GraphQLClient, use: str) -> None:
    admin = await signed_in(api, "admin", department=None)
    marketing = await crm.department("Marketing")
    if use == "member":
        await make_user("salesperson", department="Marketing")
    elif use == "deal":
        await crm.deal(admin.user, marketing)
    elif use == "company":
        await crm.company(admin.user, marketing)
    else:
        pipeline = await crm.pipeline()
        pipeline.department_id = marketing.id
        await pipeline.save()

    result = await api.execute(DELETE, {"id": gid(marketing)}, token=admin.access_token)

    assert result.codes == ["CONFLICT"]
    assert await Department.filter(id=marketing.id).exists()
    assert await audit_count() == 0


async def test_a_soft_deleted_record_does_not_keep_a_department_alive(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin", department=None)
    marketing = await crm.department("Marketing")
    company = await crm.company(admin.user, marketing)
    await api.ok(
        "mutation($id: ID!) { companyDelete(id: $id) }",
        {"id": gid(company)},
        token=admin.access_token,
    )

    await api.ok(DELETE, {"id": gid(marketing)}, token=admin.access_token)

    await company.refresh_from_db()
    assert company.department_id is None
