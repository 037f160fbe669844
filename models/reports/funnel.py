"""The funnel report: the deals of one pipeline created in a range (the cohort, split by period
of creation), how far through the stages they got, how long they stayed in each stage, how
long the won ones took from creation to won, and why the lost ones were lost.

A deal *entered* a stage when it reached that stage or one after it (stages in position order;
the pipeline's lost stages are not steps of the funnel): skipping a stage still passes through
it, so each stage's count is at most the one before it. How far a deal got comes from its stage
history (models/deal_history.py: each change's from and to stage; the first stage a deal was in
is the first change's from stage) and its current stage. A won deal went through every stage.

Time in a stage is each completed stay, from the history's ``seconds_in_previous`` (a deal still
in a stage has not finished its stay). Cycle time is creation to ``closedAt`` of the won deals.
All of it is aggregated in SQL over the viewer's scoped deals (three statements whatever the
number of deals); Python adds nothing up but the per-cohort rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.deal import Deal
from models.pipeline import Stage
from models.reports.percentiles import Durations, durations, percentiles_sql
from models.reports.periods import truncate
from models.reports.statement import Statement, seconds_between
from models.tortoise_adapter import connection_of

# The cycle time's row among the per-stage durations (no stage has this id).
CYCLE = -1
# Loss reasons returned, most frequent first (free text: a bound on the rows).
MAX_REASONS = 50

# The scoped deals as a derived table (one scan of deal, not a second one for id IN (...)).
COHORT = """
SELECT "d"."id", "d"."status", "d"."stage_id", "d"."created_at", "d"."closed_at",
       {period} AS "k"
FROM ({scoped}) AS "d"
"""
COHORT_COLUMNS = ("id", "status", "stage_id", "created_at", "closed_at")
STEPS = """SELECT "id", "position" FROM "stage" WHERE "pipeline_id" = {pipeline}
AND NOT "is_lost" """

# NOT MATERIALIZED (PostgreSQL 12+, SQLite 3.35+): the cohort is inlined where it is used, so
# the planner knows deal.id is a key; materialized, its estimates grew a thousandfold and
# PostgreSQL spent a second compiling the statement (JIT) for 50 ms of work.
REACH = """
WITH "c" AS NOT MATERIALIZED ({cohort}),
"f" AS ({steps}),
"touched" AS (
    SELECT "c"."id", "f"."position" FROM "c" JOIN "f" ON "f"."id" = "c"."stage_id"
    UNION ALL
    SELECT "c"."id", "f"."position" FROM "c"
    JOIN "deal_stage_change" AS "h" ON "h"."deal_id" = "c"."id"
    JOIN "f" ON "f"."id" = "h"."from_stage_id"
    UNION ALL
    SELECT "c"."id", "f"."position" FROM "c"
    JOIN "deal_stage_change" AS "h" ON "h"."deal_id" = "c"."id"
    JOIN "f" ON "f"."id" = "h"."to_stage_id"
),
"reach" AS (
    SELECT "c"."id", "c"."k", "c"."status", MAX("t"."position") AS "top"
    FROM "c" LEFT JOIN "touched" AS "t" ON "t"."id" = "c"."id"
    GROUP BY "c"."id", "c"."k", "c"."status"
)
SELECT "r"."k" AS "k", "f"."id" AS "g", COUNT(*) AS "n",
       SUM(CASE WHEN "r"."status" = 'won' THEN 1 ELSE 0 END) AS "won", 0 AS "lost"
FROM "reach" AS "r" JOIN "f" ON "r"."status" = 'won' OR "f"."position" <= "r"."top"
GROUP BY "r"."k", "f"."id"
UNION ALL
SELECT "k", NULL, COUNT(*), SUM(CASE WHEN "status" = 'won' THEN 1 ELSE 0 END),
       SUM(CASE WHEN "status" = 'lost' THEN 1 ELSE 0 END)
FROM "c" GROUP BY "k"
"""

# Per cohort and overall (k null): each stay in a stage of the pipeline, and each won deal's
# creation-to-won time (g = CYCLE).
STAYS = """
WITH "c" AS NOT MATERIALIZED ({cohort}),
"s" AS (
    SELECT "c"."k", "h"."from_stage_id" AS "g", "h"."seconds_in_previous" AS "v"
    FROM "c" JOIN "deal_stage_change" AS "h" ON "h"."deal_id" = "c"."id"
    WHERE "h"."from_stage_id" IN (SELECT "id" FROM "stage" WHERE "pipeline_id" = {pipeline})
    UNION ALL
    SELECT "c"."k", {cycle}, {cycle_seconds} FROM "c"
    WHERE "c"."status" = 'won' AND "c"."closed_at" IS NOT NULL
)
SELECT "k", "g", "v" FROM "s" UNION ALL SELECT NULL, "g", "v" FROM "s"
"""

REASONS = """
SELECT "lost_reason" AS "reason", COUNT(*) AS "n" FROM ({scoped}) AS "d"
WHERE "status" = 'lost'
GROUP BY "lost_reason" ORDER BY COUNT(*) DESC LIMIT {limit}
"""


@dataclass(frozen=True, slots=True)
class Filters:
    start: date
    end: date
    pipeline_id: int
    department_id: int | None = None
    owner_id: int | None = None


@dataclass(slots=True)
class StageFigures:
    stage_id: int
    name: str
    is_won: bool
    entered: int = 0
    advanced: int = 0
    won: int = 0
    time_in_stage: Durations = field(default_factory=Durations)
    # The funnel's last step: it has no next stage to convert to.
    last: bool = False

    @property
    def to_next(self) -> float | None:
        return round(self.advanced / self.entered, 4) if self.entered and not self.last else None

    @property
    def to_won(self) -> float | None:
        return round(self.won / self.entered, 4) if self.entered else None


@dataclass(slots=True)
class Cohort:
    period: date | None
    created: int = 0
    won: int = 0
    lost: int = 0
    stages: list[StageFigures] = field(default_factory=list)
    cycle_time: Durations = field(default_factory=Durations)


@dataclass(slots=True)
class FunnelReport:
    pipeline_id: int
    total: Cohort
    cohorts: list[Cohort]
    lost_reasons: list[tuple[str | None, int]]
    # Set by the resolver: the viewer may read the stage history (time in stage) and the
    # loss reasons.
    history_visible: bool = True
    reasons_visible: bool = True


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def cohort_query(filters: Filters, scope: Q | None) -> QuerySet[Deal]:
    query = Deal.filter(
        deleted_at__isnull=True,
        pipeline_id=filters.pipeline_id,
        created_at__gte=_start(filters.start),
        created_at__lt=_start(filters.end + timedelta(days=1)),
    )
    if scope is not None:
        query = query.filter(scope)
    if filters.department_id is not None:
        query = query.filter(department_id=filters.department_id)
    if filters.owner_id is not None:
        query = query.filter(owner_id=filters.owner_id)
    return query


def _cohort_sql(st: Statement, query: QuerySet[Deal], period: str) -> str:
    return COHORT.format(
        period=truncate(st.dialect, '"d"."created_at"', period),
        scoped=st.subquery(query.only(*COHORT_COLUMNS)),
    )


def _key(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value is not None else None


def _cohort(period: date | None, stages: list[Stage]) -> Cohort:
    figures = [StageFigures(s.pk, s.name, s.is_won) for s in stages]
    if figures:
        figures[-1].last = True
    return Cohort(period, stages=figures)


def _fill(cohort: Cohort, rows: list[dict[str, Any]], stays: dict[int, Durations]) -> None:
    by_stage = {s.stage_id: s for s in cohort.stages}
    for row in rows:
        if row["g"] is None:
            cohort.created += int(row["n"])
            cohort.won += int(row["won"] or 0)
            cohort.lost += int(row["lost"] or 0)
        elif int(row["g"]) in by_stage:
            figures = by_stage[int(row["g"])]
            figures.entered += int(row["n"])
            figures.won += int(row["won"] or 0)
    for current, following in zip(cohort.stages, cohort.stages[1:], strict=False):
        current.advanced = following.entered
    for figures in cohort.stages:
        figures.time_in_stage = stays.get(figures.stage_id, Durations())
    cohort.cycle_time = stays.get(CYCLE, Durations())


async def funnel_report(filters: Filters, *, scope: Q | None, period: str) -> FunnelReport:
    stages = [
        s
        for s in await Stage.filter(pipeline_id=filters.pipeline_id).order_by("position", "id")
        if not s.is_lost
    ]
    query = cohort_query(filters, scope)
    db = connection_of(query)

    reach = Statement(db)
    pipeline = reach.param(filters.pipeline_id)
    reach_rows = await reach.rows(
        REACH.format(
            cohort=_cohort_sql(reach, query, period),
            steps=STEPS.format(pipeline=pipeline),
        )
    )

    stays = Statement(db)
    source = STAYS.format(
        cohort=_cohort_sql(stays, query, period),
        pipeline=stays.param(filters.pipeline_id),
        cycle=CYCLE,
        cycle_seconds=seconds_between(stays.dialect, '"c"."created_at"', '"c"."closed_at"'),
    )
    stay_rows = await stays.rows(percentiles_sql(stays.dialect, source))

    reasons = Statement(db)
    reason_rows = await reasons.rows(
        REASONS.format(
            scoped=reasons.subquery(query.only("status", "lost_reason")), limit=MAX_REASONS
        )
    )

    rows_by_key: dict[date | None, list[dict[str, Any]]] = {}
    for row in reach_rows:
        rows_by_key.setdefault(_key(row["k"]), []).append(row)
    stays_by_key: dict[date | None, dict[int, Durations]] = {}
    for row in stay_rows:
        stays_by_key.setdefault(_key(row["k"]), {})[int(row["g"])] = durations(row)

    cohorts = []
    for key in sorted(rows_by_key, key=lambda k: (k is None, k or date.min)):
        cohort = _cohort(key, stages)
        _fill(cohort, rows_by_key[key], stays_by_key.get(key, {}))
        cohorts.append(cohort)
    total = _cohort(None, stages)
    _fill(total, [r for rows in rows_by_key.values() for r in rows], stays_by_key.get(None, {}))
    lost_reasons = sorted(
        ((r["reason"], int(r["n"])) for r in reason_rows),
        key=lambda item: (-item[1], item[0] is None, item[0] or ""),
    )
    return FunnelReport(filters.pipeline_id, total, cohorts, lost_reasons)
