"""The backups list, for those whose role grants backup read (Owner and Admin by template)."""

from __future__ import annotations

from strawberry.types import Info

from models import backup as runs
from models.backup import BackupRun
from models.errors import BadInput
from models.i18n import msg
from resolvers.context import RequestContext

MAX_BACKUPS = 500


async def backups(info: Info[RequestContext, None], first: int = 30) -> list[BackupRun]:
    """Newest first: scheduled and hand-taken backups, running, done, failed or removed by
    retention."""
    info.context.access("backup").require("read")
    if not 1 <= first <= MAX_BACKUPS:
        raise BadInput(
            msg("first must be between 1 and {max_backups}", max_backups=MAX_BACKUPS), field="first"
        )
    return await runs.newest_first(first)
