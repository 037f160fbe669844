"""``GET /reports/{report}.{pdf|xlsx}``: a report (``ReportKind`` in lower case: ``sales``) as a
file, with the figures its query gives the caller.

The query string holds the fields of the ``ReportFilters`` input by their GraphQL names
(``from``, ``to``, ``period``, ``groupBy``, ``pipelineId``, ...), checked against that input type
like the GraphQL arguments, and ``language`` (en, es, fr; en by default). The report is computed
by its registry entry (resolvers/report_kinds.py), the function its query runs: the same
permission checks (FORBIDDEN, 403), the same row scope; a column of amounts the caller may not
read is left out of the file. Each download is audited (``report.export``).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from graphql import GraphQLError, GraphQLInputObjectType, GraphQLInt, get_nullable_type
from graphql.utilities import coerce_input_value, validate_input_value
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types.arguments import convert_argument

from auth.authenticate import authenticate, bearer
from documents.report_files import LANGUAGES, REPORT_FORMATS
from models import clock
from models.audit import write_audit
from models.errors import BadInput, DomainError, NotFound, Unauthenticated
from models.i18n import msg
from models.unit_of_work import unit_of_work
from resolvers.api.kinds import ReportKind
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext, Services
from resolvers.report_kinds import REPORTS
from resolvers.strawberry_adapter import graphql_core_schema
from server.exports import HEADERS, error_response

AUDIT_ACTION = "report.export"


class ReportFileEndpoint:
    def __init__(self, services: Services, schema: Any) -> None:
        self.services = services
        self.schema = schema
        found = graphql_core_schema(schema).get_type("ReportFilters")
        assert isinstance(found, GraphQLInputObjectType), "no ReportFilters input"
        self.input_type = found

    async def handle(self, request: Request) -> Response:
        name = request.path_params["report"]
        fmt = request.path_params["format"]
        try:
            token = bearer(request.headers.get("authorization"))
            if token is None:
                raise Unauthenticated()
            principal = await authenticate(self.services.codec, token)
            kinds = {kind.value: kind for kind in ReportKind}
            if name not in kinds or fmt not in REPORT_FORMATS:
                raise NotFound(
                    msg("No report called {name}.{format}", name=name[:40], format=fmt[:10])
                )
            entry = REPORTS[kinds[name]]
            params = dict(request.query_params)
            language = params.pop("language", "en")
            if language not in LANGUAGES:
                raise BadInput(
                    msg("language is one of {languages}", languages=", ".join(LANGUAGES)),
                    field="language",
                )
            filters = self._filters(params)
            ctx = RequestContext(
                request=request,
                response=None,
                bus=None,
                services=self.services,
                principal=principal,
            )
            table = entry.table(await entry.compute(ctx, filters))
            table.facts[:0] = [("from", filters.start), ("to", filters.end)]
            media_type, render = REPORT_FORMATS[fmt]
            # Rendering is CPU work (WeasyPrint, openpyxl): off the event loop.
            data = await asyncio.to_thread(render, table, language)
            async with unit_of_work():
                await write_audit(
                    principal.user_id,
                    AUDIT_ACTION,
                    "report",
                    None,
                    None,
                    {"report": name, "format": fmt, "filters": params},
                )
        except DomainError as error:
            return error_response(error, request)
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        return Response(
            data,
            media_type=media_type,
            headers={
                **HEADERS,
                "Content-Disposition": f'attachment; filename="{name}-report-{stamp}.{fmt}"',
            },
        )

    def _scalar(self, name: str, value: str) -> Any:
        """A query string holds text: an Int field's digits become the number (anything else is
        left for validation to refuse with its own message)."""
        field = self.input_type.fields.get(name)
        is_int = field is not None and get_nullable_type(field.type) is GraphQLInt
        if is_int and re.fullmatch(r"-?[0-9]{1,9}", value):
            return int(value)
        return value

    def _filters(self, params: dict[str, str]) -> ReportFilters:
        """The query string as the ReportFilters input: same names, scalars and errors."""
        problems: list[tuple[GraphQLError, list[str | int]]] = []
        data: dict[str, Any] = {name: self._scalar(name, value) for name, value in params.items()}
        validate_input_value(
            data, self.input_type, lambda e, path: problems.append((e, path)), True
        )
        if problems:
            error, path = problems[0]
            raise BadInput(error.message, field=".".join(str(p) for p in path) or None)
        coerced = coerce_input_value(data, self.input_type)
        filters = convert_argument(
            coerced, ReportFilters, self.schema.schema_converter.scalar_registry, self.schema.config
        )
        assert isinstance(filters, ReportFilters)
        return filters
