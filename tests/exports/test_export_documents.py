"""Exports of quotes, orders, invoices and payments (GET /export/<list>.csv|xlsx): the same
row scope and field permissions as their lists: cost and margin are absent for a role that
may not read them (no column, no value), payments only of invoices in scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import orjson

from models.access.catalogue import CATALOGUE
from models.access.policy import from_fields
from models.audit import AuditEntry
from models.clock import FrozenClock
from models.product import Product
from models.role import Role
from tests.sales.test_invoices import ISSUE, ORDER, PAY, at, pay
from tests.support import crm
from tests.support.accounts import Account, make_user, sign_in, signed_in
from tests.support.exports import csv_records, csv_table, download, error_of, xlsx_table
from tests.support.graphql import GraphQLClient

QUOTE = """mutation($input: QuoteCreateInput!) { quoteCreate(input: $input) { id } }"""


async def _issued(api: GraphQLClient, who: Account, cost: str = "37.25") -> dict[str, Any]:
    widget = await Product.create(
        sku=f"W{cost}", name="Widget", price=Decimal("100"), cost=Decimal(cost)
    )
    line = {"productId": crm.gid(widget), "quantity": "1", "taxRate": "20"}
    order = await api.ok(ORDER, {"input": {"lines": [line]}}, token=who.access_token)
    await api.ok(QUOTE, {"input": {"lines": [line]}}, token=who.access_token)
    data = await api.ok(
        ISSUE, {"input": {"orderId": order["orderCreate"]["id"]}}, token=who.access_token
    )
    return {"order": order["orderCreate"]["id"], **data["invoiceIssue"]}


def _all_but_money(obj: str) -> dict[str, str]:
    return {name: "read" for name in CATALOGUE[obj].fields if name not in ("cost", "margin")}


async def _exporter_without_money(api: GraphQLClient) -> Account:
    permissions = {
        obj: from_fields(["read", "export"], "all", "own", _all_but_money(obj))
        for obj in ("quote", "order", "invoice", "payment")
    }
    role = await Role.create(name="Document exporter", level=30, permissions=permissions)
    return await sign_in(api, await make_user(role.name, email="exporter@acme.test"))


async def test_a_manager_exports_invoices_with_status_balance_cost_and_margin(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await _issued(api, manager)
    await api.ok(PAY, pay(issued["id"], "20"), token=manager.access_token)

    response = await download(http, "/export/invoices.csv", manager.access_token)

    [row] = csv_records(response)
    assert (row["id"], row["code"], row["order"]) == (issued["id"], issued["code"], issued["order"])
    assert (row["status"], row["total"], row["paid"], row["balance"]) == (
        "partly_paid",
        "120.00",
        "20.00",
        "100.00",
    )
    assert (row["cost"], row["margin"], row["currency"]) == ("37.25", "62.75", "EUR")
    assert row["taxLines"] == "20.00%: net 100.00, tax 20.00"
    audited = await AuditEntry.get(action="record.export")
    assert (audited.object, audited.after["rows"]) == ("invoice", 1)


async def test_without_reading_cost_no_document_export_has_cost_or_margin(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    await _issued(api, manager, cost="37.25")
    exporter = await _exporter_without_money(api)

    for name in ("quotes", "orders", "invoices"):
        as_csv = await download(http, f"/export/{name}.csv", exporter.access_token)
        as_xlsx = await download(http, f"/export/{name}.xlsx", exporter.access_token)
        header = csv_table(as_csv)[0]
        assert "total" in header and "currency" in header, name
        assert "cost" not in header and "margin" not in header, name
        assert b"37.25" not in as_csv.content and b"62.75" not in as_csv.content, name
        cells = orjson.dumps(xlsx_table(as_xlsx), default=str).decode()
        assert "37.25" not in cells and "62.75" not in cells, name
        assert len(csv_table(as_csv)) == 2, name


async def test_filtering_an_export_on_a_hidden_field_is_refused(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    exporter = await _exporter_without_money(api)
    permissions = {"invoice": from_fields(["read", "export"], "all", "own", {"code": "read"})}
    role = await Role.create(name="Codes only", level=30, permissions=permissions)
    codes_only = await sign_in(api, await make_user(role.name, email="codes@acme.test"))

    response = await download(
        http, "/export/invoices.csv", codes_only.access_token, filter={"totalGte": "1"}
    )
    allowed = await download(
        http, "/export/invoices.csv", exporter.access_token, filter={"totalGte": "1"}
    )

    assert response.status_code == 403
    assert error_of(response)["extensions"] == {"code": "FORBIDDEN", "field": "total"}
    assert allowed.status_code == 200


async def test_payments_export_only_those_of_invoices_in_scope(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    sales = await signed_in(api, "manager", email="sales-lead@acme.test")
    east = await signed_in(api, "manager", email="east-lead@acme.test", department="East")
    ours, theirs = await _issued(api, sales, "1"), await _issued(api, east, "2")
    await api.ok(PAY, pay(ours["id"], "11"), token=sales.access_token)
    await api.ok(PAY, pay(theirs["id"], "22"), token=east.access_token)

    response = await download(http, "/export/payments.csv", sales.access_token)

    assert [(r["invoice"], r["amount"], r["currency"]) for r in csv_records(response)] == [
        (ours["code"], "11.00", "EUR")
    ]
    assert b"22.00" not in response.content


async def test_roles_without_export_get_a_forbidden_error_for_every_document_list(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    seller = await signed_in(api, "salesperson")
    reader = await signed_in(api, "read_only", email="ro@acme.test")
    support = await signed_in(api, "support", email="support@acme.test")

    codes = [
        (await download(http, f"/export/{name}.csv", who.access_token)).status_code
        for who in (seller, reader, support)
        for name in ("quotes", "orders", "invoices", "payments")
    ]

    assert codes == [403] * 12
    assert await AuditEntry.filter(action="record.export").count() == 0
