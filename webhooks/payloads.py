"""What a webhook's body holds: the event as the endpoint owner's role may see it.

The same decision as a subscription's (realtime/fanout.py ``view_for``): the owner's row scope
(a record outside it is not sent; one that leaves it is sent as ``<object>.left_view`` with no
record) and field grant (a field the role may not read is not in the body at all: a Marketing
owner's deal has no amount). Field names are the API's; references are global ids.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

from models.access.records import RecordAccess
from models.events import DELETED, Envelope
from models.global_ids import global_id
from models.records import DECLARED
from realtime.fanout import view_for

LEFT_VIEW = "left_view"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _record(access: RecordAccess, obj: str, row: Any) -> dict[str, Any]:
    readable = access.grant.readable
    out: dict[str, Any] = {}
    for field in DECLARED[obj]:
        if (field.grant or field.name) not in readable or field.column is None:
            continue
        if field.type == "computed" or not hasattr(row, field.column):
            continue
        value = getattr(row, field.column)
        if field.type == "ref" and field.ref is not None and value is not None:
            value = global_id(field.ref.type_name, int(value))
        elif field.type == "list" and isinstance(value, str):
            value = orjson.loads(value or "[]")
        out[field.name] = _plain(value)
    return out


def payload(access: RecordAccess, envelope: Envelope) -> dict[str, Any] | None:
    """The body for an endpoint whose owner has ``access`` (to ``envelope.object``), or None
    when the owner may not hear of this event at all."""
    declared = DECLARED.get(envelope.object)
    if declared is None:
        return None
    view = view_for(access, envelope)
    if view is None:
        return None
    kind = envelope.kind
    record: dict[str, Any] | None = None
    if view.record is not None:
        record = {
            "id": global_id(declared.type_name, envelope.record_id),
            **_record(access, envelope.object, view.record),
        }
    elif kind != DELETED:
        kind = LEFT_VIEW
    return {
        "type": f"{envelope.object}.{kind}",
        "timestamp": envelope.at.isoformat(),
        "data": {
            "object": envelope.object,
            "id": global_id(declared.type_name, envelope.record_id),
            "kind": kind,
            "changed": view.changed,
            "record": record,
        },
    }
