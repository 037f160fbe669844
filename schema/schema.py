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

from resolvers.strawberry_adapter import graphql_core_schema
from resolvers.system import server_version
from schema.compiled_execution import CompiledExecutor
from schema.errors import ErrorCodes, classify, language_of
from schema.fields import (
    accounts,
    campaigns,
    customer_reports,
    customers,
    documents,
    money,
    sales,
    system,
    work,
)
from schema.fields.funnel_reports import FUNNEL_REPORTS_QUERY
from schema.input_scalars import SCALAR_OVERRIDES, install_text_guards
from schema.permission import install_guards
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
    system.NODES_QUERY,
    accounts.USERS_QUERY,
    accounts.SECURITY_QUERY,
    customers.CUSTOMERS_QUERY,
    customers.LEADS_QUERY,
    customers.SEGMENTS_QUERY,
    customers.IMPORT_JOB_API_QUERY,
    customers.CUSTOM_FIELD_API_QUERY,
    sales.DEALS_QUERY,
    work.ACTIVITIES_QUERY,
    work.TASKS_QUERY,
    work.COMMENTS_QUERY,
    work.NOTIFICATIONS_QUERY,
    sales.PRODUCTS_QUERY,
    accounts.ROLES_QUERY,
    accounts.DEPARTMENTS_QUERY,
    system.AUDIT_QUERY,
    system.BACKUPS_QUERY,
    system.WEBHOOKS_QUERY,
    system.JOBS_QUERY,
    sales.FORECAST_QUERY,
    sales.REPORTS_QUERY,
    FUNNEL_REPORTS_QUERY,
    customer_reports.CUSTOMER_REPORTS_QUERY,
    sales.AUTOMATION_RULES_QUERY,
    money.MONEY_QUERY,
    documents.DOCUMENTS_QUERY,
    documents.INVOICES_QUERY,
    campaigns.CAMPAIGNS_QUERY,
)
Mutation = _root(
    "Mutation",
    accounts.AUTH_MUTATION,
    accounts.USERS_MUTATION,
    accounts.SECURITY_MUTATION,
    customers.CUSTOMERS_MUTATION,
    customers.LEADS_MUTATION,
    customers.CONTACT_MERGE_MUTATION,
    customers.SEGMENTS_MUTATION,
    customer_reports.CUSTOMER_REPORTS_MUTATION,
    customers.CONTACT_IMPORT_MUTATION,
    customers.CUSTOM_FIELD_API_MUTATION,
    sales.DEALS_MUTATION,
    work.ACTIVITIES_MUTATION,
    work.TASKS_MUTATION,
    work.COMMENTS_MUTATION,
    work.NOTIFICATIONS_MUTATION,
    sales.PIPELINES_MUTATION,
    sales.PRODUCTS_MUTATION,
    accounts.ROLES_MUTATION,
    accounts.DEPARTMENTS_MUTATION,
    accounts.ASSIGN_MUTATION,
    work.PRESENCE_MUTATION,
    sales.AUTOMATION_RULES_MUTATION,
    money.MONEY_MUTATION,
    documents.DOCUMENTS_MUTATION,
    documents.INVOICES_MUTATION,
    system.WEBHOOKS_MUTATION,
    campaigns.CAMPAIGNS_MUTATION,
)


Subscription = _root(
    "Subscription",
    system.SUBSCRIPTIONS_SUBSCRIPTION,
    work.NOTIFICATIONS_SUBSCRIPTION,
    work.PRESENCE_SUBSCRIPTION,
    sales.DASHBOARD_SUBSCRIPTION,
    sales.REPORTS_SUBSCRIPTION,
    system.JOBS_SUBSCRIPTION,
    campaigns.CAMPAIGNS_SUBSCRIPTION,
)


class TandemSchema(strawberry.Schema):
    max_tokens: int = 5000
    limit_rules: tuple[type[ASTValidationRule], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Record types' field guards wrap their resolvers (schema/permission.py).
        install_guards(graphql_core_schema(self))

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry logs every error at ERROR, client mistakes included; classify() logs the
        # unexpected ones with their stack. Neither a parse error's result nor a subscription's
        # events pass through an extension's on_operation, so errors still without a code are
        # classified here, on the error objects themselves (masking included).
        context = execution_context.context if execution_context is not None else None
        for error in errors:
            if not (error.extensions or {}).get("code"):
                classified = classify(error, language_of(context))
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
        execution_context_class=CompiledExecutor,
        scalar_overrides=SCALAR_OVERRIDES,
    )
    install_text_guards()
    # The same limits for the lean HTTP path (server/graphql_lean.py), which parses and
    # validates without the extensions.
    schema.max_tokens = max_tokens
    schema.limit_rules = tuple(limit_rules)
    return schema
