"""The hour of day and ISO weekday (1 = Monday .. 7 = Sunday) of a timestamp column in a time
zone, in SQL on both backends.

PostgreSQL knows the zones: ``EXTRACT(... FROM column AT TIME ZONE $n)``. SQLite does not: its
``strftime`` only knows UTC, so the zone's UTC offsets over the report's range are worked out
here (zoneinfo) and written into the statement as a CASE over the column's epoch seconds, one
branch per offset change (daylight saving): a few branches a year, integers computed here, never
user text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

STEP = timedelta(days=1)
FINE = timedelta(minutes=15)


def _offset(zone: ZoneInfo, at: datetime) -> int:
    delta = at.astimezone(zone).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def offsets(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(epoch second from which it applies, UTC offset in seconds) for [start, end): the first
    from ``start``, then one per change (found to the quarter hour, where zones change)."""
    at = start.astimezone(UTC)
    changes = [(int(at.timestamp()), _offset(zone, at))]
    while at < end:
        nxt = min(at + STEP, end)
        if _offset(zone, nxt) != changes[-1][1]:
            fine = at
            while _offset(zone, fine) == changes[-1][1]:
                fine += FINE
            changes.append((int(fine.timestamp()), _offset(zone, fine)))
        at = nxt
    return changes


def _local_epoch_sqlite(column: str, changes: list[tuple[int, int]]) -> str:
    epoch = f"CAST(strftime('%s', {column}) AS INTEGER)"
    if len(changes) == 1:
        return f"({epoch} + {changes[0][1]})"
    branches = " ".join(
        f"WHEN {epoch} < {since} THEN {offset}"
        for (since, offset) in ((changes[i + 1][0], changes[i][1]) for i in range(len(changes) - 1))
    )
    return f"({epoch} + CASE {branches} ELSE {changes[-1][1]} END)"


def hour_and_weekday(
    dialect: str, column: str, zone_marker: str, changes: list[tuple[int, int]]
) -> tuple[str, str]:
    """SQL for the local hour (0-23) and ISO weekday of ``column``. ``zone_marker``: the
    PostgreSQL parameter holding the zone's name; ``changes``: ``offsets`` for SQLite."""
    if dialect == "postgres":
        local = f"({column} AT TIME ZONE {zone_marker})"
        return (
            f"CAST(EXTRACT(HOUR FROM {local}) AS INTEGER)",
            f"CAST(EXTRACT(ISODOW FROM {local}) AS INTEGER)",
        )
    local = _local_epoch_sqlite(column, changes)
    return (
        f"CAST(strftime('%H', {local}, 'unixepoch') AS INTEGER)",
        # %w: 0 = Sunday; ISO: Monday = 1 .. Sunday = 7.
        f"((CAST(strftime('%w', {local}, 'unixepoch') AS INTEGER) + 6) % 7 + 1)",
    )
