"""Strawberry's ASGI view, tuned: orjson, GraphQL-over-HTTP media types, our request context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette import status
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from auth.authenticate import authenticate, bearer
from auth.principal_cache import PrincipalCache
from models import fast_paths
from models.errors import Unauthenticated
from models.fast_paths import LEAN_POST
from realtime.bus import Bus
from resolvers.context import RequestContext, Services
from server.graphiql import local_page
from server.graphql_lean import LeanPost
from server.socket_guard import WS_UNAUTHENTICATED, SocketGuard
from server.transport_errors import transport_error
from server.ws_handlers import LegacyWSHandler, TransportWSHandler

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
# Media types a POST may carry (GraphQL-over-HTTP): anything else is 415.
POST_MEDIA_TYPES = frozenset({"application/json", GRAPHQL_RESPONSE_JSON})
# Websocket messages that start an operation (graphql-transport-ws, graphql-ws).
_STARTS = frozenset({"subscribe", "start"})
# One copy of each distinct subscription document's text: a live operation keeps its text for
# as long as it runs, and thousands of subscribers usually send the same few documents.
_QUERY_TEXTS: dict[str, str] = {}
_QUERY_TEXTS_MAX = 256


def _share_query(payload: object) -> None:
    if type(payload) is not dict:
        return
    query = payload.get("query")
    if type(query) is not str:
        return
    known = _QUERY_TEXTS.get(query)
    if known is not None:
        payload["query"] = known
    elif len(_QUERY_TEXTS) < _QUERY_TEXTS_MAX and len(query) <= 16384:
        _QUERY_TEXTS[query] = query


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """GraphQL websocket protocols speak text frames; orjson gives bytes, so decode once here.

    Strawberry closes a refused connection with 4403 (or 1011 on the legacy protocol); the API
    promises 4401 for a bad token, so a code chosen in on_ws_connect takes precedence.
    """

    async def close(self, code: int, reason: str) -> None:
        chosen = getattr(self.ws.state, "close_code", None)
        if chosen is not None:
            code = chosen
            reason = getattr(self.ws.state, "close_reason", "Unauthenticated")
        await self.ws.close(code=code, reason=reason)

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class TandemGraphQL(GraphQL[RequestContext, None]):
    websocket_adapter_class = TextWebSocketAdapter
    # Shared subscriptions write their frames directly (realtime/direct.py).
    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    def __init__(
        self,
        schema: Any,
        *,
        bus: Bus | None,
        services: Services,
        guard: SocketGuard,
        principals: PrincipalCache,
        allowed_origins: list[str],
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allowed_origins=allowed_origins,
            keep_alive=True,
            keep_alive_interval=15,
        )
        self.bus = bus
        self.services = services
        self.guard = guard
        self.principals = principals
        self.lean = LeanPost(
            self,
            max_tokens=schema.max_tokens,
            validation_rules=tuple(schema.limit_rules),
        )

    @property
    def graphql_ide_html(self) -> str:
        # Rendered once; the page's assets come from this server, not a CDN (server/graphiql.py).
        page = self.__dict__.get("_local_ide_html")
        if page is None:
            page = self.__dict__["_local_ide_html"] = local_page(super().graphql_ide_html)
        return page

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        message = orjson.loads(data)
        if type(message) is dict and message.get("type") in _STARTS:
            _share_query(message.get("payload"))
        return message

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        client = request.client
        context = RequestContext(
            request=request,
            response=response,
            bus=self.bus,
            services=self.services,
            client_ip=client.host if client else None,
            user_agent=request.headers.get("user-agent"),
        )
        if not self.is_websocket_request(request):
            await self._authenticate(context, request.headers.get("authorization"), cached=True)
        return context

    async def _authenticate(
        self, context: RequestContext, header: object, *, cached: bool = False
    ) -> None:
        # A refused credential is remembered, not raised: public operations (login) still work,
        # and anything needing a caller answers UNAUTHENTICATED at its own path.
        try:
            token = bearer(header if isinstance(header, str) else None)
            if token is not None:
                context.credential = token
                context.principal = (
                    await self.principals.authenticate(token)
                    if cached
                    else await authenticate(self.services.codec, token)
                )
        except Unauthenticated as refused:
            context.auth_error = refused

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        await self._authenticate(context, header)
        websocket: WebSocket = context.request
        if context.principal is None:
            websocket.state.close_code = WS_UNAUTHENTICATED
            raise ConnectionRejectionError()
        self.guard.watch(websocket, context)
        return UNSET

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            try:
                await super().__call__(scope, receive, send)
            finally:
                if scope["type"] == "websocket":
                    self.guard.forget(scope)
            return
        if scope["method"] == "POST" and self.lean.enabled and fast_paths.enabled(LEAN_POST):
            # The common request answered without Strawberry's view (server/graphql_lean.py);
            # anything else comes back with a receive that replays the body it read.
            handed_back = await self.lean(scope, receive, send)
            if handed_back is None:
                return
            receive = handed_back
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as error:
            # As Strawberry's view, but GraphQL-shaped for a client that accepts JSON.
            allow = {"Allow": "POST"} if error.status_code == 405 else None
            response = transport_error(
                error.status_code, error.reason, request.headers.get("accept", ""), headers=allow
            )
        await response(scope, receive, send)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST":
            media = (request.content_type or "").partition(";")[0].strip().lower()
            if media not in POST_MEDIA_TYPES and not (
                self.multipart_uploads_enabled and media == "multipart/form-data"
            ):
                raise HTTPException(415, "Send the request as application/json")
        return await super().parse_http_body(request)

    async def execute_single(
        self, request: Request, request_adapter: AsyncHTTPRequestAdapter, *args: Any, **kwargs: Any
    ) -> ExecutionResult:
        try:
            return await super().execute_single(request, request_adapter, *args, **kwargs)
        except HTTPException as error:
            if request_adapter.method == "GET" and isinstance(
                error.__cause__, InvalidOperationTypeError
            ):
                # GraphQL-over-HTTP: a mutation over GET is 405, with Allow: POST.
                raise HTTPException(405, error.reason) from error
            raise

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if result.data is None and result.errors and all(e.path is None for e in result.errors):
            # A request error (parse, validation, variables): it never executed, so no "data".
            response.pop("data", None)
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # create_response() is not given the request; remember what the client accepts.
        sub_response.headers["x-tandem-accept"] = request.headers.get("accept", "")
        return sub_response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        accept = sub_response.headers.get("x-tandem-accept", "")
        del sub_response.headers["x-tandem-accept"]
        return self.respond(response_data, sub_response, accept)

    def respond(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
        accept: str,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if GRAPHQL_RESPONSE_JSON in accept:
            # GraphQL-over-HTTP: the new media type, and 4xx when the request never executed.
            response.headers["content-type"] = GRAPHQL_RESPONSE_JSON
            if isinstance(response_data, dict) and "data" not in response_data:
                response.status_code = status.HTTP_400_BAD_REQUEST
        return response
