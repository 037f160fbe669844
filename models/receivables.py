"""Receivables: what customers owe on open invoices, per customer and in total, by age past
the due date (current, 1-30, 31-60, 61-90, over 90 days) on the injected clock, in the base
currency at the rate of each invoice's date (models/money.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from models import clock, money
from models.invoices import Invoice

BUCKETS = ("current", "days1To30", "days31To60", "days61To90", "over90")


def bucket(due_on: date, today: date) -> str:
    late = (today - due_on).days
    if late <= 0:
        return "current"
    if late <= 30:
        return "days1To30"
    if late <= 60:
        return "days31To60"
    return "days61To90" if late <= 90 else "over90"


@dataclass
class Debt:
    """One customer's debt (a company, or a contact without one), or the total."""

    currency: str
    company_id: int | None = None
    contact_id: int | None = None
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, Decimal(0)))
    overdue_invoices: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class Receivables:
    currency: str
    as_of: date
    customers: list[Debt]
    total: Debt


async def receivables(invoices: Iterable[Invoice]) -> Receivables:
    """``invoices``: the open ones the caller may see (the caller's row scope applies)."""
    base = await money.base_currency()
    today = clock.now().date()
    per: dict[tuple[int | None, int | None], Debt] = {}
    total = Debt(base)
    for row in invoices:
        if row.balance <= 0:
            continue
        owed = await money.convert(row.balance, row.currency, base, row.issued_on)
        key = (row.company_id, None) if row.company_id else (None, row.contact_id)
        debt = per.setdefault(key, Debt(base, *key))
        which = bucket(row.due_on, today)
        for d in (debt, total):
            d.amounts[which] += owed
            d.overdue_invoices += which != "current"
    customers = sorted(per.values(), key=lambda d: (-d.total, d.company_id or 0, d.contact_id or 0))
    return Receivables(base, today, customers, total)
