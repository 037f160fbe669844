"""The e-mails and phones an import's file has shown so far, kept in the database.

The checking pass finds duplicates inside the file batch by batch: which of this batch's keys an
earlier row already had (one indexed lookup), then this batch's new keys stored (one COPY on
PostgreSQL, one multi-row INSERT on SQLite). Memory stays that of one batch whatever the size of
the file; the keys go when the pass is over (``forget``), or with the job (ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Mapping

from tortoise import connections

from models import bulk_rows
from models.import_job import ImportKey


async def earlier(job_id: int, kind: str, keys: Mapping[str, int]) -> dict[str, int]:
    """Of ``keys`` (key -> row), those an earlier batch of the file had: key -> that row."""
    if not keys:
        return {}
    db = connections.get("default")
    job, of_kind = ("$1", "$2") if bulk_rows.is_postgres(db) else ("?", "?")
    among = bulk_rows.in_list(db, 'k."key"', 3)
    _, rows = await db.execute_query(
        f'SELECT k."key", k."row" FROM "import_key" k'
        f' WHERE k."job_id" = {job} AND k."kind" = {of_kind} AND {among}',
        [job_id, kind, bulk_rows.list_param(db, list(keys))],
    )
    return {str(r["key"]): int(r["row"]) for r in rows}


async def remember(job_id: int, kind: str, keys: Mapping[str, int]) -> None:
    """Store this batch's new keys (none of them stored yet)."""
    if not keys:
        return
    db = connections.get("default")
    if bulk_rows.copies(db):
        records = [(job_id, kind, key, row) for key, row in keys.items()]
        await bulk_rows.copy(db, ImportKey, ("job_id", "kind", "key", "row"), records)
        return
    await ImportKey.bulk_create(
        [ImportKey(job_id=job_id, kind=kind, key=key, row=row) for key, row in keys.items()]
    )


async def refresh_statistics(batch: int) -> None:
    await bulk_rows.refresh_statistics(connections.get("default"), ImportKey, batch)


async def forget(job_id: int) -> None:
    await ImportKey.filter(job_id=job_id).delete()
