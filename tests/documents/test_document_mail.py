"""Sending a quote or invoice by e-mail: the PDF attached, delivered to a real SMTP server
(aiosmtpd) by a ``document.send`` job, in the mail log, audited; refusals before any write."""

from __future__ import annotations

from email.message import Message
from typing import Any

import pytest

from models.audit import AuditEntry
from models.job import Job
from models.security import MailLog
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.documents import draft_quote, issued_invoice, pdf_text
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer
from tests.support.subscriber import subscribed

INVOICE_SEND = "mutation($id: ID!) { invoiceSend(id: $id) { id code } }"
QUOTE_SEND = "mutation($id: ID!) { quoteSend(id: $id) { status } }"
JOB_UPDATED = """subscription($kind: String) { jobUpdated(kind: $kind) { id state } }"""


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "mail_from": "billing@tandem.test"}


def attached_pdf(message: Message) -> tuple[str, bytes]:
    parts = [p for p in message.walk() if p.get_content_disposition() == "attachment"]
    assert len(parts) == 1
    data = parts[0].get_payload(decode=True)
    assert isinstance(data, bytes)
    assert parts[0].get_content_type() == "application/pdf"
    return str(parts[0].get_filename()), data


async def test_an_invoice_is_mailed_to_its_contact_with_its_pdf(
    api: GraphQLClient, smtp_server: SmtpServer, ws_url: str
) -> None:
    manager = await signed_in(api, "manager")
    contact = await crm.contact(
        manager.user, await crm.department("Sales"), email="ada@customer.test"
    )
    invoice = await issued_invoice(api, manager, contactId=crm.gid(contact))

    async with subscribed(
        ws_url, manager.access_token, JOB_UPDATED, {"kind": "document.send"}
    ) as updates:
        await api.ok(INVOICE_SEND, {"id": invoice["id"]}, token=manager.access_token)
        # The mail log commits with the job's item: wait for the job's end, not the message.
        states = [(await updates.next())["jobUpdated"]["state"]]
        while states[-1] not in {"SUCCEEDED", "FAILED"}:
            states.append((await updates.next())["jobUpdated"]["state"])

    assert states[-1] == "SUCCEEDED"
    message = await smtp_server.inbox.next_to("ada@customer.test")
    assert invoice["code"] in message["Subject"]
    name, data = attached_pdf(message)
    assert name == f"{invoice['code']}.pdf"
    assert data.startswith(b"%PDF-") and invoice["code"] in pdf_text(data)
    logged = await MailLog.filter(to="ada@customer.test").get()
    assert logged.status == "sent" and f"[attached: {invoice['code']}.pdf" in logged.body
    entry = await AuditEntry.filter(action="invoice.send").get()
    assert entry.actor_id == manager.user.id and entry.after["to"] == "ada@customer.test"
    assert (await Job.get(id=entry.after["job"])).state == "succeeded"


async def test_a_sent_quote_is_mailed_in_the_customers_language(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    manager = await signed_in(api, "manager")
    contact = await crm.contact(
        manager.user, await crm.department("Sales"), email="lucia@cliente.test", language="es"
    )
    quote = await draft_quote(api, manager, contactId=crm.gid(contact))

    data = await api.ok(QUOTE_SEND, {"id": quote}, token=manager.access_token)

    assert data["quoteSend"]["status"] == "sent"
    message = await smtp_server.inbox.next_to("lucia@cliente.test")
    assert message["Subject"].startswith("Presupuesto ")
    _, pdf = attached_pdf(message)
    assert "Presupuesto" in pdf_text(pdf)


async def test_a_salespersons_mailed_quote_carries_no_cost(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    seller = await signed_in(api, "salesperson")
    contact = await crm.contact(seller.user, await crm.department("Sales"), email="bo@c.test")
    quote = await draft_quote(api, seller, contactId=crm.gid(contact))

    await api.ok(QUOTE_SEND, {"id": quote}, token=seller.access_token)

    text = pdf_text(attached_pdf(await smtp_server.inbox.next_to("bo@c.test"))[1])
    assert "Widget Pro" in text
    assert "61.17" not in text and "Unit cost" not in text and "margin" not in text


async def test_an_invoice_without_a_contact_address_is_refused_and_nothing_queued(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    invoice = await issued_invoice(api, manager)

    error = await api.error(INVOICE_SEND, {"id": invoice["id"]}, token=manager.access_token)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == "NO_RECIPIENT"
    assert not await Job.filter(kind="document.send").exists()
    assert not await AuditEntry.filter(action="invoice.send").exists()


async def test_a_salesperson_may_not_send_an_invoice(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    contact = await crm.contact(manager.user, await crm.department("Sales"), email="x@c.test")
    invoice = await issued_invoice(api, manager, contactId=crm.gid(contact))

    error = await api.error(INVOICE_SEND, {"id": invoice["id"]}, token=seller.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert not await Job.filter(kind="document.send").exists()


async def test_an_invoice_of_another_department_is_not_found(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    other = await signed_in(api, "manager", department="North", email="north@acme.test")
    contact = await crm.contact(manager.user, await crm.department("Sales"), email="y@c.test")
    invoice = await issued_invoice(api, manager, contactId=crm.gid(contact))

    error = await api.error(INVOICE_SEND, {"id": invoice["id"]}, token=other.access_token)

    assert error["extensions"]["code"] == "NOT_FOUND"
    assert not await Job.filter(kind="document.send").exists()
