"""The permission matrix of sales documents and money, generated: every role template x every
new operation (quoteCreate ... exchangeRatesImport) and query (quotes ... receivables), and who
reads cost and margin.

Expectations come from the shipped policy data (models/access/role_templates.py), answers from
the API. Each role's user owns the documents it acts on (its own scope), so a refusal is the
operation's, never the row's. Every operation allowed writes its audit entry and its outbox
event (what recordEvents delivers); a refused one writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from models import quotes as quote_actions
from models.access import policy
from models.access.role_templates import BY_KEY, TEMPLATES
from models.audit import AuditEntry
from models.clock import FrozenClock
from models.document_totals import LineValues
from models.documents import SENT
from models.global_ids import global_id
from models.invoice_actions import issue_invoice
from models.orders import create_order
from models.outbox import OutboxEvent
from models.product import Product
from tests.sales.test_invoices import at
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

ROLES = [t.key for t in TEMPLATES]


@dataclass(frozen=True)
class Operation:
    name: str
    # (object, operation) the role needs, from the template data.
    needs: tuple[tuple[str, str], ...]
    # The audit action and the outbox object it writes when allowed.
    audit: str
    event: str
    document: str
    variables: Callable[[dict[str, str]], dict[str, Any]]


def _id(key: str) -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda ids: {"id": ids[key]}


LINES = '[{productId: $p, quantity: "1", taxRate: "10"}]'
OPERATIONS = (
    Operation(
        "quoteCreate",
        (("quote", "create"),),
        "quote.create",
        "quote",
        f"mutation($p: ID!) {{ quoteCreate(input: {{lines: {LINES}}}) {{ id }} }}",
        lambda ids: {"p": ids["product"]},
    ),
    Operation(
        "quoteUpdate",
        (("quote", "update"),),
        "quote.update",
        "quote",
        'mutation($id: ID!) { quoteUpdate(input: {id: $id, validUntil: "2026-12-31"}) { id } }',
        _id("draft"),
    ),
    Operation(
        "quoteSend",
        (("quote", "update"),),
        "quote.sent",
        "quote",
        "mutation($id: ID!) { quoteSend(id: $id) { id } }",
        _id("draft"),
    ),
    Operation(
        "quoteAccept",
        (("quote", "update"), ("order", "create")),
        "quote.accepted",
        "order",
        "mutation($id: ID!) { quoteAccept(id: $id) { id } }",
        _id("sent"),
    ),
    Operation(
        "quoteReject",
        (("quote", "update"),),
        "quote.rejected",
        "quote",
        "mutation($id: ID!) { quoteReject(id: $id) { id } }",
        _id("rejectable"),
    ),
    Operation(
        "orderCreate",
        (("order", "create"),),
        "order.create",
        "order",
        f"mutation($p: ID!) {{ orderCreate(input: {{lines: {LINES}}}) {{ id }} }}",
        lambda ids: {"p": ids["product"]},
    ),
    Operation(
        "invoiceIssue",
        (("invoice", "create"), ("order", "read")),
        "invoice.issue",
        "invoice",
        "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }",
        lambda ids: {"o": ids["order"]},
    ),
    Operation(
        "invoiceCancel",
        (("invoice", "update"),),
        "invoice.cancel",
        "invoice",
        "mutation($id: ID!) { invoiceCancel(id: $id) { id } }",
        _id("cancellable"),
    ),
    Operation(
        "paymentRecord",
        (("payment", "create"), ("invoice", "read")),
        "payment.payment",
        "payment",
        'mutation($i: ID!) { paymentRecord(input: {invoiceId: $i, amount: "1", '
        'paidOn: "2026-03-01"}) { id } }',
        lambda ids: {"i": ids["invoice"]},
    ),
    Operation(
        "exchangeRateSet",
        (("exchangeRate", "create"), ("exchangeRate", "update")),
        "exchangeRate.set",
        "exchangeRate",
        'mutation { exchangeRateSet(input: {currency: "USD", rate: "0.9", '
        'validOn: "2026-01-01"}) { id } }',
        lambda ids: {},
    ),
    Operation(
        "exchangeRatesImport",
        (("exchangeRate", "create"), ("exchangeRate", "update")),
        "exchangeRate.import",
        "exchangeRate",
        "mutation { exchangeRatesImport(input: {format: CSV, "
        'content: "currency,rate,valid_on\\nGBP,1.1,2026-01-01\\n"}) { id } }',
        lambda ids: {},
    ),
)
# Query -> (object, fields it reads).
QUERIES = {
    "{ quotes { totalCount } }": ("quote", ()),
    "{ orders { totalCount } }": ("order", ()),
    "{ invoices { totalCount } }": ("invoice", ()),
    "{ payments { totalCount } }": ("payment", ()),
    "{ exchangeRates { totalCount } }": ("exchangeRate", ()),
    "{ receivables { currency } }": ("invoice", ("total", "paid", "credited", "balance")),
}
MONEY = {
    "quote": "{ quotes(first: 1) { edges { node { cost { amount } margin { amount } } } } }",
    "order": "{ orders { edges { node { cost { amount } margin { amount } } } } }",
    "invoice": "{ invoices(first: 1) { edges { node { cost { amount } margin { amount } } } } }",
}


def allowed(role: str, needs: tuple[tuple[str, str], ...]) -> bool:
    loaded = policy.load(BY_KEY[role].permissions)
    return all(op in loaded.grant(obj).ops for obj, op in needs)


async def _world(owner_id: int) -> dict[str, str]:
    """Documents owned by the role's user, in its department, written as the system."""
    sales = await crm.department("Sales")
    widget = await Product.create(sku="MX-1", name="Widget", price=100, cost=40)
    line = [LineValues(widget.pk, Decimal(1), Decimal(100), Decimal(40), Decimal(0), Decimal(10))]
    mine = {"owner_id": owner_id, "department_id": sales.pk, "currency": "EUR"}
    today = at("2026-03-01").date()
    ids = {"product": crm.gid(widget)}
    for key in ("draft", "sent", "rejectable"):
        quote = await quote_actions.create_quote(
            {**mine, "issued_on": today}, line, check=lambda row: None, actor_id=None
        )
        if key != "draft":
            await quote_actions.move_quote(
                quote.pk, SENT, None, check=lambda row: None, actor_id=None
            )
        ids[key] = crm.gid(quote)
    order = await create_order(
        {**mine, "issued_on": today}, line, check=lambda row: None, actor_id=None
    )
    ids["order"] = global_id("Order", order.pk)  # kept in SalesOrder
    for key in ("invoice", "cancellable"):
        invoice = await issue_invoice(
            {**mine, "order_id": order.pk}, line, check=lambda row: None, actor_id=None
        )
        ids[key] = crm.gid(invoice)
    return ids


@pytest.mark.parametrize("role", ROLES)
async def test_each_document_operation_is_allowed_exactly_as_the_template_says(
    role: str, api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    me = await signed_in(api, role)
    ids = await _world(me.user.pk)

    for op in OPERATIONS:
        audits = await AuditEntry.filter(actor_id=me.user.pk).count()
        events = await OutboxEvent.filter(actor_id=me.user.pk).count()
        result = await api.execute(op.document, op.variables(ids), token=me.access_token)
        if allowed(role, op.needs):
            assert result.codes == [], (role, op.name, result.errors)
            audit = await AuditEntry.filter(actor_id=me.user.pk, action=op.audit).count()
            event = await OutboxEvent.filter(actor_id=me.user.pk, object=op.event).count()
            assert audit >= 1 and event >= 1, (role, op.name)
        else:
            assert result.codes == ["FORBIDDEN"], (role, op.name, result.errors)
            assert await AuditEntry.filter(actor_id=me.user.pk).count() == audits, op.name
            assert await OutboxEvent.filter(actor_id=me.user.pk).count() == events, op.name


@pytest.mark.parametrize("role", ROLES)
async def test_each_document_list_and_its_money_are_readable_exactly_as_the_template_says(
    role: str, api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    me = await signed_in(api, role)
    await _world(me.user.pk)
    loaded = policy.load(BY_KEY[role].permissions)

    for query, (obj, fields) in QUERIES.items():
        grant = loaded.grant(obj)
        may = "read" in grant.ops and all(f in grant.readable for f in fields)
        result = await api.execute(query, token=me.access_token)
        assert result.codes == ([] if may else ["FORBIDDEN"]), (role, query, result.errors)
    for obj, query in MONEY.items():
        grant = loaded.grant(obj)
        if "read" not in grant.ops:
            continue
        result = await api.execute(query, token=me.access_token)
        hidden = [f for f in ("cost", "margin") if f not in grant.readable]
        assert result.codes == ["FORBIDDEN"] * len(hidden), (role, obj, result.errors)
        node = result.data[f"{obj}s"]["edges"][0]["node"]  # type: ignore[index]
        assert [f for f in ("cost", "margin") if node[f] is None] == hidden, (role, obj)
