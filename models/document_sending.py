"""Queueing a document's e-mail: the ``document.send`` job and its audit entry in one unit of
work (the job renders the PDF and sends it; documents/sending.py)."""

from __future__ import annotations

from models.audit import write_audit
from models.job import Job
from models.job_actions import enqueue
from models.unit_of_work import unit_of_work

SEND_KIND = "document.send"


async def queue_send(
    obj: str, pk: int, global_id: str, to: str, actor_id: int | None, *, key: str
) -> Job:
    """``key`` makes the job idempotent (one mail per document version sent)."""
    async with unit_of_work():
        job = await enqueue(
            SEND_KIND,
            {"id": global_id, "to": to, "userId": actor_id},
            created_by_id=actor_id,
            idempotency_key=key,
            max_attempts=3,
        )
        await write_audit(actor_id, f"{obj}.send", obj, pk, None, {"to": to, "job": job.pk})
    return job
