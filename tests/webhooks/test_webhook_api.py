"""The webhook operations as clients meet them: payloads cut to the endpoint owner's role,
server-side request forgery refused (at registration and at each send), inputs checked before
anything is written, and every operation denied to a role without the webhook grant."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.applications import Starlette

from auth.roles import ensure_role_templates
from models.clock import FrozenClock
from server.settings import Settings
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, grant
from tests.webhooks.support import (
    ALLOW_LOCAL,
    CREATE,
    DELETE,
    DELIVERIES,
    REDELIVER,
    ROTATE,
    UPDATE,
    WEBHOOKS,
    Receiver,
    create_webhook,
    deliver,
    deliveries,
    new_deal,
    receiving,
    runner,
)

CRUD = ("create", "read", "update", "delete")
FIELDS = ("url", "description", "objects", "events", "enabled", "disabledReason", "owner")
WRITE_ALL = {**dict.fromkeys(FIELDS, "write"), "disabledReason": "read", "owner": "read"}
READ_ALL = dict.fromkeys(FIELDS, "read")


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(ALLOW_LOCAL)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as found:
        yield found


async def test_a_marketing_owned_endpoint_gets_deals_without_their_amounts(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    # Given a Marketing role that may also register webhooks, and an owner's endpoint beside it
    marketing = dict((await ensure_role_templates())["marketing"].permissions)
    await custom_role(
        "Marketing Hooks", 40, {**marketing, "webhook": grant(CRUD, fields=WRITE_ALL)}
    )
    marketer = await signed_in(api, "Marketing Hooks", email="marketer@acme.test")
    owner = await signed_in(api, "owner")
    await create_webhook(api, marketer.access_token, receiver.url, ["DEAL"], ["CREATED"])
    await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])

    await new_deal(api, owner.access_token, await crm.pipeline(), "1200")
    await deliver(app, runner(settings))

    records = {r.headers["webhook-id"]: r.json["data"]["record"] for r in receiver.received}
    marketing_body, owner_body = (records[k] for k in sorted(records))
    assert owner_body["amount"] == "1200.00"
    assert marketing_body["title"] == "Big order"
    assert not {"amount", "currency", "cost", "margin", "lineItems"} & set(marketing_body)


async def test_a_private_address_is_refused_with_a_code_and_nothing_is_written(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    before = await audit_count()
    refused = []
    for url in (
        "http://10.0.0.5/hook",
        "https://192.168.1.20/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/hook",
        "http://127.0.0.2/hook",  # loopback, but not the allowed 127.0.0.1
        "http://[::ffff:10.0.0.1]/hook",
    ):
        error = await api.error(
            CREATE,
            {"input": {"url": url, "objects": ["DEAL"], "events": ["CREATED"]}},
            token=owner.access_token,
        )
        refused.append((error["extensions"]["code"], error["extensions"]["reason"]))

    assert refused == [("BAD_USER_INPUT", "PRIVATE_ADDRESS")] * 6
    listed = await api.ok(WEBHOOKS, token=owner.access_token)
    assert listed["webhooks"]["totalCount"] == 0
    assert await audit_count() == before


async def test_an_address_is_checked_again_when_it_is_sent_to(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    # Given an endpoint registered while its address was allowed
    owner = await signed_in(api, "owner")
    hook = await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])
    await new_deal(api, owner.access_token, await crm.pipeline(), "10")

    # When the server that sends no longer allows it (as after a DNS answer changed)
    await deliver(app, runner(settings, webhook_allowed_networks=[]))

    # Then nothing reaches the address, and the log says why
    assert receiver.received == []
    (logged,) = await deliveries(api, owner.access_token, hook["webhook"]["id"])
    assert (logged["status"], logged["attempts"], logged["responseCode"]) == ("PENDING", 1, None)
    assert "non-public addresses (127.0.0.1)" in logged["error"]


# Nothing private allowed here: localhost resolves to loopback addresses.
@pytest.mark.parametrize("settings_overrides", [{"jobs_in_process": False}])
async def test_a_host_name_is_judged_by_the_addresses_it_resolves_to(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")

    error = await api.error(
        CREATE,
        {"input": {"url": "http://localhost:9/hook", "objects": ["DEAL"], "events": ["CREATED"]}},
        token=owner.access_token,
    )

    assert (error["extensions"]["code"], error["extensions"]["reason"]) == (
        "BAD_USER_INPUT",
        "PRIVATE_ADDRESS",
    )


@pytest.mark.parametrize(
    ("given", "field", "reason"),
    [
        ({"url": "ftp://example.com/hook"}, "url", "INVALID_URL"),
        ({"url": "file:///etc/passwd"}, "url", "INVALID_URL"),
        ({"url": "https://user:pw@example.com/"}, "url", "INVALID_URL"),
        ({"url": "not a url"}, "url", "INVALID_URL"),
        ({"objects": []}, "objects", None),
        ({"events": []}, "events", None),
        ({"description": "x" * 201}, "description", None),
    ],
)
async def test_bad_input_is_refused_before_anything_is_written(
    api: GraphQLClient, app: Starlette, given: dict[str, Any], field: str, reason: str | None
) -> None:
    owner = await signed_in(api, "owner")
    before = await audit_count()
    values = {"url": "http://127.0.0.1:9/hook", "objects": ["DEAL"], "events": ["CREATED"]}

    error = await api.error(CREATE, {"input": {**values, **given}}, token=owner.access_token)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    assert error["extensions"].get("reason") == reason
    assert await audit_count() == before


async def test_an_unknown_event_kind_is_refused_by_the_schema(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    values = {"url": "http://127.0.0.1:9/hook", "objects": ["DEAL"], "events": ["EXPLODED"]}

    result = await api.execute(CREATE, {"input": values}, token=owner.access_token)

    assert result.data is None
    assert "EXPLODED" in result.errors[0]["message"]
    assert (await api.ok(WEBHOOKS, token=owner.access_token))["webhooks"]["totalCount"] == 0


async def test_an_update_and_a_rotation_are_checked_like_a_creation(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(
        api, owner.access_token, "http://127.0.0.1:9/hook", ["DEAL"], ["CREATED"]
    )
    hook_id = hook["webhook"]["id"]

    private = await api.error(
        UPDATE, {"input": {"id": hook_id, "url": "http://10.1.2.3/"}}, token=owner.access_token
    )
    cleared = await api.error(
        UPDATE, {"input": {"id": hook_id, "objects": None}}, token=owner.access_token
    )
    too_long = await api.error(ROTATE, {"id": hook_id, "hours": 169}, token=owner.access_token)
    stale = await api.error(
        UPDATE,
        {"input": {"id": hook_id, "expectedVersion": 7, "enabled": False}},
        token=owner.access_token,
    )

    assert private["extensions"]["reason"] == "PRIVATE_ADDRESS"
    assert (cleared["extensions"]["code"], cleared["extensions"]["field"]) == (
        "BAD_USER_INPUT",
        "objects",
    )
    assert too_long["extensions"]["field"] == "overlapHours"
    assert stale["extensions"]["code"] == "CONFLICT"
    (listed,) = (await api.ok(WEBHOOKS, token=owner.access_token))["webhooks"]["edges"]
    assert (listed["node"]["url"], listed["node"]["enabled"]) == ("http://127.0.0.1:9/hook", True)


async def test_an_admin_updates_and_deletes_a_webhook(api: GraphQLClient, app: Starlette) -> None:
    admin = await signed_in(api, "admin")
    hook = await create_webhook(
        api, admin.access_token, "http://127.0.0.1:9/hook", ["DEAL"], ["CREATED"]
    )
    hook_id = hook["webhook"]["id"]

    updated = await api.ok(
        UPDATE,
        {"input": {"id": hook_id, "objects": ["CONTACT", "DEAL"], "events": ["UPDATED"]}},
        token=admin.access_token,
    )
    deleted = await api.ok(DELETE, {"id": hook_id}, token=admin.access_token)

    assert hook["webhook"]["owner"]["email"] == admin.email
    assert updated["webhookUpdate"]["objects"] == ["contact", "deal"]
    assert updated["webhookUpdate"]["events"] == ["updated"]
    assert deleted["webhookDelete"] is True
    assert (await api.ok(WEBHOOKS, token=admin.access_token))["webhooks"]["totalCount"] == 0


async def test_every_webhook_operation_is_denied_without_the_webhook_grant(
    api: GraphQLClient, app: Starlette, settings: Settings, receiver: Receiver, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(api, owner.access_token, receiver.url, ["DEAL"], ["CREATED"])
    hook_id = hook["webhook"]["id"]
    await new_deal(api, owner.access_token, await crm.pipeline(), "10")
    await deliver(app, runner(settings))
    (logged,) = await deliveries(api, owner.access_token, hook_id)
    seller = await signed_in(api, "salesperson")
    before = await audit_count()

    attempts = {
        "webhooks": (WEBHOOKS, {}),
        "webhookDeliveries": (DELIVERIES, {"id": hook_id}),
        "webhookCreate": (
            CREATE,
            {"input": {"url": receiver.url, "objects": ["DEAL"], "events": ["CREATED"]}},
        ),
        "webhookUpdate": (UPDATE, {"input": {"id": hook_id, "enabled": False}}),
        "webhookDelete": (DELETE, {"id": hook_id}),
        "webhookRotateSecret": (ROTATE, {"id": hook_id}),
        "webhookRedeliver": (REDELIVER, {"id": logged["id"]}),
    }
    codes = {}
    for name, (document, variables) in attempts.items():
        error = await api.error(document, variables, token=seller.access_token)
        codes[name] = error["extensions"]["code"]

    assert codes == dict.fromkeys(attempts, "FORBIDDEN")
    assert await audit_count() == before
    assert len(receiver.received) == 1
    (still,) = (await api.ok(WEBHOOKS, token=owner.access_token))["webhooks"]["edges"]
    assert still["node"]["enabled"] is True


async def test_a_role_that_may_only_read_webhooks_may_not_write_them(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    hook = await create_webhook(
        api, owner.access_token, "http://127.0.0.1:9/hook", ["DEAL"], ["CREATED"]
    )
    await custom_role("Hook Reader", 40, {"webhook": grant(("read",), fields=READ_ALL)})
    reader = await signed_in(api, "Hook Reader", email="reader@acme.test")

    listed = await api.ok(WEBHOOKS, token=reader.access_token)
    create = await api.error(
        CREATE,
        {"input": {"url": "http://127.0.0.1:9/x", "objects": ["DEAL"], "events": ["CREATED"]}},
        token=reader.access_token,
    )
    rotate = await api.error(ROTATE, {"id": hook["webhook"]["id"]}, token=reader.access_token)

    assert listed["webhooks"]["totalCount"] == 1
    assert create["extensions"]["code"] == rotate["extensions"]["code"] == "FORBIDDEN"


async def test_the_secret_is_shown_once_and_is_no_field_of_a_webhook(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    await create_webhook(api, owner.access_token, "http://127.0.0.1:9/hook", ["DEAL"], ["CREATED"])

    result = await api.execute(
        "query { webhooks { edges { node { secret } } } }", token=owner.access_token
    )

    assert result.data is None
    assert "secret" in result.errors[0]["message"]
