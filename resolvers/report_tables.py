"""The funnel, rep performance, interaction and customer reports laid out for a file
(documents/report_table.py), as resolvers/report_views.py does for the sales report. Each
takes the very result its query returns, so a file shows what the caller's query would: a part
the caller may not read is null there and blank here, and amount columns are dropped when the
result says amounts are hidden. Records are written by their global IDs, as the query gives
them."""

from __future__ import annotations

from documents.report_table import Cell, Column, ReportTable, Section
from models.global_ids import global_id
from resolvers.customer_report_views import CustomerReportResult
from resolvers.funnel_report import DurationFigures, FunnelCohort, FunnelReportResult
from resolvers.interaction_report import InteractionReportResult
from resolvers.rep_performance import RepPerformanceResult
from resolvers.report_views import amount_cell

DURATION_COLUMNS = [Column("median_seconds"), Column("p90_seconds")]


def _durations(d: DurationFigures | None) -> list[Cell]:
    if d is None:
        return [None, None]
    return [_seconds(d.median), _seconds(d.p90)]


def _seconds(value: float | None) -> int | None:
    return round(value) if value is not None else None


def _ratio(value: float | None) -> str | None:
    return f"{value:.4f}" if value is not None else None


def _stage_rows(cohort: FunnelCohort) -> list[list[Cell]]:
    return [
        [
            cohort.period,
            s.name,
            s.entered,
            s.advanced,
            s.won,
            _ratio(s.conversion_to_next),
            _ratio(s.conversion_to_won),
            *_durations(s.time_in_stage),
        ]
        for s in cohort.stages
    ]


def funnel_table(result: FunnelReportResult) -> ReportTable:
    """Per stage of the whole cohort and of each period's, cycle times, loss reasons."""
    stage_columns = [
        Column("period"),
        Column("stage"),
        Column("entered"),
        Column("advanced"),
        Column("count"),
        Column("conversion_to_next"),
        Column("conversion_to_won"),
        *DURATION_COLUMNS,
    ]
    cohorts = [result.total, *result.cohorts]
    sections = [
        Section("funnel_stages", stage_columns, [r for c in cohorts for r in _stage_rows(c)]),
        Section(
            "funnel_cohorts",
            [
                Column("period"),
                Column("created"),
                Column("count"),
                Column("lost"),
                Column("cycle_time_count"),
                *DURATION_COLUMNS,
            ],
            [
                [c.period, c.created, c.won, c.lost, c.cycle_time.count, *_durations(c.cycle_time)]
                for c in cohorts
            ],
        ),
    ]
    if result.lost_reasons is not None:
        sections.append(
            Section(
                "lost_reasons",
                [Column("reason"), Column("deals")],
                [[r.reason, r.count] for r in result.lost_reasons],
            )
        )
    return ReportTable("funnel_report", sections, facts=[("pipeline", str(result.pipeline_id))])


def reps_table(result: RepPerformanceResult) -> ReportTable:
    """One row per rep; activities by kind in a table of their own."""
    columns = [
        Column("owner"),
        Column("deals_created"),
        Column("count"),
        Column("lost"),
        Column("revenue", money=True),
        Column("unconverted"),
        Column("tasks_done"),
        Column("tasks_overdue"),
        Column("new_leads"),
        Column("first_contact_count"),
        *DURATION_COLUMNS,
    ]
    rows: list[list[Cell]] = []
    kinds: list[list[Cell]] = []
    for r in result.reps:
        first = r.time_to_first_contact
        rows.append(
            [
                r.owner_id,
                r.deals_created,
                r.deals_won,
                r.deals_lost,
                amount_cell(r.won_revenue),
                r.unconverted,
                r.tasks_done,
                r.tasks_overdue,
                r.new_leads,
                first.count if first is not None else None,
                *_durations(first),
            ]
        )
        kinds += [[r.owner_id, k.kind, k.count] for k in r.activities or ()]
    return ReportTable(
        "rep_performance",
        [
            Section("reps", columns, rows),
            Section(
                "activities_by_kind", [Column("owner"), Column("kind"), Column("activities")], kinds
            ),
        ],
        amounts_visible=result.amounts_visible,
        facts=[("base_currency", result.base_currency)],
    )


def interactions_table(result: InteractionReportResult) -> ReportTable:
    """Counts by hour, weekday, kind and outcome; the silent customers when asked for."""

    def counts(title: str, key: str, pairs: list[tuple[Cell, int]]) -> Section:
        return Section(title, [Column(key), Column("activities")], [[k, n] for k, n in pairs])

    sections = [
        counts("by_hour", "hour", [(c.hour, c.count) for c in result.by_hour]),
        counts("by_weekday", "weekday", [(c.weekday, c.count) for c in result.by_weekday]),
        counts("by_kind", "kind", [(c.key, c.count) for c in result.by_kind]),
    ]
    if result.by_outcome is not None:
        sections.append(
            counts("by_outcome", "outcome", [(c.key, c.count) for c in result.by_outcome])
        )
    if result.silent_customers is not None:
        sections.append(
            Section(
                "silent_customers",
                [Column("contact"), Column("last_interaction")],
                [
                    [
                        global_id("Contact", s.contact.pk),
                        s.last_interaction_at.isoformat() if s.last_interaction_at else None,
                    ]
                    for s in result.silent_customers
                ],
            )
        )
    facts: list[tuple[str, Cell]] = [("time_zone", result.time_zone), ("activities", result.total)]
    if result.silent_total is not None:
        facts.append(("silent_total", result.silent_total))
    return ReportTable("interaction_report", sections, facts=facts)


def customers_table(result: CustomerReportResult) -> ReportTable:
    """Customers per RFM segment, the top customers, forecast against actual."""
    sections = [
        Section(
            "segments",
            [Column("segment"), Column("customers")],
            [[s.segment.value, s.count] for s in result.segments],
        ),
        Section(
            "top_customers",
            [
                Column("contact"),
                Column("count"),
                Column("revenue", money=True),
                Column("recency_days"),
                Column("recency_score"),
                Column("frequency_score"),
                Column("monetary_score", money=True),
                Column("segment"),
            ],
            [
                [
                    global_id("Contact", c.contact.pk),
                    c.won_count,
                    amount_cell(c.revenue),
                    c.recency_days,
                    c.recency_score,
                    c.frequency_score,
                    c.monetary_score,
                    c.segment.value,
                ]
                for c in result.top_customers
            ],
        ),
    ]
    if result.forecast_vs_actual is not None:
        sections.append(
            Section(
                "forecast_vs_actual",
                [
                    Column("period"),
                    Column("currency"),
                    Column("open_deals"),
                    Column("forecast", money=True),
                    Column("count"),
                    Column("revenue", money=True),
                ],
                [
                    [
                        f.period,
                        f.currency,
                        f.open_count,
                        amount_cell(f.forecast),
                        f.won_count,
                        amount_cell(f.actual),
                    ]
                    for f in result.forecast_vs_actual
                ],
            )
        )
    return ReportTable(
        "customer_report",
        sections,
        amounts_visible=result.amounts_visible,
        facts=[("base_currency", result.base_currency), ("customers", result.customers)],
    )
