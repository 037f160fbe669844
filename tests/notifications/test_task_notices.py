"""Task notices: the scheduler reminds the assignee at the reminder time and says so once when
the task is overdue, each exactly once even with several schedulers at work; assigning a task
to someone else tells them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from starlette.applications import Starlette

from models.clock import FrozenClock
from models.notification import TASK_OVERDUE, TASK_REMINDER, Notification
from models.task_notices import send_due
from server.scheduler import Scheduler
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MINE = "{ notifications { edges { node { kind subject { id } actor { email } } } } }"
CREATE = "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }"
UPDATE = "mutation($input: TaskUpdateInput!) { taskUpdate(input: $input) { id } }"


def scheduler_of(app: Starlette) -> Scheduler:
    found: Scheduler = app.state.scheduler
    return found


async def _kinds(api: GraphQLClient, token: str) -> list[tuple[str, str | None]]:
    data = await api.ok(MINE, token=token)
    return [
        (e["node"]["kind"], (e["node"]["subject"] or {}).get("id"))
        for e in data["notifications"]["edges"]
    ]


async def test_a_reminder_goes_to_the_assignee_once_at_its_time(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    now = clock.now()
    task = await crm.task(
        manager.user,
        assignee=seller.user,
        remind_at=now + timedelta(hours=1),
        due_at=now + timedelta(hours=2),
    )
    scheduler = scheduler_of(app)

    early = await scheduler.tick()
    clock.advance(hours=1)
    on_time = await scheduler.tick()
    again = await scheduler.tick()

    assert (early.reminders, on_time.reminders, again.reminders) == (0, 1, 0)
    clock.advance(hours=-1)  # back to when the access tokens were issued
    assert await _kinds(api, seller.access_token) == [("TASK_REMINDER", crm.gid(task))]
    assert await _kinds(api, manager.access_token) == []


async def test_an_overdue_task_is_notified_once_and_a_finished_one_never(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    due = clock.now() + timedelta(hours=1)
    late = await crm.task(seller.user, title="late", due_at=due)
    await crm.task(seller.user, title="done in time", due_at=due, status="done")
    await crm.task(seller.user, title="dropped", due_at=due, status="cancelled")
    scheduler = scheduler_of(app)

    clock.advance(hours=1, seconds=1)
    first = await scheduler.tick()
    clock.advance(days=1)
    later = await scheduler.tick()

    assert (first.overdue, later.overdue) == (1, 0)
    # Nobody is assigned: the owner is told.
    clock.advance(days=-1, hours=-1, seconds=-1)  # back to when the access token was issued
    assert await _kinds(api, seller.access_token) == [("TASK_OVERDUE", crm.gid(late))]


async def test_moving_the_reminder_arms_it_again_and_resaving_it_does_not(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    task = await crm.task(seller.user, assignee=seller.user, remind_at=clock.now())
    scheduler = scheduler_of(app)
    assert (await scheduler.tick()).reminders == 1
    same = clock.now().isoformat()
    later = (clock.now() + timedelta(hours=3)).isoformat()

    await api.ok(
        UPDATE, {"input": {"id": crm.gid(task), "remindAt": same}}, token=seller.access_token
    )
    resaved = await scheduler.tick()
    await api.ok(
        UPDATE, {"input": {"id": crm.gid(task), "remindAt": later}}, token=seller.access_token
    )
    clock.advance(minutes=1)
    early = await scheduler.tick()
    clock.advance(hours=3)
    moved = await scheduler.tick()

    assert (resaved.reminders, early.reminders, moved.reminders) == (0, 0, 1)
    assert await Notification.filter(kind=TASK_REMINDER).count() == 2


async def test_two_schedulers_at_once_send_each_notice_exactly_once(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    owner = await signed_in(api, "owner")
    now = clock.now()
    tasks = [
        await crm.task(
            owner.user,
            title=f"T{i}",
            assignee=seller.user,
            remind_at=now - timedelta(minutes=i),
            due_at=now - timedelta(seconds=i),
        )
        for i in range(24)
    ]

    # Small batches, so both take many turns at the same rows (on PostgreSQL each on its own
    # connection, claiming with SKIP LOCKED and a conditional update).
    results = await asyncio.gather(*(send_due(batch=3) for _ in range(3)))

    assert sum(r.reminders for r in results) == len(tasks)
    assert sum(r.overdue for r in results) == len(tasks)
    for kind in (TASK_REMINDER, TASK_OVERDUE):
        per_task = await Notification.filter(kind=kind).values_list("subject_id", flat=True)
        assert sorted(per_task) == sorted(t.id for t in tasks), kind


async def test_assigning_a_task_to_someone_else_tells_them(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")

    made = await api.ok(
        CREATE,
        {"input": {"title": "Call", "assigneeId": crm.gid(seller.user)}},
        token=manager.access_token,
    )
    task_id = made["taskCreate"]["id"]
    await api.ok(UPDATE, {"input": {"id": task_id, "title": "Call!"}}, token=manager.access_token)
    await api.ok(
        UPDATE,
        {"input": {"id": task_id, "assigneeId": crm.gid(colleague.user)}},
        token=manager.access_token,
    )
    await api.ok(
        CREATE,
        {"input": {"title": "Mine", "assigneeId": crm.gid(manager.user)}},
        token=manager.access_token,
    )

    assert await _kinds(api, seller.access_token) == [("TASK_ASSIGNED", task_id)]
    assert await _kinds(api, colleague.access_token) == [("TASK_ASSIGNED", task_id)]
    assert await _kinds(api, manager.access_token) == []
