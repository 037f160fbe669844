"""Root fields of the sales area: each resolver (resolvers/) with the GraphQL type it returns."""

from __future__ import annotations

import strawberry

from resolvers import (
    automation_rules,
    dashboard,
    deals,
    forecast,
    pipelines,
    products,
    report_live,
    reports,
)
from schema.types.automation import AutomationRule
from schema.types.connection import Connection
from schema.types.dashboard import DashboardMetrics
from schema.types.forecast import Forecast
from schema.types.products import Product
from schema.types.reports import ReportUpdate, SalesReportResult
from schema.types.sales import Deal, Pipeline, Stage

DEALS_QUERY = {
    "deals": strawberry.field(
        deals.deals, graphql_type=Connection[Deal], description="Deals the caller may see"
    ),
    "pipelines": strawberry.field(deals.pipelines, graphql_type=list[Pipeline]),
}

DEALS_MUTATION = {
    "deal_create": strawberry.mutation(deals.deal_create, graphql_type=Deal),
    "deal_update": strawberry.mutation(deals.deal_update, graphql_type=Deal),
    "deal_move": strawberry.mutation(deals.deal_move, graphql_type=Deal),
    "deal_delete": strawberry.mutation(deals.deal_delete, description="Soft delete"),
}

PRODUCTS_QUERY = {
    "products": strawberry.field(
        products.products, graphql_type=Connection[Product], description="The product catalogue"
    ),
}

PRODUCTS_MUTATION = {
    "product_create": strawberry.mutation(products.product_create, graphql_type=Product),
    "product_update": strawberry.mutation(products.product_update, graphql_type=Product),
    "product_delete": strawberry.mutation(products.product_delete, description="Soft delete"),
    "deal_line_items_set": strawberry.mutation(products.deal_line_items_set, graphql_type=Deal),
}

FORECAST_QUERY = {
    "forecast": strawberry.field(
        forecast.forecast,
        graphql_type=Forecast,
        description="Weighted open pipeline by stage, owner and month, and won revenue per "
        "period, per currency, over the deals the caller sees (needs deal amounts readable)",
    ),
}

AUTOMATION_RULES_QUERY = {
    "automation_rules": strawberry.field(
        automation_rules.automation_rules,
        graphql_type=list[AutomationRule],
        description="A pipeline's automation rules, oldest first",
    ),
}

AUTOMATION_RULES_MUTATION = {
    "automation_rule_create": strawberry.mutation(
        automation_rules.automation_rule_create, graphql_type=AutomationRule
    ),
    "automation_rule_update": strawberry.mutation(
        automation_rules.automation_rule_update, graphql_type=AutomationRule
    ),
    "automation_rule_delete": strawberry.mutation(automation_rules.automation_rule_delete),
}

PIPELINES_MUTATION = {
    "pipeline_create": strawberry.mutation(pipelines.pipeline_create, graphql_type=Pipeline),
    "pipeline_update": strawberry.mutation(pipelines.pipeline_update, graphql_type=Pipeline),
    "stage_create": strawberry.mutation(pipelines.stage_create, graphql_type=Stage),
    "stage_update": strawberry.mutation(pipelines.stage_update, graphql_type=Stage),
    "stage_reorder": strawberry.mutation(
        pipelines.stage_reorder,
        graphql_type=Pipeline,
        description="Put a pipeline's stages in a new order",
    ),
}

DASHBOARD_SUBSCRIPTION = {
    "dashboard": strawberry.subscription(
        dashboard.dashboard,
        graphql_type=DashboardMetrics,
        description="Live funnel figures for a pipeline (or all), as you may see them",
    ),
}

REPORTS_QUERY = {
    "sales_report": strawberry.field(
        reports.sales_report,
        graphql_type=SalesReportResult,
        description="Won revenue, count and average deal size per period and group, per "
        "currency and in the base currency, against the previous range, over the deals the "
        "caller sees (amounts null when the caller may not read deal amounts)",
    ),
}

REPORTS_SUBSCRIPTION = {
    "report_updated": strawberry.subscription(
        report_live.report_updated,
        graphql_type=ReportUpdate,
        description="A report's figures now, then again when committed changes may have changed "
        "them (several changes within a short window are one update), as the report's query "
        "would return them to you; also downloadable as GET /reports/{report}.{pdf|xlsx}",
    ),
}
