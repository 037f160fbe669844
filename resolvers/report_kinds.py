"""Every report that can be downloaded and followed live, by kind (resolvers/report_registry.py
says what an entry holds). A report plugs in with one ReportKind value and one entry here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from models.events import Envelope
from resolvers import reports
from resolvers.api.kinds import ReportKind
from resolvers.customer_report import compute_customers
from resolvers.funnel_report import compute_funnel
from resolvers.interaction_report import compute_interactions
from resolvers.rep_performance import compute_reps
from resolvers.report_registry import ReportEntry
from resolvers.report_tables import customers_table, funnel_table, interactions_table, reps_table
from resolvers.report_views import sales_table


def deal_changes(envelope: Envelope) -> bool:
    # Any deal created, won, lost, edited, moved or deleted; a new exchange rate changes the
    # base-currency totals.
    return envelope.object in ("deal", "exchangeRate")


def _objects(*names: str) -> Callable[[Envelope], bool]:
    """Events about any record of these types may change the report."""
    wanted = frozenset(names)

    def changed_by(envelope: Envelope) -> bool:
        return envelope.object in wanted

    return changed_by


REPORTS: Mapping[ReportKind, ReportEntry] = {
    ReportKind.SALES: ReportEntry(
        compute=reports.compute_sales, table=sales_table, changed_by=deal_changes
    ),
    # Deals created, moved (their stage history), won or lost; a stage renamed or reordered.
    ReportKind.FUNNEL: ReportEntry(
        compute=compute_funnel, table=funnel_table, changed_by=_objects("deal", "pipeline")
    ),
    # Each part's own record type; rates change won revenue in the base currency.
    ReportKind.REPS: ReportEntry(
        compute=compute_reps,
        table=reps_table,
        changed_by=_objects("deal", "activity", "task", "contact", "lead", "exchangeRate"),
    ),
    ReportKind.INTERACTIONS: ReportEntry(
        compute=compute_interactions,
        table=interactions_table,
        changed_by=_objects("activity", "contact"),
    ),
    # Won deals and interactions move recency, frequency and revenue; the forecast follows
    # open deals and pipelines' probabilities.
    ReportKind.CUSTOMERS: ReportEntry(
        compute=compute_customers,
        table=customers_table,
        changed_by=_objects("deal", "activity", "contact", "exchangeRate", "pipeline"),
    ),
}
