"""One export of a list: checked before any row is read, written as CSV or XLSX, then audited.

Callers (the HTTP endpoint) hand over the caller's access to the object (a RecordAccess) and the
filter as a Q that the list builder has already checked with it; this module adds the export
permission, the row scope and the readable columns, and writes one audit entry per export.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import IO, Any

import anyio
from tortoise.expressions import Q

from exports.columns import TABLES
from exports.formats import csv_chunks, write_xlsx
from exports.rows import DEFAULT_BATCH_SIZE, ExportRows
from models.access.records import RecordAccess
from models.audit import write_audit
from models.errors import NotFound
from models.i18n import msg

log = logging.getLogger("tandem.exports")

FORMATS = ("csv", "xlsx")
AUDIT_ACTION = "record.export"


class Export:
    def __init__(
        self,
        access: RecordAccess,
        fmt: str,
        *,
        where: Q | None = None,
        filter: Any = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        """FORBIDDEN without the export operation on the access object's record type; nothing
        is read yet."""
        obj = access.obj
        table = TABLES.get(obj)
        if table is None or fmt not in FORMATS:
            raise NotFound(msg("No export of {obj} as {fmt}", obj=obj, fmt=fmt))
        access.require("export")
        self.access = access
        self.obj = obj
        self.format = fmt
        # As the caller sent it, for the audit trail: what was asked for, not how it ran.
        self.filter = filter
        self.rows = ExportRows(access, table, where, batch_size)

    async def csv(self) -> AsyncIterator[bytes]:
        """CSV chunks as the rows are read; audited when the last one is out."""
        complete = False
        try:
            async for chunk in csv_chunks(self.rows):
                yield chunk
            complete = True
        finally:
            # A download cut short has still sent rows away: it is audited as incomplete.
            await self._audit(complete)

    async def xlsx(self, target: IO[bytes]) -> None:
        """The whole workbook into ``target``; audited once it is written."""
        await write_xlsx(self.rows, target, self.rows.table.title)
        await self._audit(complete=True)

    async def _audit(self, complete: bool) -> None:
        principal = self.access.principal
        after: dict[str, Any] = {
            "format": self.format,
            "rows": self.rows.count,
            "filter": self.filter,
            "columns": self.rows.header,
            "complete": complete,
        }
        if principal.api_key_id is not None:
            after["apiKeyId"] = principal.api_key_id
        # Shielded: when the client disconnects, the response task is being cancelled, and the
        # entry must still be written.
        with anyio.CancelScope(shield=True):
            try:
                await write_audit(principal.user_id, AUDIT_ACTION, self.obj, None, None, after)
            except Exception:
                if complete:
                    raise
                log.exception("could not audit an interrupted export of %s", self.obj)
