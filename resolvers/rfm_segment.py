"""customerReportSaveSegment: one RFM segment of the customer report saved as a segment, whose
behavioural condition ``rfm`` (resolvers/rfm_condition.py) is the report's definition, evaluated
live with each reader's permissions like every segment condition."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from models import segment_actions
from models.errors import BadInput
from models.global_ids import global_id
from models.segment import Segment
from resolvers.api.report_kinds import RfmSegmentInput
from resolvers.context import RequestContext
from resolvers.customer_report import filters_of
from resolvers.customer_scope import CustomerFilters
from resolvers.rfm_condition import ID_TYPES
from resolvers.segments import matching

Ctx = Info[RequestContext, None]


def _name(value: str) -> str:
    # The rule of segment names (resolvers/segments.py).
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("A segment name is 1-100 characters", field="name")
    return cleaned


def _stored(filters: CustomerFilters) -> dict[str, Any]:
    data = filters.to_data()
    for key, kind in ID_TYPES.items():
        if data[key] is not None:
            data[key] = global_id(kind, data[key])
    return data


async def customer_report_save_segment(info: Ctx, input: RfmSegmentInput) -> Segment:
    """Saves one RFM segment of the report as a segment (audited as segment.create)."""
    access = info.context.access("segment")
    access.require("create")
    access.check_write(["name", "filter", "behaviour"])
    name = _name(input.name)
    filters = filters_of(
        input.start, input.end, input.pipeline_id, input.department_id, input.owner_id
    )
    behaviour = {"rfm": {"segment": input.segment.value, **_stored(filters)}}
    # Run once with the author's permissions before it is saved, as segmentCreate does.
    await matching(info, {}, 0, None, behaviour)
    return await segment_actions.create_segment(name, {}, behaviour, access.user_id)
