"""Scale-out: two `tandem serve` processes on one database and one Redis.

A change made through one process reaches a subscriber connected to the other, through the
broker (the processes' outbox poll is switched off, so nothing else could carry it).
"""

from __future__ import annotations

import os

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import TEST_SECRET
from tests.support import crm
from tests.support.accounts import LOGIN, make_user
from tests.support.processes import tandem_servers
from tests.support.subscriber import subscribed

# Each test starts two server processes: on a loaded machine that alone can take a minute.
pytestmark = pytest.mark.timeout(300)

# The machine's Redis on both backends: memory:// cannot cross processes.
REDIS_URL = (
    os.environ.get("TANDEM_TEST_BROADCAST_URL", "").startswith("redis://")
    and os.environ["TANDEM_TEST_BROADCAST_URL"]
) or "redis://127.0.0.1:6379/0"
EVENTS = """
subscription {
  recordEvents(objects: [DEAL], after: "0") { cursor kind record { ... on Deal { title } } }
}
"""
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"


async def _graphql(
    url: str, query: str, variables: dict[str, object], token: str | None = None
) -> dict[str, object]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


async def test_a_change_on_one_process_reaches_a_subscriber_on_the_other(
    app: Starlette, database_url: str
) -> None:
    owner = await make_user("owner")
    stage = await crm.first_stage(await crm.pipeline())

    async with tandem_servers(
        2, database_url=database_url, broadcast_url=REDIS_URL, secret_key=TEST_SECRET
    ) as (first, second):
        login = await _graphql(first, LOGIN, {"email": owner.email, "password": owner.password})
        token = login["login"]["accessToken"]  # type: ignore[index]
        ws_second = second.replace("http://", "ws://") + "/graphql"
        async with subscribed(ws_second, token, EVENTS) as heard:
            for title in ("Replayed or live", "Live through Redis"):
                await _graphql(
                    first, CREATE, {"input": {"title": title, "stageId": crm.gid(stage)}}, token
                )
                event = (await heard.next())["recordEvents"]
                assert event["kind"] == "CREATED"
                assert event["record"] == {"title": title}


RESUME = """
subscription($after: String) {
  recordEvents(objects: [DEAL], after: $after) { cursor kind record { ... on Deal { title } } }
}
"""


async def test_a_subscriber_resumes_on_the_other_process_without_gap_or_duplicate(
    app: Starlette, database_url: str
) -> None:
    owner = await make_user("owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))

    async with tandem_servers(
        2, database_url=database_url, broadcast_url=REDIS_URL, secret_key=TEST_SECRET
    ) as (first, second):
        login = await _graphql(first, LOGIN, {"email": owner.email, "password": owner.password})
        token = login["login"]["accessToken"]  # type: ignore[index]

        async def create(title: str) -> None:
            await _graphql(first, CREATE, {"input": {"title": title, "stageId": stage}}, token)

        ws_first = first.replace("http://", "ws://") + "/graphql"
        ws_second = second.replace("http://", "ws://") + "/graphql"
        async with subscribed(ws_first, token, RESUME, {"after": "0"}) as heard:
            await create("one")
            cursor = (await heard.next())["recordEvents"]["cursor"]
        # Disconnected: two changes happen meanwhile; the client comes back to the other process.
        await create("two")
        await create("three")
        async with subscribed(ws_second, token, RESUME, {"after": cursor}) as heard:
            await create("four")
            titles = [(await heard.next())["recordEvents"]["record"]["title"] for _ in range(3)]

    assert titles == ["two", "three", "four"]


WATCH = """
subscription($id: ID!) { presence(resourceId: $id) { present { state user { email } } } }
"""
BEAT = """
mutation($id: ID!) { presenceHeartbeat(resourceId: $id, state: EDITING) }
"""


async def test_presence_is_shared_between_processes(app: Starlette, database_url: str) -> None:
    owner = await make_user("owner")
    deal = crm.gid(await crm.deal(owner.user, await crm.department("Sales")))

    async with tandem_servers(
        2, database_url=database_url, broadcast_url=REDIS_URL, secret_key=TEST_SECRET
    ) as (first, second):
        login = await _graphql(first, LOGIN, {"email": owner.email, "password": owner.password})
        token = login["login"]["accessToken"]  # type: ignore[index]
        ws_second = second.replace("http://", "ws://") + "/graphql"
        async with subscribed(ws_second, token, WATCH, {"id": deal}) as heard:
            assert (await heard.next())["presence"]["present"] == []
            await _graphql(first, BEAT, {"id": deal}, token)
            present = (await heard.next())["presence"]["present"]

    assert present == [{"state": "EDITING", "user": {"email": owner.email}}]
