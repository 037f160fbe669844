"""What the report queries return: the model's figures with amounts as Money, or null when the
viewer may not read deal amounts, and groups as global IDs (schema/types/reports.py types them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import strawberry

from documents.report_table import Amount, Cell, Column, ReportTable, Section
from models.global_ids import global_id
from models.reports.sales import Comparison, Figures, SalesReport
from resolvers.api.kinds import ReportPeriod, SalesGroup
from resolvers.api.money import Money

GROUP_TYPES = {
    "owner": "User",
    "department": "Department",
    "pipeline": "Pipeline",
    "company": "Company",
    "product": "Product",
}


def _group_id(report: SalesReport, group: int | None) -> strawberry.ID | None:
    if group is None or report.group not in GROUP_TYPES:
        return None
    return strawberry.ID(global_id(GROUP_TYPES[report.group], group))


@dataclass(frozen=True, slots=True)
class SalesFigures:
    period: date | None
    group_id: strawberry.ID | None
    currency: str
    count: int
    revenue: Money | None
    average: Money | None
    unconverted: int


@dataclass(frozen=True, slots=True)
class SalesComparison:
    group_id: strawberry.ID | None
    current: SalesFigures
    previous: SalesFigures


@dataclass(frozen=True, slots=True)
class SalesReportResult:
    base_currency: str
    period: ReportPeriod
    group_by: SalesGroup
    rows: list[SalesFigures]
    by_currency: list[SalesFigures]
    comparison: list[SalesComparison]
    # Not in the API (the amounts are null there): a file leaves the amount columns out.
    amounts_visible: bool = True


def _figures(report: SalesReport, f: Figures) -> SalesFigures:
    shown = report.amounts_visible
    average = f.average if shown else None
    return SalesFigures(
        period=f.period,
        group_id=_group_id(report, f.group),
        currency=f.currency,
        count=f.count,
        revenue=Money(amount=f.revenue, currency=f.currency) if shown else None,
        average=Money(amount=average, currency=f.currency) if average is not None else None,
        unconverted=f.unconverted,
    )


def _comparison(report: SalesReport, c: Comparison) -> SalesComparison:
    return SalesComparison(
        group_id=_group_id(report, c.group),
        current=_figures(report, c.current),
        previous=_figures(report, c.previous),
    )


def sales_result(report: SalesReport, period: ReportPeriod) -> SalesReportResult:
    return SalesReportResult(
        base_currency=report.base_currency,
        period=period,
        group_by=SalesGroup(report.group),
        rows=[_figures(report, f) for f in report.rows],
        by_currency=[_figures(report, f) for f in report.by_currency],
        comparison=[_comparison(report, c) for c in report.comparison],
        amounts_visible=report.amounts_visible,
    )


SECTION_COLUMNS = [
    Column("period"),
    Column("group"),
    Column("currency"),
    Column("count"),
    Column("revenue", money=True),
    Column("average", money=True),
    Column("unconverted"),
]


def amount_cell(money: Money | None) -> Amount | None:
    """A Money as a file's money cell (blank when the amount is hidden)."""
    return Amount(money.amount, money.currency) if money is not None else None


def _cells(f: SalesFigures) -> list[Cell]:
    return [
        f.period,
        f.group_id,
        f.currency,
        f.count,
        amount_cell(f.revenue),
        amount_cell(f.average),
        f.unconverted,
    ]


def sales_table(result: SalesReportResult) -> ReportTable:
    """The sales report as three tables: in the base currency per period, per currency, and
    each group's range against the previous one."""
    comparison = [
        Column("group"),
        Column("currency"),
        Column("count"),
        Column("revenue", money=True),
        Column("previous_count"),
        Column("previous_revenue", money=True),
    ]
    return ReportTable(
        "sales_report",
        [
            Section("in_base_currency", SECTION_COLUMNS, [_cells(f) for f in result.rows]),
            Section("by_currency", SECTION_COLUMNS, [_cells(f) for f in result.by_currency]),
            Section(
                "against_previous",
                comparison,
                [
                    [
                        c.group_id,
                        c.current.currency,
                        c.current.count,
                        amount_cell(c.current.revenue),
                        c.previous.count,
                        amount_cell(c.previous.revenue),
                    ]
                    for c in result.comparison
                ],
            ),
        ],
        amounts_visible=result.amounts_visible,
        facts=[("base_currency", result.base_currency)],
    )
