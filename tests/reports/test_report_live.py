"""reportUpdated over a real websocket: the figures now, then recomputed when deals change,
coalesced (a burst is one recomputation per group of subscribers who would compute the same
figures), each group under its caller's own permissions.

The coalescing window is a gate the test closes (the app's ReportGroups.wait), never a sleep."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError
from starlette.applications import Starlette

from models.clock import FrozenClock
from models.deal import Deal
from models.user import User
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import WAIT, delivered, subscribed

LIVE = """
subscription($filters: ReportFilters!) {
  reportUpdated(report: SALES, filters: $filters) {
    report
    sales {
      rows { period count revenue { amount currency } average { amount } }
      comparison { current { count revenue { amount } } }
    }
  }
}
"""
QUERY = """
query($from: Date!, $to: Date!) {
  salesReport(from: $from, to: $to) {
    rows { period count revenue { amount currency } average { amount } }
    comparison { current { count revenue { amount } } }
  }
}
"""
UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { status } }"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


class Gate:
    """The coalescing window's timer: each window the app opens stays open until the test
    closes it, so what arrives meanwhile is decided by the test, not by timing."""

    def __init__(self) -> None:
        self.windows: asyncio.Queue[asyncio.Future[None]] = asyncio.Queue()

    async def __call__(self, seconds: float) -> None:
        window = asyncio.get_running_loop().create_future()
        self.windows.put_nowait(window)
        await window

    async def close_next(self) -> None:
        window = await asyncio.wait_for(self.windows.get(), WAIT)
        window.set_result(None)


@pytest.fixture
def gate(app: Starlette) -> Gate:
    gate = Gate()
    app.state.services.reports.wait = gate
    return gate


@pytest.fixture(autouse=True)
def march(clock: FrozenClock) -> None:
    clock.set(datetime(2026, 3, 10, 12, tzinfo=UTC))


async def _open_deals(owner: User, dept: Any, *amounts: str) -> list[Deal]:
    stage = await crm.first_stage(await crm.pipeline())
    return [await crm.deal(owner, dept, stage=stage, amount=a) for a in amounts]


async def _win(api: GraphQLClient, token: str, deal: Deal) -> None:
    await api.ok(UPDATE, {"input": {"id": crm.gid(deal), "status": "won"}}, token=token)


def _sales(message: dict[str, Any]) -> dict[str, Any]:
    assert message["reportUpdated"]["report"] == "SALES"
    return dict(message["reportUpdated"]["sales"])


async def test_a_deal_won_sends_the_new_figures(
    api: GraphQLClient, ws_url: str, gate: Gate
) -> None:
    owner = await signed_in(api, "owner")
    manager = await signed_in(api, "manager", email="boss@acme.test", department="Sales")
    sales = await crm.department("Sales")
    (deal,) = await _open_deals(owner.user, sales, "700.00")

    async with subscribed(ws_url, manager.access_token, LIVE, {"filters": MARCH}) as heard:
        first = _sales(await heard.next())
        await _win(api, owner.access_token, deal)
        await gate.close_next()
        after = _sales(await heard.next())

    queried = await api.ok(QUERY, MARCH, token=manager.access_token)
    assert first == {"rows": [], "comparison": []}
    assert after["rows"] == [
        {
            "period": "2026-03-01",
            "count": 1,
            "revenue": {"amount": "700.00", "currency": "EUR"},
            "average": {"amount": "700.00"},
        }
    ]
    assert after == queried["salesReport"]


async def test_a_burst_is_one_recomputation_per_group_each_in_its_own_scope(
    api: GraphQLClient, ws_url: str, gate: Gate, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    manager = await signed_in(api, "manager", email="boss@acme.test", department="Sales")
    seller = await signed_in(api, "salesperson", email="seller@acme.test", department="Sales")
    sales, far = await crm.department("Sales"), await crm.department("Far")
    deals = await _open_deals(owner.user, sales, "100.00", "200.00")
    deals += await _open_deals(owner.user, far, "400.00")
    reports = app.state.services.reports
    variables = {"filters": MARCH}

    async with (
        subscribed(ws_url, manager.access_token, LIVE, variables) as boss_tab,
        subscribed(ws_url, manager.access_token, LIVE, variables) as boss_other_tab,
        subscribed(ws_url, seller.access_token, LIVE, variables) as seller_tab,
    ):
        for tab in (boss_tab, boss_other_tab, seller_tab):
            await tab.next()
        before = reports.recomputations
        for deal in deals:
            await _win(api, owner.access_token, deal)
        # Every one of the three events has reached this process's listeners: each group's
        # window holds all three when it closes.
        await delivered(ws_url, owner.access_token, len(deals))
        await gate.close_next()  # the manager's group
        await gate.close_next()  # the salesperson's group
        boss = _sales(await boss_tab.next())
        boss_other = _sales(await boss_other_tab.next())
        mine = _sales(await seller_tab.next())
        recomputed = reports.recomputations - before
        windows_left = gate.windows.qsize()

    # Three events, two groups (the manager's two tabs are one): two recomputations.
    assert recomputed == 2
    assert windows_left == 0
    # The manager's department scope counts the two Sales deals; the salesperson's too (the
    # salesperson template reads its department's deals); the Far deal is in neither.
    expected = {"count": 2, "revenue": {"amount": "300.00", "currency": "EUR"}}
    assert {k: boss["rows"][0][k] for k in expected} == expected
    assert boss == boss_other
    assert {k: mine["rows"][0][k] for k in expected} == expected


async def test_amounts_stay_null_for_a_role_that_may_not_read_them(
    api: GraphQLClient, ws_url: str, gate: Gate
) -> None:
    owner = await signed_in(api, "owner")
    marketing = await signed_in(api, "marketing", department="Marketing")
    (deal,) = await _open_deals(owner.user, None, "900.00")

    async with subscribed(ws_url, marketing.access_token, LIVE, {"filters": MARCH}) as heard:
        await heard.next()
        await _win(api, owner.access_token, deal)
        await gate.close_next()
        after = _sales(await heard.next())

    assert after["rows"] == [{"period": "2026-03-01", "count": 1, "revenue": None, "average": None}]
    assert after["comparison"] == [{"current": {"count": 1, "revenue": None}}]


async def test_a_role_without_deals_cannot_subscribe(api: GraphQLClient, ws_url: str) -> None:
    support = await signed_in(api, "support")

    async with subscribed(ws_url, support.access_token, LIVE, {"filters": MARCH}) as heard:
        with pytest.raises(TransportQueryError) as refused:
            await heard.next()

    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_bad_filters_are_refused(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    inverted = {"filters": {"from": "2026-03-02", "to": "2026-03-01"}}

    async with subscribed(ws_url, owner.access_token, LIVE, inverted) as heard:
        with pytest.raises(TransportQueryError) as refused:
            await heard.next()

    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}
