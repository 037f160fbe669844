"""Request bodies above a size limit answer 413, before they are read into memory.

One ASGI middleware for every endpoint that takes a body: a ``Content-Length`` above the
path's limit is refused up front, and a body without one (chunked) is counted as it arrives,
so no endpoint ever holds more than the limit. The limits are settings: TANDEM_MAX_BODY_BYTES
for /graphql and anything else, TANDEM_IMPORT_MAX_BYTES for /import/contacts,
TANDEM_FORM_MAX_BYTES for /forms/leads.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.transport_errors import transport_error


class BodyTooLarge(Exception):
    """Raised from ``receive`` when the body grows past its limit; answered 413 here."""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, default: int, per_path: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.per_path = dict(per_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(_route_path(scope), self.default)
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit, headers)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:  # too late to answer: the endpoint already replied
                raise
            await self._refuse(scope, receive, send, limit, headers)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, limit: int, headers: Headers
    ) -> None:
        response = transport_error(
            413,
            f"The request body is larger than {limit} bytes",
            headers.get("accept", ""),
            # The rest of the body is not read: the client must not reuse the connection.
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _route_path(scope: Scope) -> str:
    """The request's path below the app's mount point (``root_path``), as routes see it."""
    path: str = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root) and (path == root or path[len(root)] == "/"):
        return path[len(root) :]
    return path
