"""``GET /documents/{id}.pdf|.xlsx``: the document as a file, as the caller may see it."""

from __future__ import annotations

import httpx

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.documents import fetch, issued_invoice, pdf_text, xlsx_rows
from tests.support.graphql import GraphQLClient


async def test_an_invoice_pdf_prints_its_number_lines_and_taxes_per_rate(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)

    response = await fetch(http, f"/documents/{invoice['id']}.pdf", manager.access_token)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith(
        f'attachment; filename="{invoice["code"]}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    print(text)
    assert invoice["code"] in text
    assert "Widget Pro" in text and "Setup service" in text
    assert "€412.50" in text
