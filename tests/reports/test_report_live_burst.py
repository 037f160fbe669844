"""reportUpdated when a window brings more events than a listener's queue holds: the group
listens afresh and recomputes (the database has every change) instead of ending its members'
streams as too slow."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from tests.reports.test_report_live import (
    LIVE,
    MARCH,
    Gate,
    _open_deals,
    _sales,
    _win,
    march,  # noqa: F401 - the autouse fixture that sets the clock to March 2026
)
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import delivered, subscribed


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"subscriber_queue_size": 2}


async def test_a_burst_larger_than_the_queue_is_still_one_update(
    api: GraphQLClient, ws_url: str, app: Starlette
) -> None:
    gate = Gate()
    app.state.services.reports.wait = gate
    owner = await signed_in(api, "owner")
    deals = await _open_deals(owner.user, await crm.department("Sales"), *["10.00"] * 4)

    async with subscribed(ws_url, owner.access_token, LIVE, {"filters": MARCH}) as heard:
        await heard.next()
        for deal in deals:
            await _win(api, owner.access_token, deal)
        await delivered(ws_url, owner.access_token, len(deals))
        await gate.close_next()
        after = _sales(await heard.next())

    assert after["rows"][0]["count"] == 4
    assert after["rows"][0]["revenue"] == {"amount": "40.00", "currency": "EUR"}
