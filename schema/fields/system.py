"""Root fields of the system area: each resolver (resolvers/) with the GraphQL type it returns."""

from __future__ import annotations

import strawberry

from resolvers import audit, backups, nodes, subscriptions
from schema.types.audit import AuditEntry
from schema.types.backups import Backup
from schema.types.connection import Connection
from schema.types.events import RecordEvent
from schema.types.node import Node

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
