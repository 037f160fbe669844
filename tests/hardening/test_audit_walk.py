"""Every mutation of the schema writes an audit entry, or stands on a short exemption list.

The walk reads the mutation fields from the schema itself, so a mutation added later without an
audit entry (and without a sample call here) fails ``test_every_mutation_is_walked``. Each sample
call runs as a client would, over HTTP; the entry is read back through ``auditLog`` as an Owner.
"""

from __future__ import annotations

from typing import Any

import pytest

from schema.schema import build_schema
from tests.hardening.audit_cases import CASES, World
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer

# Mutations that write no audit entry, and why. Keep this list short: anything that changes
# business data, people or access belongs in the audit.
EXEMPT = {
    # Sign-in and sessions are recorded in loginAttempts and the session table; an audit entry
    # per sign-in would drown the log in noise.
    "login": "sign-in is recorded in loginAttempts",
    "tokenRefresh": "a session renewal, recorded on the session family",
    "logout": "ends the caller's own session; recorded on the session",
    # Ephemeral state: presence lives in memory/bus, never in the database.
    "presenceHeartbeat": "presence is ephemeral and never stored",
    # A user marking their own notifications read changes nothing anyone else sees.
    "notificationsMarkRead": "a reader's own notification state",
    "notificationsMarkAllRead": "a reader's own notification state",
}

LATEST = """query { auditLog(first: 20) { edges { node {
  id action object actor { id email } } } } }"""


def _mutations() -> list[str]:
    return sorted(build_schema()._schema.mutation_type.fields)


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url}


def test_every_mutation_is_walked() -> None:
    """A mutation of the schema with neither a sample call nor an exemption fails here."""
    unwalked = [m for m in _mutations() if m not in CASES and m not in EXEMPT]
    assert unwalked == [], f"add an audit entry and a sample call for: {unwalked}"
    assert not set(CASES) & set(EXEMPT)
    stale = sorted((set(CASES) | set(EXEMPT)) - set(_mutations()))
    assert stale == [], f"not mutations of the schema: {stale}"


async def _latest(w: World) -> list[dict[str, Any]]:
    data = await w.ok(LATEST)
    return [e["node"] for e in data["auditLog"]["edges"]]


@pytest.mark.parametrize("mutation", sorted(CASES))
async def test_the_mutation_writes_an_audit_entry(
    mutation: str, api: GraphQLClient, smtp_server: SmtpServer, app: Any
) -> None:
    world = World(api, await signed_in(api, "owner"), smtp_server)
    query, variables, prefix = await CASES[mutation](world)
    seen = {e["id"] for e in await _latest(world)}

    token = None if mutation in {"passwordReset", "inviteAccept"} else world.owner.access_token
    result = await api.execute(query, variables, token=token)
    assert not result.errors, result.errors
    # Work done off the request path (a reset link is written and mailed in the background,
    # so that the request takes as long for an unknown address) lands before the check.
    await app.state.services.mailer.drain()

    new = [e for e in await _latest(world) if e["id"] not in seen]
    assert new, f"{mutation} wrote no audit entry"
    assert any(e["action"].startswith(prefix) for e in new), [e["action"] for e in new]
