"""``GET /documents/{id}.pdf|.xlsx``: the document as a file, as the caller may see it: its
text (pdftotext), totals and taxes per rate, the customer's language, the role's hidden cost,
authentication, row scope (404, not 403) and the audit entry."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import httpx

from models.access.policy import from_fields
from models.audit import AuditEntry
from models.clock import FrozenClock
from models.global_ids import global_id
from models.role import Role
from tests.support import crm
from tests.support.accounts import make_user, role_id, sign_in, signed_in
from tests.support.documents import (
    draft_quote,
    fetch,
    issued_invoice,
    pdf_text,
    xlsx_rows,
)
from tests.support.graphql import GraphQLClient


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_an_invoice_pdf_prints_its_number_lines_and_taxes_per_rate(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-02"))
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)

    response = await fetch(http, f"/documents/{invoice['id']}.pdf", manager.access_token)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith(
        f'attachment; filename="{invoice["code"]}.pdf"'
    )
    text = pdf_text(response.content)
    assert invoice["code"] in text
    assert "March 2, 2026" in text and "April 1, 2026" in text
    assert "Widget Pro" in text and "Setup service" in text
    assert "Tax 21 % on €300.00" in text and "€63.00" in text
    assert "Tax 10 % on €45.00" in text and "€4.50" in text
    assert "€412.50" in text


async def test_a_salespersons_pdf_has_no_cost_while_a_managers_has_it(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    invoice = await issued_invoice(api, manager)
    path = f"/documents/{invoice['id']}.pdf"

    managers = pdf_text((await fetch(http, path, manager.access_token)).content)
    sellers_response = await fetch(http, path, seller.access_token)
    sellers = pdf_text(sellers_response.content)

    assert sellers_response.status_code == 200
    assert "Unit cost" in managers and "€61.17" in managers and "€195.85" in managers
    assert "Gross margin" in managers and "€149.15" in managers
    assert invoice["code"] in sellers and "€412.50" in sellers
    for hidden in ("Unit cost", "Cost", "61.17", "12.34", "195.85", "margin", "149.15"):
        assert hidden not in sellers


async def test_a_salespersons_xlsx_has_no_cost_either(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    invoice = await issued_invoice(api, manager)

    response = await fetch(http, f"/documents/{invoice['id']}.xlsx", seller.access_token)

    cells = {c for row in xlsx_rows(response.content) for c in row if c is not None}
    assert Decimal("412.5") in cells
    assert not cells & {"Unit cost", "Cost", "Gross margin", Decimal("61.17"), Decimal("195.85")}


async def test_the_xlsx_reads_back_with_totals_taxes_per_rate_and_currency(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)

    response = await fetch(http, f"/documents/{invoice['id']}.xlsx", manager.access_token)

    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert f'filename="{invoice["code"]}.xlsx"' in response.headers["content-disposition"]
    rows = xlsx_rows(response.content)
    by_label = {row[0]: row[1:] for row in rows if row and row[0]}
    assert by_label["Invoice"][0] == invoice["code"]
    assert by_label["Currency"][0] == "EUR"
    assert by_label["Subtotal"][:2] == [Decimal("345"), "EUR"]
    assert by_label["Tax 21 % on €300.00"][:2] == [Decimal("63"), "EUR"]
    assert by_label["Tax 10 % on €45.00"][:2] == [Decimal("4.5"), "EUR"]
    assert by_label["Total"][:2] == [Decimal("412.5"), "EUR"]
    assert by_label["Widget Pro"][:2] == [Decimal("3"), Decimal("100")]
    assert by_label["Cost"][:2] == [Decimal("195.85"), "EUR"]


async def test_a_spanish_customers_document_is_in_spanish(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-02"))
    manager = await signed_in(api, "manager")
    sales = await crm.department("Sales")
    company = await crm.company(
        manager.user, sales, name="Hermanos García SL", address="Calle Mayor 1"
    )
    contact = await crm.contact(manager.user, sales, first_name="Lucía", language="es-ES")
    invoice = await issued_invoice(
        api, manager, contactId=crm.gid(contact), companyId=crm.gid(company)
    )

    response = await fetch(http, f"/documents/{invoice['id']}.pdf", manager.access_token)
    workbook = await fetch(http, f"/documents/{invoice['id']}.xlsx", manager.access_token)

    text = pdf_text(response.content)
    for label in ("Factura", "Vencimiento", "Descripción", "Base imponible", "IVA 21 %"):
        assert label in text
    assert "2 de marzo de 2026" in text
    assert "412,50 €" in text
    assert "Hermanos García SL" in text and "Calle Mayor 1" in text
    labels = {row[0] for row in xlsx_rows(workbook.content) if row}
    assert {"Factura", "Base imponible", "Total", "Moneda"} <= labels


async def test_a_french_customers_quote_is_in_french(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-02"))
    manager = await signed_in(api, "manager")
    contact = await crm.contact(manager.user, await crm.department("Sales"), language="fr")
    quote = await draft_quote(api, manager, contactId=crm.gid(contact))

    text = pdf_text((await fetch(http, f"/documents/{quote}.pdf", manager.access_token)).content)

    assert "Devis" in text and "Total TTC" in text and "2 mars 2026" in text
    assert "412,50 €" in text.replace("\u202f", " ").replace("\xa0", " ")


async def test_without_a_token_the_answer_is_401(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)

    response = await fetch(http, f"/documents/{invoice['id']}.pdf", None)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_document_outside_the_callers_scope_is_404_like_a_missing_one(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    elsewhere = await signed_in(api, "salesperson", department="North")
    invoice = await issued_invoice(api, manager)
    missing = global_id("Invoice", 10**9)

    hidden = await fetch(http, f"/documents/{invoice['id']}.pdf", elsewhere.access_token)
    absent = await fetch(http, f"/documents/{missing}.pdf", elsewhere.access_token)

    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


async def test_a_role_without_invoice_read_gets_404(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    support = await signed_in(api, "support")
    invoice = await issued_invoice(api, manager)

    response = await fetch(http, f"/documents/{invoice['id']}.xlsx", support.access_token)

    assert response.status_code == 404


async def test_an_unknown_format_or_an_id_of_another_type_is_404(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)
    company = await crm.company(manager.user, await crm.department("Sales"))

    odt = await fetch(http, f"/documents/{invoice['id']}.odt", manager.access_token)
    other = await fetch(http, f"/documents/{crm.gid(company)}.pdf", manager.access_token)
    garbage = await fetch(http, "/documents/not-an-id.pdf", manager.access_token)

    assert odt.status_code == other.status_code == garbage.status_code == 404


async def test_taking_a_document_is_audited(api: GraphQLClient, http: httpx.AsyncClient) -> None:
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)

    await fetch(http, f"/documents/{invoice['id']}.xlsx", manager.access_token)

    entry = await AuditEntry.filter(action="invoice.document").get()
    assert entry.actor_id == manager.user.id
    assert entry.after == {"format": "xlsx"}


KEY_CREATE = """mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { key } }"""


async def test_an_api_key_takes_a_document_as_its_role_may_see_it(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    invoice = await issued_invoice(api, owner)
    created = await api.ok(
        KEY_CREATE,
        {"in": {"name": "Billing", "roleId": await role_id(api, "salesperson")}},
        token=owner.access_token,
    )

    response = await fetch(http, f"/documents/{invoice['id']}.pdf", created["apiKeyCreate"]["key"])

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert invoice["code"] in text and "61.17" not in text


ORDER_FROM_QUOTE = """mutation($id: ID!) { quoteAccept(id: $id) { id } }"""
CANCEL = """mutation($id: ID!) { invoiceCancel(id: $id) { id code } }"""


async def test_an_order_and_a_credit_note_are_documents_too(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    quote = await draft_quote(api, manager)
    await api.ok(
        "mutation($id: ID!) { quoteSend(id: $id) { id } }",
        {"id": quote},
        token=manager.access_token,
    )
    order = (await api.ok(ORDER_FROM_QUOTE, {"id": quote}, token=manager.access_token))[
        "quoteAccept"
    ]["id"]
    invoice = await issued_invoice(api, manager)
    credit = (await api.ok(CANCEL, {"id": invoice["id"]}, token=manager.access_token))[
        "invoiceCancel"
    ]

    order_text = pdf_text(
        (await fetch(http, f"/documents/{order}.pdf", manager.access_token)).content
    )
    credit_text = pdf_text(
        (await fetch(http, f"/documents/{credit['id']}.pdf", manager.access_token)).content
    )

    assert "Order" in order_text and "SO-" in order_text and "€412.50" in order_text
    assert "Credit note" in credit_text and credit["code"] in credit_text
    assert "Cancels invoice" in credit_text and invoice["code"] in credit_text
    assert "-€412.50" in credit_text


async def test_a_role_without_the_lines_or_totals_gets_a_document_without_them(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    invoice = await issued_invoice(api, owner)
    role = await Role.create(
        name="Invoice numbers",
        level=30,
        permissions={
            "invoice": from_fields(["read"], "all", "own", {"code": "read", "issuedOn": "read"})
        },
    )
    clerk = await sign_in(api, await make_user(role.name, email="clerk@acme.test"))

    text = pdf_text(
        (await fetch(http, f"/documents/{invoice['id']}.pdf", clerk.access_token)).content
    )

    assert invoice["code"] in text
    for hidden in ("Widget Pro", "412.50", "345.00", "63.00", "Subtotal", "Total"):
        assert hidden not in text
