"""The one source of "now" for domain code, so tests can move time instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    """A clock that only moves when told to (tests, simulations)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> datetime:
        """Jump to ``at`` (a test on a fixed calendar day)."""
        self._now = at
        return at

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


_current: Clock = Clock()


def now() -> datetime:
    return _current.now()


def use(clock: Clock) -> Clock:
    """Install ``clock`` process-wide; returns the previous one so callers can restore it."""
    global _current
    previous, _current = _current, clock
    return previous
