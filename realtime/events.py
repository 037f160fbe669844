"""The event envelope every change produces, and the hook that wakes the relay after a commit.

Domain code (models/) imports only this module from realtime/: it writes the outbox row inside
its transaction and calls ``committed()`` once the transaction is over, so the relay publishes
at once instead of at its next poll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

import orjson

CREATED, UPDATED, MOVED, DELETED = "created", "updated", "moved", "deleted"

_wakers: list[Callable[[], None]] = []


def on_commit(waker: Callable[[], None]) -> Callable[[], None]:
    """Register a callback run after each committed change; returns its remover."""
    _wakers.append(waker)
    return lambda: _wakers.remove(waker) if waker in _wakers else None


def committed() -> None:
    for waker in list(_wakers):
        waker()


def _default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return str(value)


@dataclass(slots=True)
class Envelope:
    """One committed change, as published and replayed. ``seq`` is the cursor: gapless and in
    publication order. ``values`` are the record's columns after the change (none for deletes
    beyond owner and department, which scope needs)."""

    seq: int
    id: int
    at: datetime
    kind: str
    object: str
    record_id: int
    topics: list[str]
    changed: list[str]
    values: dict[str, Any]
    actor_id: int | None
    # Per-role results of redaction, computed once per role (see realtime/fanout.py).
    views: dict[int, Any] = field(default_factory=dict, repr=False)
    # Per role and document: the executed result shared by subscribers (schema/shared_execution).
    results: dict[Any, Any] = field(default_factory=dict, repr=False)

    def dumps(self) -> str:
        return orjson.dumps(
            {
                "seq": self.seq,
                "id": self.id,
                "at": self.at.isoformat(),
                "kind": self.kind,
                "object": self.object,
                "record_id": self.record_id,
                "topics": self.topics,
                "changed": self.changed,
                "values": self.values,
                "actor_id": self.actor_id,
            },
            default=_default,
        ).decode()

    @classmethod
    def loads(cls, text: str) -> Envelope:
        raw = orjson.loads(text)
        raw["at"] = datetime.fromisoformat(raw["at"])
        return cls(**raw)
