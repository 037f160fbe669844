"""Truncating a timestamp to the first day of its day, week, month, quarter or year, in SQL.

The one dialect difference of the reports: date_trunc on PostgreSQL (over the UTC time, since it
truncates a timestamptz in the session's zone) and strftime/date on SQLite; both give 'YYYY-MM-DD'
text. Weeks start on Monday on both (ISO weeks).
"""

from __future__ import annotations

from datetime import date, timedelta

DAY, WEEK, MONTH, QUARTER, YEAR = "day", "week", "month", "quarter", "year"
PERIODS = (DAY, WEEK, MONTH, QUARTER, YEAR)


def truncate(dialect: str, column: str, period: str) -> str:
    """SQL for the first day of ``column``'s period, as 'YYYY-MM-DD' text (``period`` is one of
    PERIODS, never user text: the caller maps an enum)."""
    if period not in PERIODS:
        raise ValueError(period)
    if dialect == "postgres":
        return f"to_char(date_trunc('{period}', {column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"
    if period == DAY:
        return f"strftime('%Y-%m-%d', {column})"
    if period == WEEK:
        # 'weekday 0' moves forward to the next Sunday (or stays on one); six days back is Monday.
        return f"date({column}, 'weekday 0', '-6 days')"
    if period == MONTH:
        return f"strftime('%Y-%m-01', {column})"
    if period == YEAR:
        return f"strftime('%Y-01-01', {column})"
    month = f"CAST(strftime('%m', {column}) AS INTEGER)"
    return f"printf('%s-%02d-01', strftime('%Y', {column}), (({month} - 1) / 3) * 3 + 1)"


def previous(start: date, end: date) -> tuple[date, date]:
    """The range of the same length just before [start, end] (both inclusive)."""
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)
