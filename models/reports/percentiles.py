"""Median and 90th percentile of a duration column per group, in SQL (continuous percentiles,
interpolated between the two nearest values as PostgreSQL's percentile_cont does).

PostgreSQL computes them with percentile_cont; SQLite has no such aggregate, so each value is
ranked in its group (ROW_NUMBER, COUNT over the group) and the one or two values at the
percentile's position are weighted and summed. Either way the database returns one row per
group: Python never sees the durations themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The source must give columns "k" and "g" (the group) and "v" (the duration in seconds).
POSTGRES = """
SELECT "k", "g", COUNT(*) AS "n",
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "v") AS "p50",
       percentile_cont(0.9) WITHIN GROUP (ORDER BY "v") AS "p90"
FROM ({source}) AS "src" GROUP BY "k", "g"
"""
SQLITE = """
SELECT "k", "g", MAX("cnt") AS "n", {p50} AS "p50", {p90} AS "p90"
FROM (
    SELECT "k", "g", "v",
           ROW_NUMBER() OVER (PARTITION BY "k", "g" ORDER BY "v") AS "rn",
           COUNT(*) OVER (PARTITION BY "k", "g") AS "cnt"
    FROM ({source}) AS "src"
) AS "ranked" GROUP BY "k", "g"
"""


def _sqlite_percentile(p: float) -> str:
    # Position h = 1 + p (n - 1); the values ranked floor(h) and floor(h) + 1, weighted.
    h = f'(1 + {p} * ("cnt" - 1))'
    low = f"CAST({h} AS INTEGER)"
    frac = f"({h} - {low})"
    return (
        f'SUM(CASE WHEN "rn" = {low} THEN "v" * (1 - {frac}) '
        f'WHEN "rn" = {low} + 1 THEN "v" * {frac} ELSE 0 END)'
    )


def percentiles_sql(dialect: str, source: str) -> str:
    if dialect == "postgres":
        return POSTGRES.format(source=source)
    return SQLITE.format(source=source, p50=_sqlite_percentile(0.5), p90=_sqlite_percentile(0.9))


@dataclass(frozen=True, slots=True)
class Durations:
    """Seconds: how many durations, their median and 90th percentile (None when none)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None


def durations(row: dict[str, Any]) -> Durations:
    return Durations(
        count=int(row["n"]),
        median=round(float(row["p50"]), 3),
        p90=round(float(row["p90"]), 3),
    )
