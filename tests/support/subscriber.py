"""A real websocket subscriber (the `gql` client over graphql-transport-ws) for tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

PROTOCOL = WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL  # graphql-transport-ws
LEGACY = WebsocketsTransport.APOLLO_SUBPROTOCOL  # graphql-ws
# Long enough for a loaded CI machine; a passing test never waits for it.
WAIT = 10.0


class Subscriber:
    def __init__(self) -> None:
        self.received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def next(self) -> dict[str, Any]:
        """The next event; the subscription's own error if it ended with one."""
        getter = asyncio.ensure_future(self.received.get())
        waiting = {getter} | ({self.task} if self.task else set())
        done, _ = await asyncio.wait(waiting, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            return getter.result()
        getter.cancel()
        if self.task in done and self.task is not None:
            self.task.result()
            raise AssertionError("the subscription ended")
        raise TimeoutError("no event arrived")


@asynccontextmanager
async def subscribed(
    ws_url: str,
    token: str,
    document: str,
    variables: dict[str, Any] | None = None,
    *,
    protocol: str = PROTOCOL,
) -> AsyncIterator[Subscriber]:
    """Subscribe and yield once the server has registered the subscription.
    ``protocol``: graphql-transport-ws, or LEGACY (Apollo's graphql-ws)."""
    transport = WebsocketsTransport(
        url=ws_url,
        init_payload={"Authorization": f"Bearer {token}"},
        subprotocols=[protocol],
    )
    subscriber = Subscriber()
    ready = asyncio.Event()

    async def pump() -> None:
        async with Client(transport=transport) as session:
            ready.set()
            request = gql(document)
            request.variable_values = variables
            async for result in session.subscribe(request):
                await subscriber.received.put(result)

    task = subscriber.task = asyncio.create_task(pump())
    await asyncio.wait_for(ready.wait(), WAIT)
    try:
        yield subscriber
    finally:
        task.cancel()
        # Closing is all that is wanted here, whatever the pump ended with.
        with suppress(asyncio.CancelledError, Exception):
            await task


DEAL_CURSORS = 'subscription { recordEvents(objects: [DEAL], after: "0") { cursor } }'


async def delivered(ws_url: str, token: str, count: int) -> None:
    """Wait until the server's event stream has delivered the first ``count`` deal events (all
    visible to ``token``'s role). The relay numbers and publishes a commit a moment after the
    mutation answers; a subscription replays only up to where the stream stands and hears the
    rest live. Read from the start, each event is replayed (at or before the stream's position)
    or heard live (delivered), so once the last one is read the stream stands at least there:
    a test that tells a replay from live events waits for this first."""
    async with subscribed(ws_url, token, DEAL_CURSORS) as heard:
        for _ in range(count):
            await heard.next()
