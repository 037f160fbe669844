"""A worker that dies mid-batch: the items it finished stay done, the one it was in the middle
of is undone with its transaction, and the worker that takes the job over once the lease runs
out does each remaining item once. No item is done twice, none is missed."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette

from jobs.context import JobContext
from models import job_actions
from models.clock import FrozenClock
from models.notification import AUTOMATION
from models.notifications import notify
from server.settings import Settings
from tests.jobs.support import jobs, worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

ITEMS = 10
TEXTS = "{ notifications(first: 50) { totalCount edges { node { text } } } }"


async def test_a_batch_resumed_after_its_worker_died_does_every_item_exactly_once(
    api: GraphQLClient, app: Starlette, settings: Settings, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    reached, never = asyncio.Event(), asyncio.Event()
    stall_at = [4]  # the first worker hangs inside item 4's transaction, then is killed

    async def send_all(ctx: JobContext) -> Mapping[str, Any]:
        sent = 0
        for item in range(ITEMS):

            async def effect(item: int = item) -> None:
                await notify(seller.user.id, AUTOMATION, text=f"message {item}")
                if stall_at and item == stall_at[0]:
                    stall_at.clear()
                    reached.set()
                    await never.wait()

            sent += await ctx.once(f"message:{item}", effect)
            await ctx.progress(item + 1, ITEMS)
        return {"sent": sent}

    job = await job_actions.enqueue("test.send", created_by_id=seller.user.id)
    first, second = (
        worker(settings, **{"test.send": send_all}),
        worker(settings, **{"test.send": send_all}),
    )

    dying = asyncio.create_task(first.run(job.pk))
    await reached.wait()
    dying.cancel()  # the process is gone: nothing more is written on its behalf
    await asyncio.gather(dying, return_exceptions=True)
    (abandoned,) = await jobs(api, seller.access_token)
    too_soon = await second.run_due()  # its lease still holds the job
    clock.advance(seconds=settings.job_lease_seconds + 1)
    taken_over = await second.run_due()
    clock.advance(seconds=-(settings.job_lease_seconds + 1))  # the token's time again
    (finished,) = await jobs(api, seller.access_token)
    texts = await api.ok(TEXTS, token=seller.access_token)

    assert (abandoned["state"], abandoned["progressDone"]) == ("RUNNING", 4)
    assert (too_soon, taken_over) == (0, 1)
    assert (finished["state"], finished["attempts"]) == ("SUCCEEDED", 2)
    assert (finished["progressDone"], finished["progressTotal"]) == (ITEMS, ITEMS)
    got = sorted(e["node"]["text"] for e in texts["notifications"]["edges"])
    assert got == sorted(f"message {i}" for i in range(ITEMS))
