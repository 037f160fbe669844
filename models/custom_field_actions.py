"""Defining, changing and removing custom fields, each with its audit entry in one unit of work,
and the rules of a definition's label and options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.audit import write_audit
from models.custom_field import CustomField
from models.errors import BadInput, Conflict, NotFound
from models.i18n import msg
from models.unit_of_work import unit_of_work

SELECTS = ("select", "multiselect")


def options(kind: str, given: list[str] | None) -> list[str]:
    """A select field's options: distinct, 1-100 characters each; other types have none."""
    if kind not in SELECTS:
        if given:
            raise BadInput("Only select fields have options", field="options")
        return []
    cleaned = [" ".join(o.split()) for o in given or []]
    if (
        not cleaned
        or any(not o or len(o) > 100 for o in cleaned)
        or len(set(cleaned)) < len(cleaned)
    ):
        raise BadInput("A select field needs distinct options of 1-100 characters", field="options")
    return cleaned


def label(given: str) -> str:
    cleaned = " ".join(given.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("A label is 1-100 characters", field="label")
    return cleaned


async def define(
    obj: str, key: str, kind: str, values: Mapping[str, Any], actor_id: int
) -> CustomField:
    """``values``: label, options and sensitive, already checked (``label``, ``options``)."""
    async with unit_of_work():
        if await CustomField.filter(object=obj, key=key).exists():
            raise BadInput(
                msg("{obj} already has a custom field '{key}'", obj=obj, key=key), field="key"
            )
        position = await CustomField.filter(object=obj).count()
        made = await CustomField.create(object=obj, key=key, type=kind, position=position, **values)
        await write_audit(
            actor_id,
            "customField.create",
            "customField",
            made.pk,
            None,
            {"object": obj, "key": key, "type": kind, **values},
        )
    return made


async def change(
    pk: int, changes: Mapping[str, Any], expected_version: int | None, actor_id: int
) -> CustomField:
    async with unit_of_work():
        row = await CustomField.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such custom field")
        if expected_version is not None and row.version != expected_version:
            raise Conflict(
                "Someone changed this field since you read it", current_version=row.version
            )
        before = {"label": row.label, "options": row.options, "sensitive": row.sensitive}
        if "label" in changes:
            row.label = label(changes["label"])
        if "options" in changes:
            # The options a type takes depend on the stored type, known once the row is locked.
            row.options = options(row.type, changes["options"])
        if "sensitive" in changes:
            row.sensitive = bool(changes["sensitive"])
        row.version += 1
        await row.save()
        after = {"label": row.label, "options": row.options, "sensitive": row.sensitive}
        await write_audit(actor_id, "customField.update", "customField", pk, before, after)
    return row


async def remove(pk: int, actor_id: int) -> None:
    async with unit_of_work():
        row = await CustomField.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such custom field")
        await write_audit(
            actor_id,
            "customField.delete",
            "customField",
            pk,
            {"object": row.object, "key": row.key, "type": row.type},
            None,
        )
        await row.delete()
