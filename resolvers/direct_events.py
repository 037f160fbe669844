"""Record events delivered by the listener itself while a shared subscription is idle.

What a subscriber receives is what the regular path (resolvers/subscriptions.py) would send: the
same scope and redaction (``view_for``), the same shared execution (schema/shared_execution.py),
the same error classification and the same frame. Only the route is shorter: no task wake-up, no
generator chain, no Strawberry stream per event, and the payload is serialized once per (event,
document + variables, view) for every subscriber it fits. Whatever needs an await goes the
regular way: an event about the subscriber's own access (its principal is re-read), a result
that resolves asynchronously, anything that fails here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Protocol

import orjson

from models.events import Envelope
from realtime.direct import Handled, Target
from realtime.fanout import view_for
from resolvers.context import RequestContext
from resolvers.record_event import ACCESS_OBJECTS, concerns, record_event

log = logging.getLogger(__name__)
_PAYLOAD = "payload"  # first item of the payload's key in the event's shared cache


class SharingExecution(Protocol):
    """What this module needs of a subscription's executor (schema/shared_execution.py)."""

    def share_base(self) -> Any: ...

    def build_per_event_executor(self, payload: Any) -> Any: ...

    def is_awaitable(self, value: Any) -> bool: ...


# The executor of the subscription being started in the current task: set by the executor
# (schema/shared_execution.py) before the subscription's resolver body runs.
SUBSCRIBING: ContextVar[SharingExecution | None] = ContextVar("tandem_subscribing", default=None)


class DirectDelivery:
    """Called by the subscription's listener for each accepted envelope (realtime/stream.py)."""

    __slots__ = ("accepts", "base", "context", "executor", "target")

    def __init__(
        self,
        context: RequestContext,
        accepts: Callable[[Envelope], bool],
        executor: SharingExecution,
        base: Any,
        target: Target,
    ) -> None:
        self.context = context
        self.accepts = accepts
        self.executor = executor
        self.base = base
        self.target = target

    def __call__(self, envelope: Envelope) -> Handled:
        try:
            return self._deliver(envelope)
        except Exception:  # the regular path raises it where the subscriber is told
            log.debug("direct delivery fell back to the subscription's task", exc_info=True)
            return False

    def _deliver(self, envelope: Envelope) -> Handled:
        ctx = self.context
        if envelope.object in ACCESS_OBJECTS:
            if concerns(ctx, envelope):
                return False  # the principal is re-read first, in the subscription's task
            if not self.accepts(envelope):
                return True
        view = view_for(ctx.access(envelope.object), envelope)
        if view is None:
            return True
        key = (_PAYLOAD, self.base, id(view))
        results = envelope.results
        payload = results.get(key)
        if payload is None:
            payload = self._execute(envelope, view, key)
        if isinstance(payload, _Pending):
            # Sent when the result is made; this subscriber's later events wait for it.
            payload.targets.append(self.target)
            return payload.task
        return self.target.send(payload)

    def _execute(self, envelope: Envelope, view: Any, key: Any) -> str | _Pending:
        """The payload as the regular path would send it, made once for all it fits."""
        per_event = self.executor.build_per_event_executor(record_event(envelope, view))
        result = per_event.execute_operation(False)
        process_errors = self.target.process_errors
        if not self.executor.is_awaitable(result):
            payload = envelope.results[key] = _payload(result, process_errors)
            return payload
        pending = envelope.results[key] = _Pending()
        pending.task = asyncio.ensure_future(
            _complete(result, pending, envelope.results, key, process_errors)
        )
        return pending


class _Pending:
    """A shared payload still being made, and the subscribers it is for."""

    __slots__ = ("targets", "task")

    def __init__(self) -> None:
        self.targets: list[Target] = []
        self.task: asyncio.Future[None]


async def _complete(
    result: Awaitable[Any],
    pending: _Pending,
    results: dict[Any, Any],
    key: Any,
    process_errors: Callable[[list[Any]], None],
) -> None:
    try:
        payload = results[key] = _payload(await result, process_errors)
    except Exception:  # graphql-core reports field errors in the result; this is a bug
        results.pop(key, None)
        log.exception("a shared subscription result failed; %d not sent", len(pending.targets))
        return
    sent = [target.send(payload) for target in pending.targets]
    waiting = [each for each in sent if isinstance(each, asyncio.Future)]
    if waiting:  # clients slow to read: their next frames wait for these
        await asyncio.wait(waiting)


def _payload(result: Any, process_errors: Callable[[list[Any]], None]) -> str:
    errors = result.errors
    if errors:
        process_errors(errors)
    # As Strawberry's next/data message payload: data, then errors if any (no extension of
    # this schema adds results to a subscription's events).
    body: dict[str, Any] = {"data": result.data}
    if errors:
        body["errors"] = [error.formatted for error in errors]
    return orjson.dumps(body).decode()
