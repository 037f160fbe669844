"""Live reports, coalesced and shared: subscribers that would compute the same figures (one
report, equal filters, the same caller) form a group, and a group recomputes at most once per
window however many events arrive in it, then hands the result to every member.

The first event that may change the report opens a window of ``window`` seconds; the events
that arrive before it closes are taken with it, so a burst (an import, a bulk edit, several
deals won in a minute) is one recomputation. The window is waited through ``wait`` (asyncio's
sleep; tests pass a gate they open, so they never sleep). The group listens from the moment it
is formed, before a member computes its first figures, so no change falls between the two.
A result equal to the group's last one is not sent: an event the members cannot see changes
nothing they receive.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any

from models.events import Envelope
from realtime.errors import SubscriberTooSlow
from realtime.stream import EventStream

Wait = Callable[[float], Awaitable[None]]
# Recomputes a group's report after the envelopes of one window (a caller's own access is
# refreshed first when one of them says it changed; None: some were lost, refresh it anyway).
# Raises to end every member's stream.
Recompute = Callable[[list[Envelope] | None], Awaitable[Any]]


class Member:
    """One subscriber's view of its group: only the newest result is kept (a slow subscriber
    skips to it rather than queue stale figures)."""

    def __init__(self) -> None:
        self._result: Any = None
        self._has = False
        self._failure: BaseException | None = None
        self._ready = asyncio.Event()

    def offer(self, result: Any) -> None:
        self._result, self._has = result, True
        self._ready.set()

    def fail(self, error: BaseException) -> None:
        self._failure = error
        self._ready.set()

    async def next(self) -> Any:
        while True:
            if self._failure is not None:
                raise self._failure
            if self._has:
                self._has = False
                result, self._result = self._result, None
                return result
            self._ready.clear()
            await self._ready.wait()


class Group:
    def __init__(
        self,
        groups: ReportGroups,
        key: Hashable,
        accepts: Callable[[Envelope], bool],
        recompute: Recompute,
    ) -> None:
        self.groups = groups
        self.key = key
        self.recompute = recompute
        self.accepts = accepts
        self.members: set[Member] = set()
        self.last: Any = None
        self.listener, _ = groups.stream.listen(accepts)
        self.task = asyncio.create_task(self._run(), name=f"report-group-{key!r}"[:80])

    async def _run(self) -> None:
        try:
            while True:
                batch = await self._window()
                result = await self.recompute(batch)
                self.groups.recomputations += 1
                if result == self.last:
                    continue
                self.last = result
                for member in self.members:
                    member.offer(result)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            for member in self.members:
                member.fail(error)
        finally:
            self.groups.stream.unlisten(self.listener)

    async def _window(self) -> list[Envelope] | None:
        """The envelopes of the next window; None if more came than the listener's queue holds
        (it was dropped): the recomputation reads the database anyway, so the group listens
        afresh and recomputes rather than end its members' streams."""
        try:
            batch = [await self.listener.next()]
            await self.groups.wait(self.groups.window)
            return batch + self.listener.drain()
        except SubscriberTooSlow:
            self.groups.stream.unlisten(self.listener)
            self.listener, _ = self.groups.stream.listen(self.accepts)
            return None

    async def close(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


class ReportGroups:
    """This process's groups of live-report subscribers, by key."""

    def __init__(self, stream: EventStream, window: float, wait: Wait = asyncio.sleep) -> None:
        self.stream = stream
        self.window = window
        self.wait = wait
        # Recomputations run so far (for the metrics and tests: one per group per window).
        self.recomputations = 0
        self._groups: dict[Hashable, Group] = {}

    @contextlib.asynccontextmanager
    async def joined(
        self, key: Hashable, accepts: Callable[[Envelope], bool], recompute: Recompute
    ) -> AsyncIterator[Member]:
        """A member of the group ``key`` (formed now if there is none), for as long as the
        context lasts; the last member to leave ends the group."""
        group = self._groups.get(key)
        if group is None or group.task.done():
            group = self._groups[key] = Group(self, key, accepts, recompute)
        member = Member()
        group.members.add(member)
        try:
            yield member
        finally:
            group.members.discard(member)
            if not group.members and self._groups.get(key) is group:
                del self._groups[key]
                await group.close()
