"""Record types declared once (models/records/declaration.py explains what is derived from them).

Adding a record type: its model and migration, a declaration here, its GraphQL type
(schema/), and its resolvers; the catalogue, inputs, list spec, exports and events follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from models.records.accounts import DEPARTMENT, ROLE, USER_RECORD
from models.records.campaigns import CAMPAIGN, MESSAGE_TEMPLATE
from models.records.customers import COMPANY, CONTACT
from models.records.declaration import RecordType
from models.records.documents import ORDER, QUOTE
from models.records.invoices import INVOICE, PAYMENT_RECORD
from models.records.money import EXCHANGE_RATE
from models.records.sales import DEAL, PIPELINE, PRODUCT
from models.records.system import AUDIT_ENTRY, AUTOMATION_RULE, NOTIFICATION, SEGMENT, WEBHOOK
from models.records.work import ACTIVITY, COMMENT, LEAD, TASK

_DECLARED = {
    r.obj: r
    for r in (
        *(COMPANY, CONTACT, DEAL, PIPELINE, LEAD, ACTIVITY, TASK, COMMENT, PRODUCT),
        *(EXCHANGE_RATE, QUOTE, ORDER, INVOICE, PAYMENT_RECORD),
        *(USER_RECORD, ROLE, DEPARTMENT, SEGMENT, AUTOMATION_RULE, NOTIFICATION, AUDIT_ENTRY),
        WEBHOOK,
        *(MESSAGE_TEMPLATE, CAMPAIGN),
    )
}
# What everything derived reads (catalogue, inputs, lists, writes, exports, events).
DECLARED: Mapping[str, RecordType] = MappingProxyType(_DECLARED)


def declare(record: RecordType) -> None:
    """Declare or re-declare a record type. Derived parts are built when their modules are first
    imported, so this runs before them (at start-up; tests/records/ extends a type this way)."""
    _DECLARED[record.obj] = record
