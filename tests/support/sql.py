"""Counting SQL statements, for tests that guard against N+1 queries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from realtime import relay

_LOGGER = "tortoise.db_client"
_STATEMENT_PREFIXES = ("select", "insert", "update", "delete", "with")
# The signed-in caller's check (models/caller.py). An HTTP request's caller is cached per token
# (auth/principal_cache.py), so whether a request runs it depends on what ran before: counts
# leave it out unless asked for.
_CALLER_PREFIX = "select u.id, u.email, u.is_active, u.session_version"


class StatementCounter(logging.Handler):
    def __init__(self, include_caller: bool = False, this_task: bool = False) -> None:
        super().__init__(level=logging.DEBUG)
        self.include_caller = include_caller
        # Only statements of the task that counts: an in-process HTTP request runs in the
        # test's task (httpx's ASGI transport), background work in tasks of its own.
        self.task = asyncio.current_task() if this_task else None
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        current = asyncio.current_task()
        if self.task is not None and current is not self.task:
            return
        # The outbox relay, woken by every commit, numbers events in its own task while the
        # next request runs: never the request's statements (CI counted its lock once).
        if current is not None and current.get_name() == relay.TASK_NAME:
            return
        message = record.getMessage().strip()
        lowered = message.lower()
        if lowered.startswith(_STATEMENT_PREFIXES) and (
            self.include_caller or not lowered.startswith(_CALLER_PREFIX)
        ):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(
    *, include_caller: bool = False, this_task: bool = False
) -> Iterator[StatementCounter]:
    logger = logging.getLogger(_LOGGER)
    counter = StatementCounter(include_caller, this_task)
    previous = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


# What the events of a commit set off in the background while a test's request runs: the
# relay's lock and numbering (left out by task above as well) and the webhook dispatch, which
# runs in tasks of the job queue. Not the request's.
_RELAY_MARKS = ("outbox_event", "pg_try_advisory_xact_lock", "webhook")


def without_relay(statements: list[str]) -> list[str]:
    """The statements that are not the relay's, for counts that cannot use ``this_task``
    (a request's root fields run in tasks of their own)."""
    return [s for s in statements if not any(mark in s for mark in _RELAY_MARKS)]
