"""taskEvents over a real websocket: an assignee hears the tasks given to them, nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from tests.support.subscriber import subscribed

TASK_EVENTS = """
subscription($assigneeId: ID, $after: String) {
  taskEvents(assigneeId: $assigneeId, after: $after) {
    kind object changedFields record { ... on Task { title status } }
  }
}
"""
CREATE = "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }"
COMPLETE = "mutation($input: TaskCompleteInput!) { taskComplete(input: $input) { id } }"


@pytest.fixture
async def ws_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def test_an_assignee_hears_own_tasks_created_and_completed(
    api: GraphQLClient, ws_url: str
) -> None:
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson")
    other = await signed_in(api, "salesperson", email="other@acme.test")
    variables = {"assigneeId": crm.gid(seller.user), "after": "0"}

    async with subscribed(ws_url, seller.access_token, TASK_EVENTS, variables) as heard:
        for title, assignee in (("For someone else", other), ("For you", seller)):
            made = await api.ok(
                CREATE,
                {"input": {"title": title, "assigneeId": crm.gid(assignee.user)}},
                token=manager.access_token,
            )
        await api.ok(
            COMPLETE, {"input": {"id": made["taskCreate"]["id"]}}, token=manager.access_token
        )
        events = [(await heard.next())["taskEvents"] for _ in range(2)]

    created, completed = events
    assert (created["kind"], created["object"]) == ("CREATED", "TASK")
    assert created["record"] == {"title": "For you", "status": "open"}
    assert completed["kind"] == "UPDATED"
    assert set(completed["changedFields"]) == {"status", "completedAt"}
    assert completed["record"] == {"title": "For you", "status": "done"}


async def test_a_role_without_tasks_cannot_subscribe(api: GraphQLClient, ws_url: str) -> None:
    # Every template reads tasks; a custom role without them is refused.
    from models.access.role_templates import BY_KEY
    from models.role import Role

    permissions = {k: v for k, v in BY_KEY["read_only"].permissions.items() if k != "task"}
    role = await Role.create(name="No tasks", level=5, permissions=permissions)
    user = await signed_in(api, role)

    async with subscribed(ws_url, user.access_token, TASK_EVENTS, {}) as heard:
        with pytest.raises(Exception) as refused:
            await heard.next()

    assert "FORBIDDEN" in str(refused.value)
