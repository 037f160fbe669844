"""A caller cached by one `tandem serve` process is dropped when another process changes its
access: the change's event reaches it through Redis (the outbox poll and the safety nets are
switched off, so nothing else could)."""

from __future__ import annotations

import json
import os

import httpx
import pytest
import websockets
from starlette.applications import Starlette

from tests.accounts.test_websocket_auth import closed_with, open_socket
from tests.conftest import TEST_SECRET
from tests.support import crm
from tests.support.accounts import LOGIN, make_user
from tests.support.processes import tandem_servers

pytestmark = pytest.mark.timeout(300)

REDIS_URL = (
    os.environ.get("TANDEM_TEST_BROADCAST_URL", "").startswith("redis://")
    and os.environ["TANDEM_TEST_BROADCAST_URL"]
) or "redis://127.0.0.1:6379/0"
ME = "query { me { email } }"
DEACTIVATE = "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }"


async def _post(url: str, query: str, variables: dict[str, object], token: str = "") -> object:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    return json.loads(response.content)


async def _token(url: str, email: str, password: str) -> str:
    body = await _post(url, LOGIN, {"email": email, "password": password})
    return str(body["data"]["login"]["accessToken"])  # type: ignore[index]


async def test_a_deactivation_on_one_process_ends_the_caller_cached_by_the_other(
    app: Starlette, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TANDEM_PRINCIPAL_CACHE_SECONDS", "3600")
    monkeypatch.setenv("TANDEM_WS_RECHECK_SECONDS", "3600")
    owner = await make_user("owner")
    seller = await make_user("salesperson")
    async with tandem_servers(
        2, database_url=database_url, broadcast_url=REDIS_URL, secret_key=TEST_SECRET
    ) as (first, second):
        owner_token = await _token(first, owner.email, owner.password)
        seller_token = await _token(second, seller.email, seller.password)
        for _ in range(2):  # cached by the second process
            body = await _post(second, ME, {}, seller_token)
            assert body == {"data": {"me": {"email": seller.email}}}
        ws_second = second.replace("http://", "ws://") + "/graphql"
        socket: websockets.ClientConnection
        async with await open_socket(ws_second, seller_token) as socket:
            body = await _post(first, DEACTIVATE, {"id": crm.gid(seller.user)}, owner_token)
            assert body == {"data": {"userDeactivate": {"isActive": False}}}
            # The second process closes the seller's socket when the event arrives; its cached
            # caller was dropped by the same event, before (no database read in between).
            assert (await closed_with(socket))[0] == 4401
        refused = await _post(second, ME, {}, seller_token)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
