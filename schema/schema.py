"""Assembles the Strawberry ``Schema`` with its guards and caches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from resolvers import (
    activities,
    assign,
    audit,
    auth,
    automation_rules,
    comments,
    contact_import,
    contact_merge,
    custom_field_api,
    customers,
    dashboard,
    deals,
    departments,
    forecast,
    import_job_api,
    leads,
    nodes,
    notifications,
    pipelines,
    presence,
    products,
    roles,
    security,
    segments,
    subscriptions,
    tasks,
    users,
)
from resolvers.system import server_version
from schema.errors import ErrorCodes, classify
from schema.input_scalars import SCALAR_OVERRIDES, install_text_guards
from schema.permission import install_guards
from schema.planned_completion import PlanningExecutor
from schema.types.system import ServerInfo


def server_info() -> ServerInfo:
    return ServerInfo(version=server_version())


def _root(name: str, *field_sets: dict[str, Any]) -> type:
    """A root type from the field dicts each resolver module exports."""
    attributes: dict[str, Any] = {}
    for fields in field_sets:
        clash = attributes.keys() & fields.keys()
        assert not clash, f"{name} fields defined twice: {clash}"
        attributes.update(fields)
    return strawberry.type(type(name, (), attributes))


Query = _root(
    "Query",
    {"server_info": strawberry.field(server_info, description="Facts about this server")},
    nodes.query_fields,
    users.query_fields,
    security.query_fields,
    customers.query_fields,
    leads.query_fields,
    segments.query_fields,
    import_job_api.query_fields,
    custom_field_api.query_fields,
    deals.query_fields,
    activities.query_fields,
    tasks.query_fields,
    comments.query_fields,
    notifications.query_fields,
    products.query_fields,
    roles.query_fields,
    departments.query_fields,
    audit.query_fields,
    forecast.query_fields,
    automation_rules.query_fields,
)
Mutation = _root(
    "Mutation",
    auth.mutation_fields,
    users.mutation_fields,
    security.mutation_fields,
    customers.mutation_fields,
    leads.mutation_fields,
    contact_merge.mutation_fields,
    segments.mutation_fields,
    contact_import.mutation_fields,
    custom_field_api.mutation_fields,
    deals.mutation_fields,
    activities.mutation_fields,
    tasks.mutation_fields,
    comments.mutation_fields,
    notifications.mutation_fields,
    pipelines.mutation_fields,
    products.mutation_fields,
    roles.mutation_fields,
    departments.mutation_fields,
    assign.mutation_fields,
    presence.mutation_fields,
    automation_rules.mutation_fields,
)


Subscription = _root(
    "Subscription",
    subscriptions.subscription_fields,
    notifications.subscription_fields,
    presence.subscription_fields,
    dashboard.subscription_fields,
)


class TandemSchema(strawberry.Schema):
    max_tokens: int = 5000
    limit_rules: tuple[type[ASTValidationRule], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Record types' field guards wrap their resolvers (schema/permission.py).
        install_guards(self._schema)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry logs every error at ERROR, client mistakes included; classify() logs the
        # unexpected ones with their stack. Neither a parse error's result nor a subscription's
        # events pass through an extension's on_operation, so errors still without a code are
        # classified here, on the error objects themselves (masking included).
        for error in errors:
            if not (error.extensions or {}).get("code"):
                classified = classify(error)
                error.message = classified.message
                error.extensions = classified.extensions


class OperationLimits(ErrorCodes):
    """Strawberry's AddValidationRules and MaxTokensLimiter, and ErrorCodes, as one extension.

    Each ``on_operation`` hook is a generator context manager made per operation and held
    until the operation ends, so a live subscription keeps one per hook: one hook instead of
    three saves ~1 KiB per idle subscription (tracemalloc, benchmarks/results/fanout.md).
    """

    def __init__(self, rules: tuple[type[ASTValidationRule], ...], max_tokens: int) -> None:
        self.rules = rules
        self.max_tokens = max_tokens

    def on_operation(self) -> Iterator[None]:
        # What AddValidationRules and MaxTokensLimiter do, in their order, then ErrorCodes.
        context = self.execution_context
        context.validation_rules = context.validation_rules + self.rules
        context.parse_options["max_tokens"] = self.max_tokens
        yield from super().on_operation()


def build_schema(*, max_depth: int = 12, max_aliases: int = 30, max_tokens: int = 5000) -> Any:
    # The limiters' rule classes are made once: ValidationCache keys on the rules, and rule
    # classes made per request (as the limiters do when built per request) never hit it.
    limit_rules = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    ]
    extensions: list[Any] = [
        # Classes or factories only: a shared instance would leak state between requests.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: OperationLimits(tuple(limit_rules), max_tokens),
    ]
    schema = TandemSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        execution_context_class=PlanningExecutor,
        scalar_overrides=SCALAR_OVERRIDES,
    )
    install_text_guards()
    # The same limits for the lean HTTP path (server/graphql_lean.py), which parses and
    # validates without the extensions.
    schema.max_tokens = max_tokens
    schema.limit_rules = tuple(limit_rules)
    return schema
