"""The event envelope every change produces, and the after-commit registries.

Domain code writes the outbox row inside its unit of work (models/unit_of_work.py); the unit
calls ``committed()`` once its transaction has committed, never after a rollback, so the relay
(realtime/relay.py, which registers with ``on_commit``) publishes at once instead of at its next
poll. ``on_access_change`` is how the principal cache (auth/principal_cache.py) hears of a
user's or role's access changing: the domain knows nothing of who listens.
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
_access_listeners: list[Callable[[str, int], None]] = []


def on_commit(waker: Callable[[], None]) -> Callable[[], None]:
    """Register a callback run after each committed change; returns its remover."""
    _wakers.append(waker)
    return lambda: _wakers.remove(waker) if waker in _wakers else None


def committed() -> None:
    """Run the wakers: called by the unit of work's commit only (models/unit_of_work.py)."""
    for waker in list(_wakers):
        waker()


def on_access_change(listener: Callable[[str, int], None]) -> Callable[[], None]:
    """Register ``listener(object, id)``, told when a user's or role's access changes: inside
    the change's transaction and again after its commit. Returns its remover."""
    _access_listeners.append(listener)
    return lambda: _access_listeners.remove(listener) if listener in _access_listeners else None


def access_changed(obj: str, record_id: int) -> None:
    for listener in list(_access_listeners):
        listener(obj, record_id)


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
