"""Tasks: planning, assignment (the assignee shares the own scope), completion, reminders."""

from __future__ import annotations

from datetime import timedelta

from models import clock
from models.task import Task
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

CREATE = """
mutation($input: TaskCreateInput!) {
  taskCreate(input: $input) {
    id title status priority labels creator { email } assignee { email }
    linkedRecord { id ... on Deal { title } }
  }
}
"""
UPDATE = "mutation($input: TaskUpdateInput!) { taskUpdate(input: $input) { id title version } }"
COMPLETE = """
mutation($input: TaskCompleteInput!) { taskComplete(input: $input) { status completedAt version } }
"""
DELETE = "mutation($id: ID!) { taskDelete(id: $id) }"
LIST = """
query($filter: TaskFilter) { tasks(filter: $filter) { totalCount edges { node { title } } } }
"""


async def test_a_manager_assigns_a_task_about_a_deal(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    sales = await crm.department("Sales")
    deal = await crm.deal(seller.user, sales, title="Renewal")

    data = await api.ok(
        CREATE,
        {
            "input": {
                "title": "Call the buyer",
                "assigneeId": crm.gid(seller.user),
                "linkedRecordId": crm.gid(deal),
                "labels": ["renewal", " renewal ", "vip"],
                "priority": "high",
            }
        },
        token=manager.access_token,
    )

    task = data["taskCreate"]
    assert task["creator"] == {"email": manager.email}
    assert task["assignee"] == {"email": seller.email}
    assert task["linkedRecord"] == {"id": crm.gid(deal), "title": "Renewal"}
    assert task["labels"] == ["renewal", "vip"]
    assert (task["status"], task["priority"]) == ("open", "high")


async def test_own_scope_includes_tasks_assigned_to_me(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing", department="Marketing")
    boss = await signed_in(api, "owner")
    assigned = await crm.task(boss.user, title="Assigned to marketer", assignee=marketer.user)
    await crm.task(boss.user, title="Not mine")

    listed = await api.ok(LIST, token=marketer.access_token)
    updated = await api.execute(
        UPDATE,
        {"input": {"id": crm.gid(assigned), "title": "Done soon"}},
        token=marketer.access_token,
    )

    assert [e["node"]["title"] for e in listed["tasks"]["edges"]] == ["Assigned to marketer"]
    assert updated.codes == []


async def test_a_task_outside_my_scope_is_not_found_and_not_writable(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing", department="Marketing")
    boss = await signed_in(api, "owner")
    other = await crm.task(boss.user, title="Not mine")

    updated = await api.execute(
        UPDATE, {"input": {"id": crm.gid(other), "title": "Hijack"}}, token=marketer.access_token
    )
    deleted = await api.execute(DELETE, {"id": crm.gid(other)}, token=marketer.access_token)

    assert updated.codes == ["NOT_FOUND"]
    assert deleted.codes == ["NOT_FOUND"]
    assert (await Task.get(id=other.id)).title == "Not mine"


async def test_a_reminder_after_the_due_time_is_bad_input_on_create_and_update(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    due = clock.now() + timedelta(days=1)
    late = (due + timedelta(hours=1)).isoformat()
    task = await crm.task(owner.user, due_at=due)

    created = await api.error(
        CREATE,
        {"input": {"title": "X", "dueAt": due.isoformat(), "remindAt": late}},
        token=owner.access_token,
    )
    updated = await api.error(
        UPDATE, {"input": {"id": crm.gid(task), "remindAt": late}}, token=owner.access_token
    )

    for error in (created, updated):
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "remindAt"}
    assert await Task.all().count() == 1
    assert (await Task.get(id=task.id)).remind_at is None


async def test_linking_a_record_the_caller_cannot_see_is_bad_input(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    hidden = await crm.deal(outsider.user, await crm.department("Marketing"))
    product_like = await crm.pipeline()

    for target in (hidden, product_like):
        error = await api.error(
            CREATE,
            {"input": {"title": "X", "linkedRecordId": crm.gid(target)}},
            token=seller.access_token,
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "linkedRecordId"}
    assert await Task.all().count() == 0


async def test_completing_sets_status_and_time_and_honours_the_version(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    task = await crm.task(seller.user, await crm.department("Sales"))

    stale = await api.error(
        COMPLETE, {"input": {"id": crm.gid(task), "expectedVersion": 3}}, token=seller.access_token
    )
    done = await api.ok(
        COMPLETE, {"input": {"id": crm.gid(task), "expectedVersion": 1}}, token=seller.access_token
    )

    assert stale["extensions"] == {"code": "CONFLICT", "currentVersion": 1}
    assert done["taskComplete"]["status"] == "done"
    assert done["taskComplete"]["completedAt"] is not None
    assert done["taskComplete"]["version"] == 2


async def test_read_only_may_not_complete_a_task(api: GraphQLClient) -> None:
    reader = await signed_in(api, "read_only")
    task = await crm.task(reader.user)

    result = await api.execute(
        COMPLETE, {"input": {"id": crm.gid(task)}}, token=reader.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    assert (await Task.get(id=task.id)).status == "open"


async def test_overdue_and_due_before_filters(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    now = clock.now()
    await crm.task(owner.user, title="late", due_at=now - timedelta(hours=2))
    await crm.task(
        owner.user, title="late but done", due_at=now - timedelta(hours=2), status="done"
    )
    await crm.task(owner.user, title="soon", due_at=now + timedelta(hours=2))
    await crm.task(owner.user, title="someday")

    overdue = await api.ok(LIST, {"filter": {"overdue": True}}, token=owner.access_token)
    before = await api.ok(
        LIST,
        {"filter": {"dueBefore": (now + timedelta(days=1)).isoformat()}},
        token=owner.access_token,
    )

    assert [e["node"]["title"] for e in overdue["tasks"]["edges"]] == ["late"]
    assert {e["node"]["title"] for e in before["tasks"]["edges"]} == {
        "late",
        "late but done",
        "soon",
    }
