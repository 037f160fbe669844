"""Every report that can be downloaded and followed live, by kind (resolvers/report_registry.py
says what an entry holds). A report plugs in with one ReportKind value and one entry here."""

from __future__ import annotations

from collections.abc import Mapping

from models.events import Envelope
from resolvers import reports
from resolvers.api.kinds import ReportKind
from resolvers.report_registry import ReportEntry
from resolvers.report_views import sales_table


def deal_changes(envelope: Envelope) -> bool:
    # Any deal created, won, lost, edited, moved or deleted; a new exchange rate changes the
    # base-currency totals.
    return envelope.object in ("deal", "exchangeRate")


REPORTS: Mapping[ReportKind, ReportEntry] = {
    ReportKind.SALES: ReportEntry(
        compute=reports.compute_sales, table=sales_table, changed_by=deal_changes
    ),
}
