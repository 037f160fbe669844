"""Writing automation rules: create, change, delete; audit and outbox in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models import events
from models.access.catalogue import CATALOGUE
from models.audit import write_audit
from models.automation import AutomationRule
from models.errors import NotFound
from models.outbox import emit
from models.record_actions import Change, create_record, update_record
from models.unit_of_work import unit_of_work

OBJ = "automationRule"


def _change(actor_id: int | None) -> Change:
    return Change(
        OBJ,
        actor_id,
        lambda row: [OBJ, f"{OBJ}:{row.pk}", f"pipeline:{row.pipeline_id}"],
        spec=CATALOGUE[OBJ],
    )


def _nothing(row: Any) -> None:
    return None


async def create_rule(values: Mapping[str, Any], actor_id: int | None) -> AutomationRule:
    return await create_record(
        AutomationRule, {**values, "created_by_id": actor_id}, _nothing, _change(actor_id)
    )


async def update_rule(
    pk: int, values: Mapping[str, Any], expected_version: int | None, actor_id: int | None
) -> AutomationRule:
    return await update_record(
        AutomationRule,
        pk,
        values,
        expected_version,
        _change(actor_id),
        check_before=_nothing,
        check_after=_nothing,
    )


async def delete_rule(pk: int, actor_id: int | None) -> None:
    """A rule is deleted for good (its idle runs with it); the audit keeps what it was."""
    change = _change(actor_id)
    async with unit_of_work():
        row = await AutomationRule.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such automation rule")
        await write_audit(actor_id, f"{OBJ}.delete", OBJ, row.pk, change.values(row), None)
        await emit(
            events.DELETED, OBJ, row, changed=[], topics=change.topics(row), actor_id=actor_id
        )
        await row.delete()
