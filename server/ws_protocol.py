"""uvicorn's websocket protocol, minus the handshake it keeps for the connection's lifetime.

uvicorn's sans-I/O websocket protocol keeps the parsed upgrade request and its 101 response
(both with their headers) on the protocol object after the handshake, where nothing reads them
again: ~3 KiB per open socket (tracemalloc, benchmarks/results/fanout.md). The ASGI scope keeps
its own copy of the request headers, which is what the app reads.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol


class LeanWebSocketProtocol(WebSocketsSansIOProtocol):
    async def send(self, message: Any) -> None:
        await super().send(message)
        # Only the accept, reject and handshake paths read them, all before this point.
        if self.handshake_complete and "request" in self.__dict__:
            del self.request, self.response
