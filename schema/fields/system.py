"""Root fields of the system area: each resolver (resolvers/) with the GraphQL type it returns."""

from __future__ import annotations

import strawberry

from resolvers import audit, backups, jobs, nodes, subscriptions, webhooks
from schema.types.audit import AuditEntry
from schema.types.backups import Backup
from schema.types.connection import Connection
from schema.types.events import RecordEvent
from schema.types.jobs import Job
from schema.types.node import Node
from schema.types.webhooks import Webhook, WebhookDelivery, WebhookSecret

NODES_QUERY = {
    "node": strawberry.field(
        nodes.node, graphql_type=Node | None, description="Any record by its global id"
    ),
    "nodes": strawberry.field(
        nodes.nodes,
        graphql_type=list[Node | None],
        description="Records by global id, in the order asked",
    ),
}

AUDIT_QUERY = {
    "audit_log": strawberry.field(
        audit.audit_log,
        graphql_type=Connection[AuditEntry],
        description="Changes to records, roles, people and ownership",
    ),
}

BACKUPS_QUERY = {
    "backups": strawberry.field(
        backups.backups,
        graphql_type=list[Backup],
        description="Database backups, newest first (administrators)",
    ),
}

SUBSCRIPTIONS_SUBSCRIPTION = {
    "comment_events": strawberry.subscription(
        subscriptions.comment_events,
        graphql_type=RecordEvent,
        description="Comments on one record, live, while one may see it",
    ),
    "task_events": strawberry.subscription(
        subscriptions.task_events, graphql_type=RecordEvent, description="Task changes, live"
    ),
    "record_events": strawberry.subscription(
        subscriptions.record_events,
        graphql_type=RecordEvent,
        description="Every change the viewer may see, of the given kinds",
    ),
    "pipeline_events": strawberry.subscription(
        subscriptions.pipeline_events,
        graphql_type=RecordEvent,
        description="Deals created, updated, moved or deleted in a pipeline",
    ),
}

JOBS_QUERY = {
    "jobs": strawberry.field(
        jobs.jobs,
        graphql_type=Connection[Job],
        description="Background jobs, newest first: yours; with access administration, everyone's",
    ),
}

JOBS_SUBSCRIPTION = {
    "job_updated": strawberry.subscription(
        jobs.job_updated,
        graphql_type=Job,
        description="Changes of the jobs you may see (state, attempts, progress), live",
    ),
}

WEBHOOKS_QUERY = {
    "webhooks": strawberry.field(
        webhooks.webhooks,
        graphql_type=Connection[Webhook],
        description="Webhook endpoints (roles granted webhook: Owner, Admin)",
    ),
    "webhook_deliveries": strawberry.field(
        webhooks.webhook_deliveries,
        graphql_type=Connection[WebhookDelivery],
        description="A webhook's delivery log, newest first",
    ),
}

WEBHOOKS_MUTATION = {
    "webhook_create": strawberry.mutation(
        webhooks.webhook_create,
        graphql_type=WebhookSecret,
        description="Register an endpoint; its secret is in the answer and never again",
    ),
    "webhook_update": strawberry.mutation(webhooks.webhook_update, graphql_type=Webhook),
    "webhook_delete": strawberry.mutation(webhooks.webhook_delete),
    "webhook_rotate_secret": strawberry.mutation(
        webhooks.webhook_rotate_secret,
        graphql_type=WebhookSecret,
        description="A new secret; the old one keeps signing during the overlap",
    ),
    "webhook_redeliver": strawberry.mutation(
        webhooks.webhook_redeliver,
        graphql_type=WebhookDelivery,
        description="Send a delivery again, now",
    ),
}
