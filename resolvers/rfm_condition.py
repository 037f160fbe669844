"""The behavioural segment condition ``rfm`` that customerReportSaveSegment stores
(resolvers/rfm_segment.py) ({"segment", "from", "to", "pipelineId", "departmentId", "ownerId"}).

A segment is a live filter evaluated with its reader's permissions (models/segment.py), so the
saved condition is the report's definition, not a list of contacts: the contacts whose recency
and frequency scores over that range put them in that segment *as the reader sees them* (the
reader's deals, contacts and activities: resolvers/customer_scope.py, the report's own
querysets). The scores are fixed bands (models/reports/customers.py), so each one is a
condition on the contacts: "recency score at least s" is "a won deal in the range, or an
interaction up to its end, on or after its last day minus the band's days" and "frequency score
at least s" is "at least the band's won deals in the range". Segments use no amounts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from models.access.records import RecordAccess
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n.message import msg
from models.reports.customers import F_BANDS, R_BANDS, SEGMENT_NAMES, SEGMENTS
from resolvers import customer_scope
from resolvers.customer_scope import CustomerFilters

FIELD = "behaviour.rfm"
ID_TYPES = {"pipelineId": "Pipeline", "departmentId": "Department", "ownerId": "User"}


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _date(data: dict[str, Any], key: str) -> date:
    try:
        return date.fromisoformat(str(data.get(key)))
    except ValueError as exc:
        raise BadInput(msg("{key} is an ISO date", key=key), field=f"{FIELD}.{key}") from exc


def _filters(data: Any) -> tuple[str, CustomerFilters]:
    if not isinstance(data, dict) or set(data) - {"segment", "from", "to", *ID_TYPES}:
        raise BadInput("Not an RFM condition", field=FIELD)
    segment = data.get("segment")
    if segment not in SEGMENT_NAMES:
        raise BadInput("Unknown RFM segment", field=f"{FIELD}.segment")
    keys = {
        key: from_global_id(str(data[key]), kind, field=f"{FIELD}.{key}")
        if data.get(key) is not None
        else None
        for key, kind in ID_TYPES.items()
    }
    filters = CustomerFilters(
        _date(data, "from"),
        _date(data, "to"),
        pipeline_id=keys["pipelineId"],
        department_id=keys["departmentId"],
        owner_id=keys["ownerId"],
    )
    filters.check()
    return str(segment), filters


class _Conditions:
    """The score conditions over one reader's won deals and activities."""

    def __init__(self, contacts: RecordAccess, filters: CustomerFilters) -> None:
        self.won = customer_scope.won_deals(contacts, filters)
        self.activities = customer_scope.interactions(contacts)
        self.end = filters.end

    def frequency_at_least(self, score: int) -> Q:
        deals = dict(F_BANDS).get(score, 1)
        if deals <= 1:
            return Q(id__in=Subquery(self.won.values("contact_id")))
        counted = self.won.annotate(n=Count("id")).group_by("contact_id").filter(n__gte=deals)
        return Q(id__in=Subquery(counted.values("contact_id")))

    def recency_at_least(self, score: int) -> Q | None:
        """None: every customer (score 1 is the floor)."""
        days = dict(R_BANDS).get(score)
        if days is None:
            return None
        since = _midnight(self.end - timedelta(days=days))
        recent = self.won.filter(
            Q(closed_at__gte=since) | Q(closed_at__isnull=True, updated_at__gte=since)
        )
        touched = Q(id__in=Subquery(recent.values("contact_id")))
        if self.activities is not None:
            until = _midnight(self.end + timedelta(days=1))
            calls = self.activities.filter(
                contact_id__isnull=False, occurred_at__gte=since, occurred_at__lt=until
            )
            touched |= Q(id__in=Subquery(calls.values("contact_id")))
        return touched

    def rule(self, r_low: int, r_high: int, f_low: int, f_high: int) -> Q:
        q = self.frequency_at_least(f_low)
        if f_high < 5:
            q &= ~self.frequency_at_least(f_high + 1)
        low = self.recency_at_least(r_low)
        if low is not None:
            q &= low
        high = self.recency_at_least(r_high + 1) if r_high < 5 else None
        if high is not None:
            q &= ~high
        return q


def rfm_q(contacts: RecordAccess, data: Any) -> Q:
    """The contacts of the stored RFM condition for this reader: in its segment's rule and in
    none of the rules before it (the report's first match)."""
    segment, filters = _filters(data)
    customer_scope.require(contacts, filters)
    conditions = _Conditions(contacts, filters)
    q = conditions.frequency_at_least(1)
    for name, r_low, r_high, f_low, f_high in SEGMENTS:
        rule = conditions.rule(r_low, r_high, f_low, f_high)
        if name == segment:
            return q & rule
        q &= ~rule
    raise AssertionError(segment)
