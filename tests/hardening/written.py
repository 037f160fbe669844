"""What a refused input must leave untouched: the rows, the audit log and the outbox."""

from __future__ import annotations

from typing import Any

from tortoise.models import Model

from models.audit import AuditEntry
from models.outbox import OutboxEvent


async def snapshot(*models: type[Model]) -> dict[str, Any]:
    state: dict[str, Any] = {
        "audit": await AuditEntry.all().count(),
        "outbox": await OutboxEvent.all().count(),
    }
    for model in models:
        state[model.__name__] = sorted(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in await model.all().values()
        )
    return state
