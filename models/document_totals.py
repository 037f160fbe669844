"""A document's totals from its lines, rounded per currency (models/money.py round_money).

Each line's net (quantity x unit price, less its discount) is rounded to the currency's minor
units; lines are grouped by tax rate and the tax of each rate is computed once on the group's
net and rounded (not summed from rounded line taxes, which drifts by a minor unit per line);
the total is net plus tax. Cost is quantity x the unit cost copied from the product."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import orjson

from models.money import round_money

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LineValues:
    product_id: int
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal
    discount: Decimal
    tax_rate: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    nets: tuple[Decimal, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    cost: Decimal
    # (rate, net, tax) per tax rate, lowest rate first.
    per_rate: tuple[tuple[Decimal, Decimal, Decimal], ...]

    def columns(self) -> dict[str, object]:
        return {
            "net": self.net,
            "tax": self.tax,
            "total": self.total,
            "cost": self.cost,
            "tax_lines": orjson.dumps(
                [{"rate": str(r), "net": str(n), "tax": str(t)} for r, n, t in self.per_rate]
            ).decode(),
        }


def line_net(line: LineValues, currency: str) -> Decimal:
    gross = line.quantity * line.unit_price
    return round_money(gross * (HUNDRED - line.discount) / HUNDRED, currency)


def totals(lines: Sequence[LineValues], currency: str) -> Totals:
    nets = tuple(line_net(line, currency) for line in lines)
    by_rate: dict[Decimal, Decimal] = {}
    for line, net in zip(lines, nets, strict=True):
        rate = line.tax_rate.quantize(Decimal("0.01"))
        by_rate[rate] = by_rate.get(rate, Decimal(0)) + net
    per_rate = tuple(
        (rate, round_money(net, currency), round_money(net * rate / HUNDRED, currency))
        for rate, net in sorted(by_rate.items())
    )
    net = round_money(sum(nets, Decimal(0)), currency)
    tax = round_money(sum((t for _, _, t in per_rate), Decimal(0)), currency)
    cost = round_money(sum((x.quantity * x.unit_cost for x in lines), Decimal(0)), currency)
    return Totals(nets, net, tax, round_money(net + tax, currency), cost, per_rate)


def tax_lines(text: str) -> list[dict[str, str]]:
    return list(orjson.loads(text or "[]"))
