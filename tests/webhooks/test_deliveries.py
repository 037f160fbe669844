"""Deliveries to a real local receiver: signed per Standard Webhooks, once per endpoint and in
order per record, retried with a doubling backoff, the endpoint disabled (its owner told) after
failures in a row, sent again on request, and signed by both secrets during a rotation's
overlap. Time is a frozen clock the tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from standardwebhooks import Webhook as StandardWebhook
from starlette.applications import Starlette

from models.clock import FrozenClock
from server.settings import Settings
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.webhooks.support import (
    ALLOW_LOCAL,
    DEAL_UPDATE,
    REDELIVER,
    ROTATE,
    WEBHOOKS,
    Receiver,
    create_webhook,
    deliver,
    deliveries,
    new_deal,
    receiving,
    runner,
)

NOTIFICATIONS = "query { notifications(first: 10) { edges { node { kind text } } } }"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # Access tokens outlast the hours the tests move the clock by.
    return {**ALLOW_LOCAL, "webhook_disable_after": 3, "access_token_minutes": 600}


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as found:
        yield found


async def test_a_committed_deal_reaches_the_receiver_signed_per_standard_webhooks(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])
    deal_id = await new_deal(api, owner.access_token, await crm.pipeline(), "1200")

    await deliver(app, runner(settings))

    (request,) = receiver.received
    # The reference library checks the signature and that the timestamp is now.
    body = StandardWebhook(hook["secret"]).verify(request.body, request.headers)
    assert body["type"] == "deal.created"
    assert body["data"]["id"] == deal_id
    assert body["data"]["record"]["title"] == "Big order"
    assert body["data"]["record"]["amount"] == "1200.00"
    assert body["data"]["record"]["currency"] == "EUR"
    (logged,) = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    assert (logged["status"], logged["attempts"], logged["responseCode"]) == ("SUCCEEDED", 1, 200)
    assert logged["messageId"] == request.headers["webhook-id"]
    assert logged["durationMs"] >= 0 and logged["error"] is None


async def test_a_failed_delivery_is_retried_after_a_doubling_backoff_and_holds_back_later_ones(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(
        api, owner.access_token, receiver.url, ["DEAL"], ["CREATED", "UPDATED"]
    )
    deal_id = await new_deal(api, owner.access_token, await crm.pipeline(), "100")
    for title in ("Second", "Third"):
        await api.ok(
            DEAL_UPDATE, {"input": {"id": deal_id, "title": title}}, token=owner.access_token
        )
    receiver.answers = [500, 503]
    start = clock.now()
    work = runner(settings)

    await deliver(app, work)
    after_one = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    clock.advance(seconds=29)
    await deliver(app, work)
    sent_before_backoff = len(receiver.received)
    clock.advance(seconds=1)
    await deliver(app, work)
    after_two = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    clock.advance(seconds=60)
    await deliver(app, work)

    # Newest first: the two updates waited behind the failing creation.
    first = after_one[-1]
    assert (first["status"], first["attempts"], first["responseCode"]) == ("PENDING", 1, 500)
    assert datetime.fromisoformat(first["nextAttemptAt"]) == start + timedelta(seconds=30)
    assert [d["attempts"] for d in after_one[:2]] == [0, 0]
    assert sent_before_backoff == 1
    assert datetime.fromisoformat(after_two[-1]["nextAttemptAt"]) == start + timedelta(seconds=90)
    assert receiver.types == ["deal.created"] * 3 + ["deal.updated"] * 2
    assert [r.json["data"]["record"]["title"] for r in receiver.received[3:]] == ["Second", "Third"]
    # A retry is the same message: one webhook-id for the three tries of the creation.
    assert len({r.headers["webhook-id"] for r in receiver.received[:3]}) == 1
    final = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    assert [d["status"] for d in final] == ["SUCCEEDED"] * 3


async def test_an_endpoint_that_keeps_failing_is_disabled_and_its_owner_told(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])
    await new_deal(api, owner.access_token, await crm.pipeline(), "100")
    receiver.answers = [500] * 10
    work = runner(settings)

    await deliver(app, work)
    clock.advance(seconds=30)
    await deliver(app, work)
    clock.advance(seconds=60)
    await deliver(app, work)
    clock.advance(minutes=10)
    await deliver(app, work)

    assert len(receiver.received) == 3  # the limit is 3 failures in a row: nothing after
    (listed,) = [
        e["node"] for e in (await api.ok(WEBHOOKS, token=owner.access_token))["webhooks"]["edges"]
    ]
    assert listed["enabled"] is False
    assert listed["disabledReason"] == "3 failed deliveries in a row"
    (logged,) = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    assert (logged["status"], logged["attempts"], logged["responseCode"]) == ("FAILED", 3, 500)
    notes = (await api.ok(NOTIFICATIONS, token=owner.access_token))["notifications"]["edges"]
    assert [n["node"]["kind"] for n in notes] == ["WEBHOOK_DISABLED"]
    assert receiver.url in notes[0]["node"]["text"]


async def test_a_delivery_is_given_up_once_its_retry_window_has_passed(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])
    await new_deal(api, owner.access_token, await crm.pipeline(), "100")
    receiver.answers = [500] * 10
    # An hour's window with a 20-minute first wait: tries at 0, 20 and 60 minutes, then none.
    work = runner(
        settings, webhook_retry_hours=1, webhook_backoff_seconds=1200, webhook_disable_after=50
    )

    await deliver(app, work)
    clock.advance(minutes=20)
    await deliver(app, work)
    clock.advance(minutes=40)
    await deliver(app, work)

    (logged,) = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    assert (logged["status"], logged["attempts"]) == ("FAILED", 3)
    assert len(receiver.received) == 3


async def test_redeliver_sends_a_delivery_again_with_the_same_id_and_body(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])
    await new_deal(api, owner.access_token, await crm.pipeline(), "100")
    work = runner(settings)
    await deliver(app, work)
    (logged,) = await deliveries(api, owner.access_token, hook["webhook"]["id"])

    again = await api.ok(REDELIVER, {"id": logged["id"]}, token=owner.access_token)
    await deliver(app, work)

    assert again["webhookRedeliver"]["status"] == "PENDING"
    first, second = receiver.received
    assert second.body == first.body
    assert second.headers["webhook-id"] == first.headers["webhook-id"]
    assert second.signed_by(hook["secret"])
    (logged,) = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    assert (logged["status"], logged["attempts"]) == ("SUCCEEDED", 2)


async def test_both_secrets_sign_during_a_rotations_overlap_and_only_the_new_one_after(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(
        api, owner.access_token, receiver.url, ["DEAL"], ["CREATED", "UPDATED"]
    )
    old = hook["secret"]
    deal_id = await new_deal(api, owner.access_token, await crm.pipeline(), "100")
    work = runner(settings)
    await deliver(app, work)

    rotated = await api.ok(
        ROTATE, {"id": hook["webhook"]["id"], "hours": 1}, token=owner.access_token
    )
    new = rotated["webhookRotateSecret"]["secret"]
    await api.ok(
        DEAL_UPDATE, {"input": {"id": deal_id, "title": "During"}}, token=owner.access_token
    )
    await deliver(app, work)
    clock.advance(hours=1, seconds=1)
    await api.ok(
        DEAL_UPDATE, {"input": {"id": deal_id, "title": "After"}}, token=owner.access_token
    )
    await deliver(app, work)

    before, during, after = receiver.received
    assert new != old and new.startswith("whsec_")
    assert datetime.fromisoformat(
        rotated["webhookRotateSecret"]["previousValidUntil"]
    ) == clock.now() - timedelta(seconds=1)
    assert (before.signed_by(old), before.signed_by(new)) == (True, False)
    assert (during.signed_by(old), during.signed_by(new)) == (True, True)
    assert (after.signed_by(old), after.signed_by(new)) == (False, True)
