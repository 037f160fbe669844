"""Arranging campaigns as a client does (GraphQL), a local HTTP stub of the SMS provider, and
running the send job with a worker as ``tandem worker`` makes it."""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from models.contact import Contact
from models.user import User
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from tests.support.smtp import Inbox, SmtpServer

TEMPLATE_CREATE = """mutation($in: MessageTemplateCreateInput!) {
  messageTemplateCreate(input: $in) { id name channel version variants { language subject body } }
}"""
CAMPAIGN_CREATE = """mutation($in: CampaignCreateInput!) {
  campaignCreate(input: $in) { id name channel state }
}"""
SEND = "mutation($id: ID!) { campaignSend(id: $id) { id state } }"
PAUSE = "mutation($id: ID!) { campaignPause(id: $id) { id state } }"
CANCEL = "mutation($id: ID!) { campaignCancel(id: $id) { id state } }"
SCHEDULE = """mutation($in: CampaignScheduleInput!) {
  campaignSchedule(input: $in) { id state scheduledAt }
}"""
CAMPAIGN = """query { campaigns(first: 10) { edges { node {
  id name state queued sent failed skipped finishedAt
} } } }"""
DELIVERIES = """query($id: ID!, $state: DeliveryState) {
  campaignDeliveries(campaignId: $id, state: $state, first: 500) {
    totalCount edges { node { contactId address state reason } }
  }
}"""
SEGMENT_CREATE = """mutation($in: SegmentInput!) { segmentCreate(input: $in) { id } }"""

HELLO = {
    "language": "EN",
    "subject": "Hello {{ contact.firstName }}",
    "body": "Dear {{ contact.firstName }}, news for you.",
}
HOLA = {
    "language": "ES",
    "subject": "Hola {{ contact.firstName }}",
    "body": "Querido {{ contact.firstName }}, novedades.",
}


async def person(owner: User, first: str, **values: Any) -> Contact:
    values.setdefault("email", f"{first.lower()}@example.test")
    values.setdefault("phone", None)
    return await Contact.create(owner=owner, first_name=first, last_name="Doe", **values)


async def template(
    api: GraphQLClient, token: str, channel: str = "EMAIL", variants: list[Any] | None = None
) -> str:
    data = await api.ok(
        TEMPLATE_CREATE,
        {"in": {"name": "News", "channel": channel, "variants": variants or [HELLO, HOLA]}},
        token=token,
    )
    return str(data["messageTemplateCreate"]["id"])


async def campaign_to(api: GraphQLClient, token: str, template_id: str, **audience: Any) -> str:
    data = await api.ok(
        CAMPAIGN_CREATE,
        {"in": {"name": "Spring", "templateId": template_id, **audience}},
        token=token,
    )
    return str(data["campaignCreate"]["id"])


async def deliveries(
    api: GraphQLClient, token: str, campaign_id: str, state: str | None = None
) -> list[dict[str, Any]]:
    data = await api.ok(DELIVERIES, {"id": campaign_id, "state": state}, token=token)
    return [e["node"] for e in data["campaignDeliveries"]["edges"]]


async def the_campaign(api: GraphQLClient, token: str) -> dict[str, Any]:
    (edge,) = (await api.ok(CAMPAIGN, token=token))["campaigns"]["edges"]
    return dict(edge["node"])


@dataclass
class SmsStub:
    """What the stub provider received; ``fail_for``: numbers it answers 500 for."""

    url: str = ""
    received: list[dict[str, str]] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    fail_for: set[str] = field(default_factory=set)


@asynccontextmanager
async def sms_provider() -> AsyncIterator[SmsStub]:
    """A local HTTP server shaped like a common SMS REST API (form POST, basic auth)."""
    stub = SmsStub()

    async def messages(request: Request) -> JSONResponse:
        form = await request.form()
        message = {k: str(v) for k, v in form.items()}
        stub.auth.append(request.headers.get("authorization", ""))
        stub.keys.append(request.headers.get("idempotency-key", ""))
        if message.get("To") in stub.fail_for:
            return JSONResponse({"message": "invalid number"}, status_code=500)
        stub.received.append(message)
        return JSONResponse({"sid": f"SM{len(stub.received)}", "status": "queued"}, status_code=201)

    app = Starlette(routes=[Route("/Messages.json", messages, methods=["POST"])])
    async with serve(app) as base:
        stub.url = f"{base}/Messages.json"
        yield stub


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class StallingInbox(Inbox):
    """An inbox whose server hangs on the ``stall_at``-th message (1-based) until released,
    then refuses it (451): the message a dying worker had in flight was never accepted."""

    def __init__(self, stall_at: int) -> None:
        super().__init__()
        self.stall_at = stall_at
        self.seen = 0
        self.reached = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.seen += 1
        if self.seen == self.stall_at:
            self.reached.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 Requested action aborted"
        return await super().handle_DATA(server, session, envelope)


class StallingSmtp(SmtpServer):
    def __init__(self, stall_at: int) -> None:
        self.stalling = StallingInbox(stall_at)
        super().__init__(self.stalling)
