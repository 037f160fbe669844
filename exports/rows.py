"""An export's rows, read in keyset batches so that memory stays flat whatever the table's size.

Each batch is one query for the records (ordered by id, ``id > last``, a fixed limit, only the
columns the caller may read) plus one query per relation column for the names it shows. Batches
are separate statements, not one transaction: a long download must not hold a connection, so a
row changed while the export runs shows as it was when its batch was read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from exports.columns import Cell, Column, Related, Table, custom_column, readable_columns
from models import global_ids
from models.access import custom_access
from models.access.records import RecordAccess
from models.custom_field import CustomField
from models.tortoise_adapter import meta

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class _Names:
    """How one relation column turns ids into names the caller may see."""

    header: str
    source: str
    related: Related
    # The target's name columns the caller may read on anyone's record / on its own record.
    shown: tuple[str, ...]
    fetched: tuple[str, ...]

    async def lookup(self, access: RecordAccess, ids: Iterable[int]) -> dict[int, str]:
        """``access``: the caller's access to the related record type."""
        wanted = sorted(set(ids))
        if not wanted or not self.fetched:
            return {}
        # The target's own read permission, row scope and soft delete: a record the caller
        # could not open shows no name, so the export never reveals a hidden row's name.
        query = access.rows(self.related.model)
        rows = await query.filter(pk__in=wanted).values(*dict.fromkeys(("id", *self.fetched)))
        me = access.user_id
        names = {}
        if self.related.global_type is not None:
            return {
                row["id"]: global_ids.global_id(self.related.global_type, row["id"]) for row in rows
            }
        for row in rows:
            own = self.related.self_readable and row["id"] == me
            parts = [str(row[c]) for c in (self.fetched if own else self.shown) if row[c]]
            names[row["id"]] = " ".join(parts)
        return names


def _names(access: RecordAccess, column: Column) -> _Names:
    """``access``: the caller's access to the related record type."""
    related = column.related
    assert related is not None
    shown: tuple[str, ...] = ()
    fetched: tuple[str, ...] = ()
    if access.can("read"):
        shown = tuple(col for field, col in related.name if field is None or access.can_read(field))
        fetched = tuple(col for _, col in related.name) if related.self_readable else shown
    return _Names(column.header, column.sources[0], related, shown, fetched)


class ExportRows:
    """The header and the row batches of one export, as one caller may see them."""

    def __init__(
        self,
        access: RecordAccess,
        table: Table,
        where: Q | None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        """``access``: the caller's access to the exported record type."""
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self.access = access
        self.table = table
        self.where = where
        self.batch_size = batch_size
        self.columns = readable_columns(access, table)
        self.sources = list(dict.fromkeys(s for c in self.columns for s in ("id", *c.sources)))
        self._names = [
            _names(access.of(c.related.obj), c) for c in self.columns if c.related is not None
        ]
        self.count = 0

    async def include_custom(self) -> None:
        """Add a ``custom.<key>`` column per custom field of the object the caller may read
        (custom.<key> permissions, or the definition's default); call before the first row."""
        obj = self.table.spec.name
        if "custom" not in meta(self.table.model).fields_map:
            return
        for definition in await CustomField.filter(object=obj).order_by("position", "id"):
            if self.access.custom_access(definition) != custom_access.NONE:
                self.columns.insert(len(self.columns) - 2, custom_column(definition))
        self.sources = list(dict.fromkeys(s for c in self.columns for s in ("id", *c.sources)))

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]

    async def batches(self) -> AsyncIterator[list[list[Cell]]]:
        last_id: int | None = None
        while True:
            query = self.access.rows(self.table.model, self.where)
            if last_id is not None:
                query = query.filter(id__gt=last_id)
            rows: list[dict[str, Any]] = (
                await query.order_by("id").limit(self.batch_size).values(*self.sources)
            )
            if not rows:
                return
            cells = await self._cells(rows)
            self.count += len(rows)
            yield cells
            if len(rows) < self.batch_size:
                return
            last_id = rows[-1]["id"]

    async def _cells(self, rows: list[dict[str, Any]]) -> list[list[Cell]]:
        names = {
            n.header: await n.lookup(
                self.access.of(n.related.obj), (r[n.source] for r in rows if r[n.source])
            )
            for n in self._names
        }
        out = []
        for row in rows:
            cells: list[Cell] = []
            for column in self.columns:
                if column.related is None:
                    cells.append(column.value(row))
                else:
                    cells.append(names[column.header].get(row[column.sources[0]]))
            out.append(cells)
        return out
