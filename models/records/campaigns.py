"""Message templates and campaigns (issue 18). Their inputs are structured (per-language
variants, an audience) and written by hand in resolvers/api/campaign_inputs.py; the declarations
give their catalogue entries, list specs and the plain fields of their types.

A campaign's operations beyond create are updates of it: sending, scheduling, a test send,
pausing and cancelling need ``campaign`` update, so a role is granted running campaigns as one
grant (Marketing's template has it; Salespeople and Support do not). Its deliveries are read
with the campaign.
"""

from __future__ import annotations

from models.campaign import CAMPAIGN_STATES, CHANNELS, Campaign, MessageTemplate
from models.records.declaration import USER, Field, RecordType

MESSAGE_TEMPLATE = RecordType(
    "messageTemplate",
    "MessageTemplate",
    MessageTemplate,
    (
        Field("name", "name", sort=True, search=True),
        Field("channel", "channel", choices=CHANNELS, filter="eq", update=False),
        # Subject and body per language (en, es, fr), Jinja2 sources.
        Field("variants", "variants", "computed", plain=False),
        Field("createdBy", "created_by_id", "ref", ref=USER, writable=False, plain=False),
    ),
    operations=("create", "read", "update"),
    owned=False,
    default_sort=(("name", "ASC"),),
)

CAMPAIGN = RecordType(
    "campaign",
    "Campaign",
    Campaign,
    (
        Field("name", "name", sort=True, search=True),
        Field("channel", "channel", choices=CHANNELS, filter="eq"),
        Field("template", "template_id", "computed", plain=False),
        # The audience: a segment (run with the sender's permissions at send time) or contacts.
        Field("segment", "segment_id", "computed", plain=False),
        Field("contacts", "contact_ids", "computed", plain=False),
        Field("state", "state", choices=CAMPAIGN_STATES, filter="eq", sort=True, writable=False),
        Field("scheduledAt", "scheduled_at", "datetime", writable=False),
        Field("finishedAt", "finished_at", "datetime", writable=False),
        # Deliveries per state, stored after each page the send job finishes.
        Field("queued", "queued", "int", writable=False),
        Field("sent", "sent", "int", writable=False),
        Field("failed", "failed", "int", writable=False),
        Field("skipped", "skipped", "int", writable=False),
        Field("createdBy", "created_by_id", "ref", ref=USER, writable=False, plain=False),
    ),
    operations=("create", "read", "update"),
    owned=False,
)
