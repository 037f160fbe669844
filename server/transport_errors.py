"""Errors of the HTTP transport itself (size, method, media type), answered GraphQL-shaped.

A client that accepts JSON (``application/json``, ``application/graphql-response+json``, ``*/*``
or no Accept header) gets ``{"errors": [{"message", "extensions": {"code"}}]}`` like any other
error of the API; one that asked only for something else gets the message as plain text. Used
by the body-size middleware and by the GraphQL view, whatever path answers the request.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import PlainTextResponse, Response

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
_JSON_TYPES = ("application/json", GRAPHQL_RESPONSE_JSON, "application/*", "*/*")

# extensions.code of each transport status.
CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def _media(accept: str) -> str | None:
    """The JSON media type to answer with, or None when the client accepts no JSON."""
    if not accept.strip():
        return "application/json"
    offered = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if GRAPHQL_RESPONSE_JSON in offered:
        return GRAPHQL_RESPONSE_JSON
    if any(media in _JSON_TYPES for media in offered):
        return "application/json"
    return None


def transport_error(
    status: int,
    message: str,
    accept: str,
    *,
    headers: Mapping[str, str] | None = None,
    code: str | None = None,
) -> Response:
    media = _media(accept)
    if media is None:
        return PlainTextResponse(message, status_code=status, headers=headers)
    body = {
        "errors": [
            {"message": message, "extensions": {"code": code or CODES.get(status, "BAD_REQUEST")}}
        ]
    }
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type=media)
