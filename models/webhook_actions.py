"""Writing webhook endpoints: register, change, delete, rotate the secret; audit in the same
unit of work. Endpoints write no outbox event: the row holds the signing secret, and an event's
values are the row's columns (models/outbox.py), so the secret would travel on the bus.

A secret follows the Standard Webhooks convention: ``whsec_`` and the base64 of 24 random
bytes; the key that signs is the decoded bytes.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from models import clock
from models.access.catalogue import CATALOGUE
from models.audit import write_audit
from models.errors import Conflict, NotFound
from models.outbox import OutboxEvent
from models.snapshot import values_of
from models.unit_of_work import unit_of_work
from models.webhook import WebhookEndpoint

OBJ = "webhook"
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _audited(row: WebhookEndpoint) -> dict[str, Any]:
    return values_of(CATALOGUE[OBJ], row)


async def create_endpoint(values: Mapping[str, Any], owner_id: int) -> tuple[WebhookEndpoint, str]:
    """The new endpoint and its secret (the one time it is given out)."""
    secret = new_secret()
    async with unit_of_work():
        newest = await OutboxEvent.all().order_by("-id").first()
        row = await WebhookEndpoint.create(
            **values,
            owner_id=owner_id,
            secret=secret,
            after_event=newest.pk if newest is not None else 0,
        )
        await write_audit(owner_id, f"{OBJ}.create", OBJ, row.pk, None, _audited(row))
    return row, secret


async def _locked(pk: int, expected_version: int | None) -> WebhookEndpoint:
    row = await WebhookEndpoint.select_for_update().get_or_none(pk=pk)
    if row is None:
        raise NotFound("No such webhook")
    if expected_version is not None and expected_version != row.version:
        raise Conflict("The webhook changed meanwhile", current_version=row.version)
    return row


async def update_endpoint(
    pk: int, values: Mapping[str, Any], expected_version: int | None, actor_id: int
) -> WebhookEndpoint:
    async with unit_of_work():
        row = await _locked(pk, expected_version)
        before = _audited(row)
        if values.get("enabled") and not row.enabled:
            # Enabled again by a person: it starts afresh.
            row.failures = 0
            row.disabled_reason = None
        row.update_from_dict(dict(values))
        row.version += 1
        await row.save()
        await write_audit(actor_id, f"{OBJ}.update", OBJ, row.pk, before, _audited(row))
    return row


async def delete_endpoint(pk: int, actor_id: int) -> None:
    """Deleted for good, with its delivery log; the audit keeps what it was."""
    async with unit_of_work():
        row = await _locked(pk, None)
        await write_audit(actor_id, f"{OBJ}.delete", OBJ, row.pk, _audited(row), None)
        await row.delete()


async def rotate_secret(pk: int, overlap: timedelta, actor_id: int) -> tuple[WebhookEndpoint, str]:
    """A new secret; the old one keeps signing (both signatures are sent) for ``overlap``."""
    secret = new_secret()
    async with unit_of_work():
        row = await _locked(pk, None)
        row.previous_secret = row.secret if overlap > timedelta(0) else None
        row.previous_until = clock.now() + overlap if overlap > timedelta(0) else None
        row.secret = secret
        row.version += 1
        await row.save()
        await write_audit(actor_id, f"{OBJ}.rotateSecret", OBJ, row.pk, None, None)
    return row, secret


def signing_secrets(row: WebhookEndpoint) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during its overlap."""
    found = [row.secret]
    if row.previous_secret and row.previous_until and clock.now() < row.previous_until:
        found.append(row.previous_secret)
    return found
