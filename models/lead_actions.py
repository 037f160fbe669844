"""Converting a lead: the lead becomes CONVERTED, linked to the contact made from it, in one unit
of work with that contact (and the company and deal made with it): all or nothing.

The caller checks the lead (``check``: its write scope and field permissions) and makes the
new records (``make``: each through the same checks as if made one by one); the lead's own
rules, its change, audit entry and event are here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from models import clock, events
from models.access.catalogue import CATALOGUE
from models.audit import write_audit
from models.errors import BadInput, Conflict, NotFound
from models.i18n import msg
from models.lead import CONVERTED, Lead
from models.outbox import emit
from models.snapshot import values_of
from models.unit_of_work import unit_of_work

# The records made from the lead: (contact, company or None, deal or None).
Made = tuple[Any, Any, Any]


async def convert_lead(
    pk: int,
    expected_version: int | None,
    actor_id: int,
    check: Callable[[Lead], None],
    make: Callable[[Lead], Awaitable[Made]],
) -> tuple[Lead, Made]:
    async with unit_of_work():
        lead = await Lead.select_for_update().get_or_none(pk=pk)
        if lead is None or lead.deleted_at is not None:
            raise NotFound("No such lead")
        check(lead)
        if expected_version is not None and lead.version != expected_version:
            raise Conflict(
                "Someone changed this lead since you read it", current_version=lead.version
            )
        if lead.status in (CONVERTED, "disqualified"):
            raise BadInput(
                msg("A {status} lead cannot be converted", status=lead.status), field="id"
            )
        made = await make(lead)
        contact = made[0]
        before = values_of(CATALOGUE["lead"], lead)
        lead.status, lead.contact_id, lead.converted_at = CONVERTED, contact.pk, clock.now()
        lead.version += 1
        await lead.save()
        after = values_of(CATALOGUE["lead"], lead)
        changed = [k for k in after if before.get(k) != after[k]]
        await write_audit(
            actor_id,
            "lead.convert",
            "lead",
            lead.pk,
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
        )
        await emit(
            events.UPDATED,
            "lead",
            lead,
            changed=["status", "contact_id", "converted_at"],
            topics=["lead", f"lead:{lead.pk}"],
            actor_id=actor_id,
        )
    return lead, made
