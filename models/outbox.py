"""The transactional outbox: one row per committed change, written in the change's transaction.

``seq`` is assigned when the relay publishes (``number_batch``, called by realtime/relay.py):
gapless and in publication order, so a subscriber can tell a missed event from a late one and
resume with ``after`` without gaps or duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from tortoise import connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import clock, unit_of_work
from models.events import Envelope
from models.tortoise_adapter import meta, row_builder


class OutboxEvent(Model):
    id = fields.BigIntField(primary_key=True)
    seq = fields.BigIntField(null=True, unique=True)
    at = fields.DatetimeField(db_index=True)
    kind = fields.CharField(max_length=10)
    object = fields.CharField(max_length=50)
    record_id = fields.BigIntField()
    topics: fields.Field[Any] = fields.JSONField()
    changed: fields.Field[Any] = fields.JSONField()
    values: fields.Field[Any] = fields.JSONField()
    actor_id = fields.BigIntField(null=True)

    class Meta:
        table = "outbox_event"
        app = "tandem"

    def envelope(self) -> Envelope:
        assert self.seq is not None, "only relayed events have a cursor"
        return Envelope(
            seq=self.seq,
            id=self.id,
            at=self.at,
            kind=self.kind,
            object=self.object,
            record_id=self.record_id,
            topics=list(self.topics),
            changed=list(self.changed),
            values=dict(self.values),
            actor_id=self.actor_id,
        )


# Where an event keeps, for each custom field it names as changed, whether the field is
# sensitive: subscribers' permissions on custom.<key> depend on it (models/access/custom_access.py).
CUSTOM_KEY = "__custom__"


async def _custom_keys(
    obj: str,
    values: dict[str, Any],
    before: Mapping[str, Any] | None,
    changed: set[str],
    using_db: BaseDBAsyncClient | None,
) -> set[str]:
    """A change of the custom JSON column, named per key (custom.<key>), so that each subscriber
    hears only of the custom fields it may read."""
    from models.custom_field import CustomField

    after = _custom_of(values.get("custom"))
    previous = _custom_of(before.get("custom")) if before is not None else {}
    keys = sorted(k for k in after.keys() | previous.keys() if after.get(k) != previous.get(k))
    if keys:
        query = CustomField.filter(object=obj, key__in=keys)
        if using_db is not None:
            query = query.using_db(using_db)
        values[CUSTOM_KEY] = {d.key: d.sensitive for d in await query}
    return (changed - {"custom"}) | {f"custom.{k}" for k in keys}


def _custom_of(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        parsed = orjson.loads(raw or "{}")
    except orjson.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


# Columns that decide who may see an owned record (owner, department, a task's assignee), and
# where their values before a change are kept in an event's values.
SCOPE_COLUMNS = ("owner_id", "department_id", "assignee_id")
BEFORE_KEY = "__before__"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def columns_of(row: Model) -> dict[str, Any]:
    """Every stored column of a row, JSON-ready (foreign keys by their ``_id`` column)."""
    fields = meta(row).db_fields
    return {name: _plain(getattr(row, name)) for name in fields if hasattr(row, name)}


async def event_row(
    kind: str,
    obj: str,
    row: Model,
    *,
    changed: Iterable[str],
    topics: Iterable[str],
    actor_id: int | None,
    before: Mapping[str, Any] | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> OutboxEvent:
    """The change's event, not yet written (``emit`` writes it; models/combined_writes.py
    writes it with its change, then ``unit_of_work.current().event_written(event)``).
    ``before``: the row's columns before an update; the scope columns among them are kept when
    one of them changed, so a subscriber who saw the record before and no longer does is told
    it left its view."""
    values = columns_of(row)
    changed = set(changed)
    if "custom" in changed and "custom" in values:
        changed = await _custom_keys(obj, values, before, changed, using_db)
    if before is not None:
        moved = {
            c: before.get(c) for c in SCOPE_COLUMNS if c in before and before[c] != values.get(c)
        }
        if moved:
            values[BEFORE_KEY] = {c: before.get(c) for c in SCOPE_COLUMNS if c in before}
    return OutboxEvent(
        at=clock.now(),
        kind=kind,
        object=obj,
        record_id=row.pk,
        topics=list(topics),
        changed=sorted(changed),
        values=values,
        actor_id=actor_id,
    )


async def emit(
    kind: str,
    obj: str,
    row: Model,
    *,
    changed: Iterable[str],
    topics: Iterable[str],
    actor_id: int | None,
    before: Mapping[str, Any] | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> OutboxEvent:
    """Write the change's event (``event_row``); call inside the change's transaction
    (``using_db``: that transaction's connection, when the caller holds it rather than running
    in its context)."""
    event = await event_row(
        kind,
        obj,
        row,
        changed=changed,
        topics=topics,
        actor_id=actor_id,
        before=before,
        using_db=using_db,
    )
    await event.save(using_db=using_db, force_create=True)
    unit = unit_of_work.current()
    if unit is not None:
        # The relay is woken once the unit commits (models/unit_of_work.py).
        unit.event_written(event)
    return event


async def emit_access_change(
    obj: str, row: Model, changed: Iterable[str], actor_id: int | None
) -> None:
    """A user's or role's access changed: open subscriptions of that user (or of holders of that
    role) reload their permissions at this event. Call inside the change's unit of work."""
    unit = unit_of_work.current()
    assert unit is not None, "an access change is written inside a unit of work"
    # This process's cached callers of that user or role are dropped now and after the commit
    # (the unit tells models/events.py's access listeners); other processes drop theirs when
    # this event reaches them (auth/principal_cache.py).
    unit.access_changed(obj, int(row.pk))
    await emit(
        "updated", obj, row, changed=changed, topics=[obj, f"{obj}:{row.pk}"], actor_id=actor_id
    )


# Numbering (the relay) ------------------------------------------------------------------------

# Any constant shared by all processes of one database; "tandem" in ASCII.
ADVISORY_LOCK_KEY = 0x74616E64656D
# Rows numbered at most per round.
BATCH = 500


def _is_postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


# One statement numbers a batch: the oldest unnumbered rows get the seqs after the highest one
# given, in id order, and come back. Run after the advisory lock is taken (PostgreSQL), so its
# snapshot sees every batch numbered before. RETURNING names the target's columns only (SQLite
# lets it name nothing of the FROM tables; the derived tables' columns are named apart).
NUMBER = """
WITH top AS (SELECT COALESCE(MAX(seq), 0) AS top_seq FROM outbox_event),
pending AS (
    SELECT pending_id, ROW_NUMBER() OVER (ORDER BY pending_id) AS offset_n
    FROM (
        SELECT id AS pending_id FROM outbox_event WHERE seq IS NULL ORDER BY id LIMIT {limit}
    ) AS oldest
)
UPDATE outbox_event SET seq = top.top_seq + pending.offset_n
FROM pending, top WHERE outbox_event.id = pending.pending_id
RETURNING id, seq, at, kind, object, record_id, topics, changed, "values", actor_id
"""


async def number_batch(limit: int = BATCH) -> list[OutboxEvent]:
    """Assign the next seqs to the oldest unnumbered rows (at most ``limit``); returns them in
    seq order. Called by the relay (realtime/relay.py) before it publishes them. On PostgreSQL a
    transaction-scoped advisory lock lets one process at a time number a batch (SQLite has a
    single writer anyway). Four round trips a round: begin, lock, number, commit."""
    async with in_transaction() as conn:
        if _is_postgres():
            _, rows = await conn.execute_query(
                "SELECT pg_try_advisory_xact_lock($1) AS got", [ADVISORY_LOCK_KEY]
            )
            if not rows[0]["got"]:
                return []
        _, rows = await conn.execute_query(NUMBER.format(limit=int(limit)))
    build = row_builder(OutboxEvent)
    return sorted((build(row) for row in rows), key=lambda event: event.seq or 0)
