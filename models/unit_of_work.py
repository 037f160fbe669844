"""The unit of work: one transaction per change, and what happens once it has committed.

Every domain action that writes opens one (``async with unit_of_work() as uow``). While it is
open, the change's outbox events (models/outbox.py ``emit``), audit entries
(models/audit.py ``write_audit``) and access changes (``emit_access_change``) are collected on
it. When its transaction commits, and only then, it runs the after-commit work once, in this
order: listeners of access changes are told again (the principal cache drops what a read begun
before the commit may have kept), the relay is woken if the unit wrote any event
(``models.events.committed``, called here and nowhere else), then the hooks registered with
``after_commit``. A rollback (any exception leaving the block) runs none of it.

A unit opened while another is open in the same task joins the outer one: same transaction, and
its after-commit work waits for the outer commit. So an action may call another action (a task
change notifying its assignee) and the whole is still one change. Joining is not a savepoint: an
exception that leaves the inner block and is caught in the outer one keeps the inner writes.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import events

if TYPE_CHECKING:
    from models.audit import AuditEntry
    from models.outbox import OutboxEvent

log = logging.getLogger("tandem.domain")


class UnitOfWork:
    """What one change has written so far, and what to run once it commits."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        # The transaction's connection, for code that passes it on explicitly (``using_db``).
        self.connection = connection
        self.events: list[OutboxEvent] = []
        # Events written in bulk (COPY), with no instance to keep: the relay is woken all the same.
        self.bulk_events = False
        self.audit: list[AuditEntry] = []
        self.access_changes: list[tuple[str, int]] = []
        self._hooks: list[Callable[[], None]] = []
        # False once the transaction is over: a task started inside the unit inherits this
        # context, and must open a unit of its own rather than join a finished one.
        self.open = True

    def event_written(self, *written: OutboxEvent) -> None:
        self.events.extend(written)

    def events_written_in_bulk(self) -> None:
        self.bulk_events = True

    def audited(self, *entries: AuditEntry) -> None:
        self.audit.extend(entries)

    def access_changed(self, obj: str, record_id: int) -> None:
        """A user's or role's access changes: listeners drop what they keep of it now, and once
        more after the commit."""
        self.access_changes.append((obj, record_id))
        events.access_changed(obj, record_id)

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once this unit's transaction has committed; never if it rolls back."""
        self._hooks.append(hook)

    def _committed(self) -> None:
        for obj, record_id in self.access_changes:
            events.access_changed(obj, record_id)
        if self.events or self.bulk_events:
            events.committed()
        for hook in self._hooks:
            try:
                hook()
            except Exception:  # the change is committed: a failing hook must not undo the reply
                log.exception("after-commit hook failed")


_current: contextvars.ContextVar[UnitOfWork | None] = contextvars.ContextVar(
    "tandem_unit_of_work", default=None
)


def current() -> UnitOfWork | None:
    """The unit of work open in this task, if any."""
    unit = _current.get()
    return unit if unit is not None and unit.open else None


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[UnitOfWork]:
    outer = current()
    if outer is not None:
        yield outer
        return
    async with in_transaction() as connection:
        unit = UnitOfWork(connection)
        token = _current.set(unit)
        try:
            yield unit
        finally:
            unit.open = False
            _current.reset(token)
    unit._committed()
