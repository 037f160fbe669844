"""Behavioural segment conditions: purchases (won deals), amount spent, last interaction and
engagement (activities), turned into a condition on contacts for one reader.

Each condition is a subquery over the deals or activities *the reader* may see (read
permission, row scope, not deleted), and needs the fields it looks at to be readable (a deal's
status, its amount for spending, an activity's time): FORBIDDEN before any SQL otherwise. So a
segment's count never reveals a purchase or a call the reader could not have found in the lists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Sum

from models import clock
from models.access.records import RecordAccess
from models.activity import Activity
from models.deal import Deal
from models.errors import BadInput
from models.i18n import msg
from models.tortoise_adapter import meta
from resolvers.rfm_condition import rfm_q

KEYS = (
    "purchasesGte",
    "spentGte",
    "lastInteractionAfter",
    "lastInteractionBefore",
    "engagementDays",
    "engagementActivitiesGte",
    # An RFM segment of the customer report (resolvers/rfm_condition.py).
    "rfm",
)


def _int(data: dict[str, Any], key: str, low: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise BadInput(
            msg("{key} is a whole number of at least {low}", key=key, low=low),
            field=f"behaviour.{key}",
        )
    return value


def _time(data: dict[str, Any], key: str) -> datetime | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise BadInput(msg("{key} is an ISO 8601 time", key=key), field=f"behaviour.{key}") from exc
    if parsed.tzinfo is None:
        raise BadInput(msg("{key} needs a time zone", key=key), field=f"behaviour.{key}")
    return parsed


def _won(contacts: RecordAccess) -> Any:
    deals = contacts.of("deal")
    deals.check_filter(["status", "contact"])
    return deals.rows(Deal).filter(status="won", contact_id__isnull=False)


def _activities(contacts: RecordAccess) -> Any:
    activities = contacts.of("activity")
    activities.check_filter(["occurredAt", "contact"])
    return activities.rows(Activity).filter(contact_id__isnull=False)


def behaviour_q(contacts: RecordAccess, data: dict[str, Any] | None) -> Q | None:
    """The contacts condition for these stored conditions, or None when there are none.
    ``contacts``: the caller's access to contact; deals and activities are read through it."""
    if not data:
        return None
    unknown = set(data) - set(KEYS)
    if unknown:
        raise BadInput(
            msg("Unknown condition '{unknown}'", unknown=sorted(unknown)[0]), field="behaviour"
        )
    q = Q()
    purchases = _int(data, "purchasesGte", 1)
    if purchases is not None:
        won = _won(contacts).annotate(purchases=Count("id")).group_by("contact_id")
        q &= Q(id__in=Subquery(won.filter(purchases__gte=purchases).values("contact_id")))
    if data.get("spentGte") is not None:
        try:
            spent = Decimal(str(data["spentGte"]))
        except InvalidOperation as exc:
            raise BadInput("spentGte is an amount", field="behaviour.spentGte") from exc
        contacts.of("deal").check_filter(["amount"])
        paid = _won(contacts).annotate(spent=Sum("amount")).group_by("contact_id")
        # SQLite stores decimals as text and sums them as floats: compare with a float there
        # (a text parameter would compare as text); PostgreSQL sums numerics exactly.
        bound: Decimal | float = spent
        if meta(Deal).db.capabilities.dialect == "sqlite":
            bound = float(spent)
        q &= Q(id__in=Subquery(paid.filter(spent__gte=bound).values("contact_id")))
    after = _time(data, "lastInteractionAfter")
    if after is not None:
        q &= Q(
            id__in=Subquery(
                _activities(contacts).filter(occurred_at__gte=after).values("contact_id")
            )
        )
    before = _time(data, "lastInteractionBefore")
    if before is not None:
        # Nothing since then, never contacted included ("not contacted since ...").
        since = _activities(contacts).filter(occurred_at__gte=before).values("contact_id")
        q &= ~Q(id__in=Subquery(since))
    days = _int(data, "engagementDays", 1)
    at_least = _int(data, "engagementActivitiesGte", 1)
    if (days is None) != (at_least is None):
        raise BadInput("engagementDays and engagementActivitiesGte go together", field="behaviour")
    if days is not None and at_least is not None:
        recent = _activities(contacts).filter(occurred_at__gte=clock.now() - timedelta(days=days))
        busy = recent.annotate(n=Count("id")).group_by("contact_id").filter(n__gte=at_least)
        q &= Q(id__in=Subquery(busy.values("contact_id")))
    if data.get("rfm") is not None:
        q &= rfm_q(contacts, data["rfm"])
    return q
