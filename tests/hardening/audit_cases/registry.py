"""The audit walk's registry: one sample call per mutation (tests/hardening/test_audit_walk.py).

Each case arranges what it needs as the Owner and returns (document, variables, the expected
action prefix of the audit entry). Cases live by area in this package; a new mutation gets one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tests.support import crm
from tests.support.accounts import Account
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer


@dataclass(slots=True)
class World:
    api: GraphQLClient
    owner: Account
    smtp: SmtpServer

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.api.ok(query, variables, token=self.owner.access_token)


Case = Callable[[World], Awaitable[tuple[str, dict[str, Any], str]]]
CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        assert name not in CASES, f"two audit cases for {name}"
        CASES[name] = fn
        return fn

    return register


async def owned_deal(w: World) -> Any:
    return await crm.deal(w.owner.user)
