"""uvicorn's websocket protocol, minus the handshake it keeps for the connection's lifetime.

uvicorn's sans-I/O websocket protocol keeps the parsed upgrade request and its 101 response
(both with their headers) after the handshake, where nothing reads them again: ~5 KiB per
open socket (tracemalloc, benchmarks/results/fanout.md). The ASGI scope keeps
its own copy of the request headers, which is what the app reads.
"""

from __future__ import annotations

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol


class LeanWebSocketProtocol(WebSocketsSansIOProtocol):
    def start_keepalive(self) -> None:
        # Called once, right after the accepted handshake's response was written: the last
        # time the request or the response is read. (Not in ``send``, which runs per frame.)
        super().start_keepalive()
        if "request" in self.__dict__:
            # websockets' parser also keeps the request, in its generator's frame, for the
            # connection's lifetime: emptying its headers is what frees them.
            self.request.headers.clear()
            self.response.headers.clear()
            del self.request, self.response
