"""``GET /export/{object}.{csv|xlsx}``: a list as a file, as the caller may see it.

The query string takes ``filter`` (JSON with the keys of the GraphQL filter input of that list,
validated against the schema's own input type) and ``search``. Everything is checked before the
first row is read: the token (401), the export permission (403), the filter's shape (400) and
every filtered field's readability (403 naming the field). Errors use the GraphQL error shape,
``{"errors": [{"message", "extensions": {"code", ...}}]}``, so clients handle one shape.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

import orjson
from graphql import GraphQLError, GraphQLInputObjectType
from graphql.utilities import coerce_input_value, validate_input_value
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send
from strawberry.types.arguments import convert_argument

from auth.authenticate import authenticate, bearer
from exports.formats import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE
from exports.service import FORMATS, Export
from models import clock
from models.access.records import RecordAccess
from models.errors import BadInput, DomainError, NotFound, Unauthenticated
from models.i18n import msg, negotiate
from resolvers import invoices, list_specs, orders, quotes
from resolvers.api.document_inputs import OrderFilter, QuoteFilter
from resolvers.api.filters import CompanyFilter, ContactFilter, DealFilter
from resolvers.api.invoice_inputs import InvoiceFilter, PaymentFilter
from resolvers.context import Services
from resolvers.lists import ListSpec, filter_q
from resolvers.strawberry_adapter import graphql_core_schema

STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404, "BAD_USER_INPUT": 400}
CHUNK = 64 * 1024
HEADERS = {
    # A file of customer data: never kept by a shared cache, never sniffed into something else.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True, slots=True)
class Exportable:
    spec: ListSpec
    filter_type: type


EXPORTABLE: Mapping[str, Exportable] = {
    "companies": Exportable(list_specs.COMPANIES, CompanyFilter),
    "contacts": Exportable(list_specs.CONTACTS, ContactFilter),
    "deals": Exportable(list_specs.DEALS, DealFilter),
    "quotes": Exportable(quotes.QUOTES, QuoteFilter),
    "orders": Exportable(orders.ORDERS, OrderFilter),
    "invoices": Exportable(invoices.INVOICES, InvoiceFilter),
    "payments": Exportable(invoices.PAYMENTS, PaymentFilter),
}


class ClosingStreamingResponse(StreamingResponse):
    """Closes its body however the response ends, a client hanging up included.

    Starlette leaves an abandoned body generator to the garbage collector; closing it here runs
    its cleanup (the export's audit entry) now, while the request is still being handled.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            close = getattr(self.body_iterator, "aclose", None)
            if close is not None:
                await close()


def error_response(error: DomainError, request: Request) -> JSONResponse:
    """The GraphQL error shape, its message in the request's Accept-Language (these endpoints
    answer before or without a signed-in user's language)."""
    message = error.localized(negotiate(None, request.headers.get("accept-language")))
    body = {
        "errors": [{"message": message, "extensions": {"code": error.code, **error.extensions}}]
    }
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None
    return JSONResponse(body, status_code=STATUS.get(error.code, 500), headers=headers)


class ExportEndpoint:
    def __init__(self, services: Services, schema: Any, batch_size: int) -> None:
        self.services = services
        self.batch_size = batch_size
        self.schema = schema
        self.input_types: dict[str, GraphQLInputObjectType] = {}
        for name, target in EXPORTABLE.items():
            found = graphql_core_schema(schema).get_type(target.filter_type.__name__)
            assert isinstance(found, GraphQLInputObjectType), f"no filter input for {name}"
            self.input_types[name] = found

    async def handle(self, request: Request) -> Response:
        name = request.path_params["object"]
        fmt = request.path_params["format"]
        try:
            export = await self._prepare(request, name, fmt)
            headers = {**HEADERS, "Content-Disposition": self._disposition(name, fmt)}
            if fmt == "csv":
                return ClosingStreamingResponse(
                    export.csv(), media_type=CSV_MEDIA_TYPE, headers=headers
                )
            return await self._xlsx(export, headers)
        except DomainError as error:
            return error_response(error, request)

    async def _prepare(self, request: Request, name: str, fmt: str) -> Export:
        token = bearer(request.headers.get("authorization"))
        if token is None:
            raise Unauthenticated()
        principal = await authenticate(self.services.codec, token)
        target = EXPORTABLE.get(name)
        if target is None or fmt not in FORMATS:
            raise NotFound(msg("No export called {name}.{fmt}", name=name, fmt=fmt))
        access = RecordAccess.of_principal(principal, target.spec.obj)
        # Refused before the filter is even parsed: without the permission, nothing else matters.
        access.require("export")
        data = self._filter_data(request)
        where = filter_q(target.spec, access, self._filter_input(name, target, data))
        export = Export(
            access,
            fmt,
            where=where,
            filter=data,
            batch_size=self.batch_size,
        )
        await export.rows.include_custom()
        return export

    def _filter_data(self, request: Request) -> dict[str, Any]:
        raw = request.query_params.get("filter")
        search = request.query_params.get("search")
        try:
            data = orjson.loads(raw) if raw else {}
        except orjson.JSONDecodeError as exc:
            raise BadInput("filter must be JSON", field="filter") from exc
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise BadInput("filter must be a JSON object", field="filter")
        if search is not None:
            if "search" in data:
                raise BadInput("Pass search in the filter or as ?search=, not both", field="search")
            data["search"] = search
        return data

    def _filter_input(self, name: str, target: Exportable, data: dict[str, Any]) -> Any:
        """The JSON filter as the GraphQL input object: same keys, same scalars, same errors."""
        input_type = self.input_types[name]
        problems: list[tuple[GraphQLError, list[str | int]]] = []
        validate_input_value(data, input_type, lambda e, path: problems.append((e, path)), True)
        if problems:
            error, path = problems[0]
            field = ".".join(["filter", *(str(p) for p in path)])
            raise BadInput(error.message, field=field)
        coerced = coerce_input_value(data, input_type)
        return convert_argument(
            coerced,
            target.filter_type,
            self.schema.schema_converter.scalar_registry,
            self.schema.config,
        )

    async def _xlsx(self, export: Export, headers: dict[str, str]) -> Response:
        # An anonymous temporary file: gone from the disk as soon as it is closed, whatever
        # happens to the response. The workbook is complete before the first byte is sent.
        # Closed by _read() or, if the body is never read, by the background task.
        file = tempfile.TemporaryFile(prefix="tandem-export-", suffix=".xlsx")  # noqa: SIM115
        try:
            await export.xlsx(file)
            file.seek(0)
        except BaseException:
            file.close()
            raise
        return ClosingStreamingResponse(
            _read(file),
            media_type=XLSX_MEDIA_TYPE,
            headers=headers,
            background=BackgroundTask(file.close),
        )

    def _disposition(self, name: str, fmt: str) -> str:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        return f'attachment; filename="{name}-{stamp}.{fmt}"'


async def _read(file: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(file.read, CHUNK):
            yield chunk
    finally:
        file.close()
