"""Segments, automation rules, notifications and audit entries: records the CRM keeps about its
own work. Their inputs are structured (a saved filter, a trigger and actions) and written by hand
in schema/; the declarations give their catalogue entries and the plain fields of their types."""

from __future__ import annotations

from models.audit import AuditEntry
from models.automation import AutomationRule
from models.notification import Notification
from models.records.declaration import USER, Field, RecordType
from models.records.sales import PIPELINE_REF
from models.segment import Segment
from models.webhook import WebhookEndpoint

SEGMENT = RecordType(
    "segment",
    "Segment",
    Segment,
    # The count and the contacts are read with the segment: the contacts list's own permission
    # and scope checks apply to them (for the reader, not the author).
    (
        Field("name", "name", sort=True, search=True),
        Field("filter", "conditions", "computed", plain=False),
        # Purchases, spending, interactions (resolvers/segment_behaviour.py).
        Field("behaviour", "behaviour", "computed", plain=False),
    ),
    operations=("create", "read", "update", "delete"),
    owned=False,
    default_sort=(("name", "ASC"),),
)

# Automation rules of a pipeline: when something happens to a deal, do what the rule declares.
AUTOMATION_RULE = RecordType(
    "automationRule",
    "AutomationRule",
    AutomationRule,
    (
        Field("name", "name"),
        Field("pipeline", "pipeline_id", "ref", ref=PIPELINE_REF, plain=False),
        Field("active", "active", "bool"),
        Field("trigger", "trigger", "computed", plain=False),
        Field("conditions", "conditions", "computed", plain=False),
        Field("actions", "actions", "computed", plain=False),
        # The rule acts as its author: audit and events name them as the actor.
        Field("createdBy", "created_by_id", "ref", ref=USER, writable=False, plain=False),
    ),
    operations=("create", "read", "update", "delete"),
    owned=False,
)

# A user's notifications (models/notification.py): personal, seen by their recipient only.
# Marking one read is an update of readAt; everything else is written by the server.
NOTIFICATION = RecordType(
    "notification",
    "Notification",
    Notification,
    (
        Field("kind", "kind", "computed", writable=False, plain=False),
        Field("text", "text", writable=False),
        # The record it is about, seen through the recipient's own permissions.
        Field("subject", "subject_id", "computed", writable=False, plain=False),
        Field("actor", "actor_id", "ref", ref=USER, writable=False, plain=False),
        Field("readAt", "read_at", "datetime", description="Null while unread"),
    ),
    operations=("read", "update"),
    owned=False,
    system=frozenset({"id", "createdAt"}),
    recipient_column="recipient_id",
)

AUDIT_ENTRY = RecordType(
    "auditEntry",
    "AuditEntry",
    AuditEntry,
    (
        Field("actor", "actor_id", "ref", ref=USER, writable=False, plain=False),
        Field(
            "action",
            "action",
            writable=False,
            description="role.create, user.role, record.assign, ...",
        ),
        Field("object", "object", writable=False, description="The permission object changed"),
        Field("recordId", "record_id", "computed", writable=False, plain=False),
        Field("before", None, "computed", writable=False, plain=False),
        Field("after", None, "computed", writable=False, plain=False),
        Field("at", "at", "datetime", writable=False),
    ),
    operations=("read", "export"),
    owned=False,
    system=frozenset({"id"}),
)

# Webhook endpoints (models/webhook.py): who may register them is this object's grant (Owner and
# Admin by template). The secret is never a field: it is shown once, by webhookCreate and
# webhookRotateSecret. Writes are structured (URL, objects, event kinds checked by hand in
# resolvers/webhooks.py).
WEBHOOK = RecordType(
    "webhook",
    "Webhook",
    WebhookEndpoint,
    (
        Field("url", "url", required=True, sort=True),
        Field("description", "description", empty=""),
        Field("objects", "objects", "strings", description="Record types it hears of"),
        Field("events", "events", "strings", description="Event kinds it hears of"),
        Field("enabled", "enabled", "bool", filter="eq"),
        Field(
            "disabledReason",
            "disabled_reason",
            writable=False,
            description="Why the server disabled it (it kept failing); null while enabled",
        ),
        Field(
            "owner",
            "owner_id",
            "ref",
            ref=USER,
            writable=False,
            plain=False,
            description="Payloads carry what this user's role may read",
        ),
    ),
    operations=("create", "read", "update", "delete"),
    owned=False,
)
