"""Helpers of the webhook tests: a real HTTP receiver on 127.0.0.1 (uvicorn), the documents a
client sends, and a round of deliveries run by a worker the test drives (no sleeps: the
clock is frozen and moved by the test)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from standardwebhooks import Webhook as StandardWebhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from jobs.worker import Worker
from models.pipeline import Pipeline
from realtime.relay import Relay
from server.settings import Settings
from tests.jobs.support import worker
from tests.support import crm
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from webhooks.dispatch import request_dispatch

# The receiver listens on 127.0.0.1: the tests allow it (and nothing else private).
ALLOW_LOCAL = {"webhook_allowed_networks": ["127.0.0.1"], "jobs_in_process": False}

CREATE = """
mutation($input: WebhookCreateInput!) {
  webhookCreate(input: $input) {
    secret previousValidUntil
    webhook { id url objects events enabled description version owner { email } }
  }
}
"""
UPDATE = """
mutation($input: WebhookUpdateInput!) {
  webhookUpdate(input: $input) { id url objects events enabled disabledReason version }
}
"""
DELETE = "mutation($id: ID!) { webhookDelete(id: $id) }"
ROTATE = """
mutation($id: ID!, $hours: Int) {
  webhookRotateSecret(id: $id, overlapHours: $hours) { secret previousValidUntil webhook { id } }
}
"""
REDELIVER = "mutation($id: ID!) { webhookRedeliver(id: $id) { id status attempts } }"
WEBHOOKS = """
query { webhooks(first: 20) { totalCount edges { node {
  id url enabled disabledReason objects events owner { email }
} } } }
"""
DELIVERIES = """
query($id: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $id, filter: {status: $status}, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id type object recordId messageId status attempts responseCode durationMs error
      nextAttemptAt lastAttemptAt
    } }
  }
}
"""
DEAL_CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id version } }"
DEAL_UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id version } }"


@dataclass(slots=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        found: dict[str, Any] = orjson.loads(self.body)
        return found

    def signed_by(self, secret: str) -> bool:
        """Whether one of the request's signatures is the one ``secret`` makes (computed by the
        Standard Webhooks library, whatever the timestamp's age)."""
        at = datetime.fromtimestamp(int(self.headers["webhook-timestamp"]), UTC)
        expected = StandardWebhook(secret).sign(self.headers["webhook-id"], at, self.body)
        return expected in self.headers["webhook-signature"].split(" ")


@dataclass(slots=True)
class Receiver:
    """Answers each POST with the next of ``answers`` (then 200) and keeps what it got."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)

    async def _hook(self, request: Request) -> Response:
        self.received.append(Received(dict(request.headers), await request.body()))
        return Response(status_code=self.answers.pop(0) if self.answers else 200)

    @property
    def types(self) -> list[str]:
        return [r.json["type"] for r in self.received]


@asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = Starlette(routes=[Route("/hook", receiver._hook, methods=["POST"])])
    async with serve(app) as base:
        receiver.url = f"{base}/hook"
        yield receiver


async def deliver(app: Starlette, runner: Worker) -> int:
    """What a server does after commits, in the test's hands: relay the events, ask for the
    dispatch, run every job due now (dispatch, then the sends); how many jobs ran."""
    relay: Relay = app.state.relay
    # Not relay_once: the server's own relay may be numbering these events right now.
    await relay.drain()
    await request_dispatch()
    ran = 0
    while found := await runner.run_due():
        ran += found
    return ran


def runner(settings: Settings, **changes: Any) -> Worker:
    """A worker of the test's settings (with ``changes``), run by the test."""
    return worker(settings.model_copy(update=changes))


async def create_webhook(
    api: GraphQLClient, token: str, url: str, objects: list[str], events: list[str]
) -> dict[str, Any]:
    data = await api.ok(
        CREATE, {"input": {"url": url, "objects": objects, "events": events}}, token=token
    )
    created: dict[str, Any] = data["webhookCreate"]
    return created


async def deliveries(api: GraphQLClient, token: str, webhook_id: str) -> list[dict[str, Any]]:
    data = await api.ok(DELIVERIES, {"id": webhook_id}, token=token)
    return [e["node"] for e in data["webhookDeliveries"]["edges"]]


async def new_deal(api: GraphQLClient, token: str, pipe: Pipeline, amount: str) -> str:
    stage = crm.gid(await crm.first_stage(pipe))
    data = await api.ok(
        DEAL_CREATE,
        {"input": {"title": "Big order", "stageId": stage, "amount": amount}},
        token=token,
    )
    deal_id: str = data["dealCreate"]["id"]
    return deal_id
