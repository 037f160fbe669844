"""``jobs`` and ``jobUpdated``: background jobs as the caller may see them.

Everyone sees the jobs they started; with access administration (``access`` read: Owner,
Admin) one sees everyone's, the server's own included. Another user's job is absent from the
list and silent on the subscription, as if it did not exist. A job's payload and lease are
never shown: what the API shows is its kind, state, attempts, progress, error and times.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models.errors import BadInput
from models.events import Envelope
from models.global_ids import from_global_id
from models.i18n import msg
from models.job import Job
from models.tortoise_adapter import from_values
from realtime.errors import SubscriberTooSlow
from resolvers.api.job_inputs import JobFilter
from resolvers.context import RequestContext
from resolvers.pages import Page, page_of
from resolvers.subscriptions import (
    ACCESS_OBJECTS,
    _close_too_slow,
    _cursor,
    _envelopes,
    refresh_access,
)

Ctx = Info[RequestContext, None]
DEFAULT_PAGE = 50
MAX_PAGE = 200


def _sees_everyone(ctx: RequestContext) -> bool:
    return ctx.access("access").can("read")


def _scope(ctx: RequestContext, mine: bool) -> Q:
    me = ctx.require_principal().user_id
    return Q() if _sees_everyone(ctx) and not mine else Q(created_by_id=me)


def _cursor_of(pk: int) -> str:
    return base64.urlsafe_b64encode(f"job:{pk}".encode()).decode()


def _after(cursor: str) -> int:
    try:
        kind, _, pk = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "job":
            return int(pk)
    except ValueError:
        pass
    raise BadInput("Not a cursor of this list", field="after")


async def jobs(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    filter: JobFilter | None = None,
) -> Page[Job]:
    """Newest first; ``first`` at most 200."""
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise BadInput(msg("first is between 0 and {max_page}", max_page=MAX_PAGE), field="first")
    wanted = _scope(info.context, filter is not None and filter.mine)
    if filter is not None and filter.kind is not None:
        wanted &= Q(kind=filter.kind)
    if filter is not None and filter.state is not None:
        wanted &= Q(state=filter.state.value)
    matching = Job.filter(wanted)
    query = matching.filter(id__lt=_after(after)) if after is not None else matching
    rows = await query.order_by("-id").limit(size + 1) if size else []
    return page_of(rows, size, lambda row: _cursor_of(row.pk), after=after, count=matching.count)


def job_of(envelope: Envelope) -> Job:
    """The job as its event carries it (no query per delivery)."""
    return from_values(Job, envelope.values)


async def job_updated(
    info: Ctx,
    id: strawberry.ID | None = None,
    kind: str | None = None,
    after: str | None = None,
) -> AsyncGenerator[Job, None]:
    """Every change of a job you may see (state, attempts, progress), live, on whichever
    process your socket is; ``id`` (a Job id) or ``kind`` narrow it; ``after`` (a delivered
    event's ``cursor``) first replays what happened since."""
    ctx = info.context
    me = ctx.require_principal().user_id
    wanted_id = from_global_id(id, "Job", field="id") if id is not None else None

    def accepts(envelope: Envelope) -> bool:
        if envelope.object != "job":
            return False
        values = envelope.values
        if wanted_id is not None and values.get("id") != wanted_id:
            return False
        if kind is not None and values.get("kind") != kind:
            return False
        # Asked per event: a role change applies from the next one (refresh_access).
        return values.get("created_by_id") == me or _sees_everyone(ctx)

    try:
        async for envelope in _envelopes(ctx, accepts, _cursor(after)):
            if envelope.object in ACCESS_OBJECTS:
                await refresh_access(ctx, envelope)
                if not accepts(envelope):
                    continue
            row = job_of(envelope)
            row.cursor = str(envelope.seq)
            yield row
    except SubscriberTooSlow as slow:
        await _close_too_slow(ctx, str(slow))
        raise
