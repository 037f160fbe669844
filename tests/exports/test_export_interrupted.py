"""A download cut short has still sent rows away: it is audited, marked incomplete.

httpx's ASGI transport reads whole bodies, so this test speaks ASGI to the app directly, as a
server would for a client that hangs up after the first chunks.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect
from starlette.types import Message

from models.audit import AuditEntry
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # One row per batch, so that each row is its own chunk of the response.
    return {"export_batch_size": 1}


async def test_a_download_cut_short_is_audited_as_incomplete(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    for name in ("One", "Two", "Three"):
        await crm.company(owner.user, None, name=name)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/export/companies.csv",
        "raw_path": b"/export/companies.csv",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"authorization", f"Bearer {owner.access_token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("tandem.test", 80),
    }
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body":
            if len(chunks) == 2:  # the header line and one row, then the client is gone
                raise OSError("connection reset by peer")
            chunks.append(message["body"])

    with pytest.raises(ClientDisconnect):
        await app(scope, receive, send)

    [entry] = await AuditEntry.filter(action="record.export")
    assert entry.after["complete"] is False
    assert entry.after["format"] == "csv"
    assert 1 <= entry.after["rows"] < 3
    assert b"Three" not in b"".join(chunks)
