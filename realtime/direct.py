"""Writing a subscription's frames straight from the event stream, without waking its task.

The regular path wakes one task per subscriber per event and runs it through four async
generators, graphql-core's per-event mapping and Strawberry's per-result stream machinery before
one ``send``. For a subscription whose result is shared (schema/shared_execution.py) all of that
only re-derives what another subscriber already made, so while such a subscription is idle its
listener delivers events itself, synchronously, from the stream's fan-out: scope and redaction
per subscriber as before, the shared result serialized once per (event, document, view), and the
operation's frame (``{"id": ..., "type": "next", "payload": ...}``) spliced around it.

A websocket handler (server/ws_handlers.py) says where an operation's frames go by setting
``TARGET`` in the operation's task; the subscription's resolver reads it there.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Callable, Coroutine, Generator
from contextvars import ContextVar
from typing import Any

# The result of offering an event to a direct listener: True when it was handled (sent or not
# for this subscriber), False when the subscription's own task must handle it, or a send that
# is still waiting for the socket to drain (later frames must wait for it).
Handled = bool | asyncio.Future[Any]


class Target:
    """Where one operation's frames go: its frame text around a payload, whether the
    operation is still live (the client may have completed it while its task winds down), and
    the schema's error processing (what Strawberry does to each result's errors)."""

    __slots__ = ("live", "prefix", "process_errors", "send_text")

    def __init__(
        self,
        prefix: str,
        send_text: Callable[[str], Awaitable[None]],
        live: Callable[[], bool],
        process_errors: Callable[[list[Any]], None],
    ) -> None:
        self.prefix = prefix
        self.send_text = send_text
        self.live = live
        self.process_errors = process_errors

    def send(self, payload: str) -> Handled:
        if not self.live():
            return True  # completed or stopped: nothing more is sent for it
        try:
            pending = run_eagerly(self.send_text(self.prefix + payload + "}"))  # type: ignore[arg-type]
        except Exception:  # the socket is gone: its handler ends the operation
            return True
        return True if pending is None else pending


# Set by the websocket handler in the task that runs one operation.
TARGET: ContextVar[Target | None] = ContextVar("tandem_ws_target", default=None)


def run_eagerly(coro: Coroutine[Any, Any, Any]) -> asyncio.Future[Any] | None:
    """Run ``coro`` now, up to its first real suspension; None if it finished without one.

    A websocket send normally writes to the transport and returns without suspending; one to a
    client that stopped reading waits for the buffer to drain. Only that case costs a task."""
    try:
        waiting = coro.send(None)
    except StopIteration:
        return None
    task = asyncio.ensure_future(_resume(coro, waiting))
    task.add_done_callback(_retrieve)
    return task


@types.coroutine
def _resume(coro: Coroutine[Any, Any, Any], waiting: Any) -> Generator[Any, Any, Any]:
    """Carry on a started coroutine in a task: what a task does with it, from the future it
    yielded (asyncio's futures are yielded by their ``__await__``)."""
    while True:
        try:
            value = yield waiting
        except BaseException as exc:  # cancellation or an error thrown in: pass it on
            try:
                waiting = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                waiting = coro.send(value)
            except StopIteration as stop:
                return stop.value


def _retrieve(task: asyncio.Future[Any]) -> None:
    # A failed send means a closed socket, which its handler sees and cleans up.
    if not task.cancelled():
        task.exception()
