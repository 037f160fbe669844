"""Who may export what: the export operation, row scope, hidden fields and hidden relations.

Role templates with export: Owner, Admin, Senior Manager, Manager (companies, contacts, deals)
and Marketing (companies and contacts only). No template exports deals without reading their
cost, so that case uses a custom role.
"""

from __future__ import annotations

import httpx
import orjson

from models.access.policy import from_fields
from models.audit import AuditEntry
from models.role import Role
from tests.support import crm
from tests.support.accounts import Account, make_user, sign_in, signed_in
from tests.support.exports import csv_records, csv_table, download, error_of, xlsx_table
from tests.support.graphql import GraphQLClient

DEAL_FIELDS_BUT_MONEY = {
    name: "read"
    for name in ("title", "pipeline", "stage", "amount", "status", "owner", "department", "company")
}


async def _custom(api: GraphQLClient, name: str, permissions: dict[str, object]) -> Account:
    role = await Role.create(name=name, level=30, permissions=permissions)
    return await sign_in(api, await make_user(role.name, email=f"{role.id}@acme.test"))


async def test_a_salesperson_may_not_export_and_gets_a_forbidden_error(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    me = await signed_in(api, "salesperson")
    await crm.company(me.user, await crm.department("Sales"), name="Mine")

    response = await download(http, "/export/companies.csv", me.access_token)

    assert response.status_code == 403
    assert error_of(response)["extensions"]["code"] == "FORBIDDEN"
    assert b"Mine" not in response.content


async def test_marketing_exports_contacts_but_not_deals(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    marketing = await signed_in(api, "marketing", department="Marketing")
    dept = await crm.department("Marketing")
    await crm.contact(marketing.user, dept, first_name="Grace", last_name="Hopper")
    await crm.deal(marketing.user, dept, title="Campaign deal")

    contacts = await download(http, "/export/contacts.csv", marketing.access_token)
    deals = await download(http, "/export/deals.csv", marketing.access_token)

    assert [(r["firstName"], r["lastName"]) for r in csv_records(contacts)] == [("Grace", "Hopper")]
    assert deals.status_code == 403
    assert error_of(deals)["extensions"]["code"] == "FORBIDDEN"


async def test_a_manager_gets_the_deals_of_its_department_and_not_the_others(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    sales, support = await crm.department("Sales"), await crm.department("Support")
    manager = await signed_in(api, "manager")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Support")
    await crm.deal(colleague.user, sales, title="Quetzal renewal")
    await crm.deal(outsider.user, support, title="Zanzibar secret")

    response = await download(http, "/export/deals.csv", manager.access_token)

    assert [r["title"] for r in csv_records(response)] == ["Quetzal renewal"]
    assert b"Zanzibar" not in response.content


async def test_without_reading_cost_the_file_has_no_cost_or_margin_and_no_cost_value(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    sales = await crm.department("Sales")
    exporter = await _custom(
        api,
        "Deal exporter",
        {"deal": from_fields(["read", "export"], "all", "own", DEAL_FIELDS_BUT_MONEY)},
    )
    await crm.deal(exporter.user, sales, amount="1000.00", cost="123.45")

    as_csv = await download(http, "/export/deals.csv", exporter.access_token)
    as_xlsx = await download(http, "/export/deals.xlsx", exporter.access_token)

    header = csv_table(as_csv)[0]
    assert "amount" in header and "currency" in header
    assert "cost" not in header and "margin" not in header
    assert b"123.45" not in as_csv.content
    # The XLSX is a zip: look in what it holds, not in its compressed bytes.
    assert "123.45" not in orjson.dumps(xlsx_table(as_xlsx), default=str).decode()
    assert "cost" not in xlsx_table(as_xlsx)[0]


async def test_filtering_on_a_hidden_field_is_refused_before_any_data_is_read(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    exporter = await _custom(
        api,
        "Deal exporter",
        {"deal": from_fields(["read", "export"], "all", "own", DEAL_FIELDS_BUT_MONEY)},
    )
    await crm.deal(exporter.user, None, title="Probe", cost="123.45")

    response = await download(
        http, "/export/deals.csv", exporter.access_token, filter={"costGte": "100"}
    )

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/json")
    assert error_of(response)["extensions"] == {"code": "FORBIDDEN", "field": "cost"}
    assert b"Probe" not in response.content
    assert await AuditEntry.filter(action="record.export").count() == 0


async def test_a_related_record_the_caller_may_not_open_leaves_an_empty_cell(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    sales = await crm.department("Sales")
    reader = await _custom(
        api,
        "Deals, own companies",
        {
            "deal": from_fields(
                ["read", "export"], "all", "own", {"title": "read", "company": "read"}
            ),
            "company": from_fields(["read"], "own", "own", {"name": "read"}),
        },
    )
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    hidden = await crm.company(colleague.user, sales, name="Hidden Co")
    mine = await crm.company(reader.user, sales, name="Open Co")
    await crm.deal(colleague.user, sales, company=hidden, title="Theirs")
    await crm.deal(colleague.user, sales, company=mine, title="With mine")

    response = await download(http, "/export/deals.csv", reader.access_token)

    records = csv_records(response)
    assert [(r["title"], r["company"]) for r in records] == [
        ("Theirs", ""),
        ("With mine", "Open Co"),
    ]
    assert b"Hidden Co" not in response.content


async def test_a_relation_to_an_object_the_role_cannot_read_is_always_empty(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    sales = await crm.department("Sales")
    # May read who owns a contact (the id), but not the user directory: no names.
    reader = await _custom(
        api,
        "Contact exporter",
        {
            "contact": from_fields(
                ["read", "export"], "all", "own", {"firstName": "read", "owner": "read"}
            )
        },
    )
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    await crm.contact(colleague.user, sales, first_name="Linus")

    response = await download(http, "/export/contacts.csv", reader.access_token)

    assert csv_table(response)[0] == ["id", "firstName", "owner", "createdAt", "updatedAt"]
    assert [(r["firstName"], r["owner"]) for r in csv_records(response)] == [("Linus", "")]
    assert b"Salesperson" not in response.content


async def test_a_deleted_record_is_not_exported(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    await crm.company(owner.user, None, name="Kept")
    gone = await crm.company(owner.user, None, name="Deleted Ltd")
    await api.ok(
        "mutation($id: ID!) { companyDelete(id: $id) }",
        {"id": crm.gid(gone)},
        token=owner.access_token,
    )

    response = await download(http, "/export/companies.csv", owner.access_token)

    assert [r["name"] for r in csv_records(response)] == ["Kept"]
