"""Strawberry's ASGI view, tuned: orjson, GraphQL-over-HTTP media types, our request context."""

from __future__ import annotations

from typing import Any

import orjson
from realtime.bus import Bus
from starlette import status
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from resolvers.context import RequestContext

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


class TandemGraphQL(GraphQL[RequestContext, None]):
    def __init__(self, schema: Any, *, bus: Bus | None, allowed_origins: list[str]) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allowed_origins=allowed_origins,
            keep_alive=True,
            keep_alive_interval=15,
        )
        self.bus = bus

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        client = request.client
        return RequestContext(
            request=request,
            response=response,
            bus=self.bus,
            client_ip=client.host if client else None,
            user_agent=request.headers.get("user-agent"),
        )

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
        response = super().create_response(response_data, sub_response)
        if GRAPHQL_RESPONSE_JSON in accept:
            # GraphQL-over-HTTP: the new media type, and 4xx when the request never executed.
            response.headers["content-type"] = GRAPHQL_RESPONSE_JSON
            if isinstance(response_data, dict) and "data" not in response_data:
                response.status_code = status.HTTP_400_BAD_REQUEST
        return response
