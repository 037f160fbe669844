"""The app's ASGI entry: GraphQL websockets go straight to their endpoint.

Through Starlette's stack a websocket keeps a coroutine frame per layer for as long as it is
open (application, ServerErrorMiddleware, CORS, metrics, ExceptionMiddleware, its handler
wrapper, the router, the route: ~2.5 KiB per socket, tracemalloc, benchmarks/results/fanout.md).
None of those layers does anything for this endpoint's websockets: the error middleware only
handles HTTP, CORS passes websockets through, no handler is registered for websocket errors
other than Starlette's WebSocketException, which Strawberry's endpoint never raises (it closes
the socket with its own codes). Everything else goes through the stack as before.
"""

from __future__ import annotations

from typing import Any

from starlette._utils import get_route_path
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from server.metrics import Metrics

GRAPHQL_PATH = "/graphql"


class TandemApp(Starlette):
    graphql_websocket: Any = None
    metrics: Metrics | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self.graphql_websocket
        if (
            endpoint is not None
            and scope["type"] == "websocket"
            and get_route_path(scope) == GRAPHQL_PATH
        ):
            scope["app"] = self
            metrics = self.metrics
            if metrics is None:
                await endpoint(scope, receive, send)
                return
            metrics.websockets.inc()  # what MetricsMiddleware counts for a websocket
            try:
                await endpoint(scope, receive, send)
            finally:
                metrics.websockets.dec()
            return
        await super().__call__(scope, receive, send)
