"""Writing a document's lines and totals, and reading lines back as values (to copy them from a
deal to a quote, or from a quote to its order)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from models.document_totals import LineValues, Totals, totals
from models.documents import DocumentLine, SalesDocument
from models.money import round_money
from models.product import DealLineItem, Product


async def product_costs(product_ids: Sequence[int]) -> dict[int, Decimal]:
    rows = await Product.filter(id__in=list(set(product_ids))).values_list("id", "cost")
    return {int(pk): Decimal(str(cost or 0)) for pk, cost in rows}


async def from_deal(deal_id: int, tax_rate: Decimal) -> list[LineValues]:
    """A deal's line items as document lines, each taxed at ``tax_rate`` (deals have none)."""
    items = await DealLineItem.filter(deal_id=deal_id).order_by("position")
    costs = await product_costs([i.product_id for i in items])
    return [
        LineValues(
            i.product_id,
            Decimal(i.quantity),
            Decimal(i.unit_price),
            costs.get(i.product_id, Decimal(0)),
            Decimal(i.discount),
            tax_rate,
        )
        for i in items
    ]


async def of_document(model: type[DocumentLine], **document: int) -> list[LineValues]:
    rows = await model.filter(**document).order_by("position")
    return [
        LineValues(
            r.product_id,
            Decimal(r.quantity),
            Decimal(r.unit_price),
            Decimal(r.unit_cost),
            Decimal(r.discount),
            Decimal(r.tax_rate),
        )
        for r in rows
    ]


def apply_totals(row: SalesDocument, lines: Sequence[LineValues]) -> Totals:
    """Set the document's stored totals from ``lines`` in its currency; prices and costs are
    rounded to the currency's minor units as they are stored."""
    found = totals(_rounded(lines, row.currency), row.currency)
    for column, value in found.columns().items():
        setattr(row, column, value)
    return found


def _rounded(lines: Sequence[LineValues], currency: str) -> list[LineValues]:
    return [
        LineValues(
            x.product_id,
            x.quantity,
            round_money(x.unit_price, currency),
            round_money(x.unit_cost, currency),
            x.discount,
            x.tax_rate,
        )
        for x in lines
    ]


async def write_lines(
    model: type[DocumentLine], lines: Sequence[LineValues], currency: str, **document: int
) -> list[dict[str, Any]]:
    """Replace the document's lines; returns them as audit values (catalogue names)."""
    await model.filter(**document).delete()
    rounded = _rounded(lines, currency)
    found = totals(rounded, currency)
    audit = []
    for i, (line, net) in enumerate(zip(rounded, found.nets, strict=True)):
        await model(
            **document,
            product_id=line.product_id,
            position=i,
            quantity=line.quantity,
            unit_price=line.unit_price,
            unit_cost=line.unit_cost,
            discount=line.discount,
            tax_rate=line.tax_rate,
            net=net,
        ).save()
        audit.append(
            {
                "product": line.product_id,
                "quantity": str(line.quantity),
                "unitPrice": str(line.unit_price),
                "discount": str(line.discount),
                "taxRate": str(line.tax_rate),
            }
        )
    return audit


def audit_values(row: SalesDocument) -> dict[str, Any]:
    """The document's values for its audit entry, keyed by catalogue field (so the audit log
    shows cost and margin only to those who may read them)."""
    return {
        "currency": row.currency,
        "issuedOn": row.issued_on.isoformat() if row.issued_on else None,
        "status": getattr(row, "status", None),
        "net": str(row.net),
        "tax": str(row.tax),
        "total": str(row.total),
        "cost": str(row.cost),
        "margin": str(Decimal(row.net) - Decimal(row.cost)),
    }
