"""An invoice's owner is told once when it falls overdue, by the scheduler's round (a job) on
the injected clock; paid and cancelled invoices never are; two rounds at once notify once.
A notification may be about any sales document, an order (kept in SalesOrder) included."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette

from models.clock import FrozenClock
from models.documents import SalesOrder
from models.invoice_notices import notify_overdue
from models.notification import AUTOMATION, INVOICE_OVERDUE, Notification
from models.notifications import notify
from tests.sales.test_invoices import CANCEL, PAY, at, invoice, pay
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MINE = """{ notifications { edges { node { kind text subject { id
  ... on Invoice { code } ... on Order { total { amount } } } } } } }"""


async def test_the_owner_is_told_once_when_an_invoice_falls_overdue(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    late = await invoice(api, manager, terms=10)
    paid = await invoice(api, manager, terms=10)
    cancelled = await invoice(api, manager, terms=10)
    await api.ok(PAY, pay(paid["id"], "120"), token=manager.access_token)
    await api.ok(CANCEL, {"id": cancelled["id"]}, token=manager.access_token)
    scheduler = app.state.scheduler

    clock.set(at("2026-03-11"))  # the due date itself: not yet overdue
    on_due_date = await scheduler.tick()
    clock.set(at("2026-03-12"))
    first = await scheduler.tick()
    clock.set(at("2026-04-30"))
    later = await scheduler.tick()

    assert (on_due_date.overdue_invoices, first.overdue_invoices, later.overdue_invoices) == (
        0,
        1,
        0,
    )
    rows = await Notification.filter(kind=INVOICE_OVERDUE).values_list(
        "recipient_id", "text", "subject_type"
    )
    assert rows == [(manager.user.pk, f"Invoice {late['code']} is overdue", "invoice")]


async def test_the_overdue_notice_reaches_its_owner_through_the_api(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    late = await invoice(api, manager, terms=0)

    clock.set(at("2026-03-02"))
    await app.state.scheduler.tick()
    clock.set(at("2026-03-01"))  # back to when the access token was issued

    data = await api.ok(MINE, token=manager.access_token)
    assert [e["node"] for e in data["notifications"]["edges"]] == [
        {
            "kind": "INVOICE_OVERDUE",
            "text": f"Invoice {late['code']} is overdue",
            "subject": {"id": late["id"], "code": late["code"]},
        }
    ]


async def test_two_rounds_at_once_notify_each_overdue_invoice_once(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = [await invoice(api, manager, terms=1) for _ in range(7)]

    clock.set(at("2026-03-05"))
    # Small batches, so the rounds meet on the same rows (on PostgreSQL each on its own
    # connection, claiming with SKIP LOCKED and a conditional update).
    results = await asyncio.gather(*(notify_overdue(batch=2) for _ in range(3)))

    assert sum(results) == len(issued)
    subjects = await Notification.filter(kind=INVOICE_OVERDUE).values_list("subject_id", flat=True)
    assert len(subjects) == len(set(subjects)) == len(issued)


async def test_a_notification_may_be_about_an_order(api: GraphQLClient, clock: FrozenClock) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    support = await signed_in(api, "support", email="support@acme.test")
    await invoice(api, manager)
    order = await SalesOrder.get()

    made = await notify(support.user, AUTOMATION, subject=order, text="Order shipped")
    for_manager = await notify(manager.user, AUTOMATION, subject=("order", order.pk), text="x")

    # Support may not read orders: nothing is written for it.
    assert made is None
    assert for_manager is not None
    data = await api.ok(MINE, token=manager.access_token)
    subject = data["notifications"]["edges"][0]["node"]["subject"]
    assert subject["total"] == {"amount": "120.00"}
