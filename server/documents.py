"""``GET /documents/{id}.{pdf|xlsx}``: a quote, order, invoice or credit note as a file.

``id`` is the record's GraphQL global id (the ``id`` field of ``Quote``, ``Order`` or
``Invoice``; url-safe base64, so it fits a path). Authenticated like every REST route (a bearer
access token or an API key in ``Authorization: Bearer``): 401 without one. A record the caller
may not read, or outside its row scope, is 404 like a missing one, so its existence does not
leak; what the caller's role may not read (cost, margin) is not in the file.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from auth.authenticate import authenticate, bearer
from documents.service import rendered
from models.access.records import RecordAccess
from models.errors import DomainError, Unauthenticated
from resolvers.context import Services
from server.exports import HEADERS, error_response


class DocumentEndpoint:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def handle(self, request: Request) -> Response:
        try:
            token = bearer(request.headers.get("authorization"))
            if token is None:
                raise Unauthenticated()
            principal = await authenticate(self.services.codec, token)
            fmt = request.path_params["format"]
            document = await rendered(
                lambda obj: RecordAccess.of_principal(principal, obj),
                request.path_params["id"],
                fmt,
                actor_id=principal.user_id,
            )
        except DomainError as error:
            return error_response(error, request)
        name = document.filename(fmt)
        return Response(
            document.data,
            media_type=document.media_type,
            headers={
                **HEADERS,
                "Content-Disposition": f'attachment; filename="{name}"; '
                f"filename*=UTF-8''{quote(name)}",
            },
        )
