"""Assembles the Strawberry ``Schema`` with its guards and caches."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from resolvers.system import server_version
from schema.errors import ErrorCodes
from schema.types.system import ServerInfo


@strawberry.type
class Query:
    @strawberry.field(description="Facts about this server; needs no sign-in.")
    def server_info(self) -> ServerInfo:
        return ServerInfo(version=server_version())


class TandemSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry logs every error at ERROR, client mistakes included; ErrorCodes logs the
        # unexpected ones with their stack, so nothing more is needed here.
        return None


def build_schema(*, max_depth: int = 12, max_aliases: int = 30, max_tokens: int = 5000) -> Any:
    extensions: list[Any] = [
        # Classes or factories only: a shared instance would leak state between requests.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        ErrorCodes,
    ]
    return TandemSchema(query=Query, extensions=extensions)
