"""forecast: weighted open pipeline by stage, owner and month; won revenue per period; scope,
field permissions and a constant number of SQL statements."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from models.clock import FrozenClock
from models.deal import Deal
from models.pipeline import Pipeline, Stage
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.sql import count_statements

FORECAST = """
query($pipelineId: ID, $from: Date, $to: Date, $period: ForecastPeriod! = MONTH) {
  forecast(pipelineId: $pipelineId, from: $from, to: $to, period: $period) {
    byStage { stage { name } currency count amount { amount } weighted { amount } }
    byOwner { owner { email } currency count amount { amount } weighted { amount } }
    byMonth { month currency count amount { amount } weighted { amount } }
    wonRevenue { period currency count amount { amount currency } }
  }
}
"""
UPDATE = """
mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id status closedAt } }
"""


async def _pipeline(name: str = "Sales") -> tuple[Pipeline, Stage, Stage]:
    pipe = await crm.pipeline(name, stages=("Qualified", "Proposal"))
    qualified, proposal = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    await Stage.filter(id=qualified.id).update(probability=20)
    await Stage.filter(id=proposal.id).update(probability=50)
    return pipe, qualified, proposal


def _rows(data: dict[str, Any], key: str) -> list[tuple[Any, ...]]:
    return [
        tuple(
            v["amount"] if isinstance(v, dict) and "amount" in v else v
            for v in (row[k] for k in row)
        )
        for row in data["forecast"][key]
    ]


async def test_open_deals_are_weighted_by_their_own_or_their_stage_probability_per_currency(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    _, qualified, proposal = await _pipeline()
    nov, dec = date(2026, 11, 20), date(2026, 12, 5)
    await crm.deal(owner.user, stage=qualified, amount="1000.00", expected_close=nov)
    # Its own probability (90) overrides the stage's 20.
    await crm.deal(owner.user, stage=qualified, amount="500.00", probability=90, expected_close=dec)
    await crm.deal(owner.user, stage=proposal, amount="333.33", expected_close=nov)
    await crm.deal(owner.user, stage=proposal, amount="200.00", currency="USD")
    # Won and lost deals are not pipeline.
    await crm.deal(owner.user, stage=proposal, amount="9999.00", status="lost")

    data = await api.ok(FORECAST, token=owner.access_token)

    assert _rows(data, "byStage") == [
        ({"name": "Qualified"}, "EUR", 2, "1500.00", "650.00"),
        ({"name": "Proposal"}, "EUR", 1, "333.33", "166.67"),
        ({"name": "Proposal"}, "USD", 1, "200.00", "100.00"),
    ]
    assert _rows(data, "byOwner") == [
        ({"email": owner.email}, "EUR", 3, "1833.33", "816.67"),
        ({"email": owner.email}, "USD", 1, "200.00", "100.00"),
    ]
    assert _rows(data, "byMonth") == [
        ("2026-11-01", "EUR", 2, "1333.33", "366.67"),
        ("2026-12-01", "EUR", 1, "500.00", "450.00"),
        (None, "USD", 1, "200.00", "100.00"),
    ]


async def test_won_revenue_counts_by_closing_time_per_month_or_quarter(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    _, qualified, _ = await _pipeline()
    deals = [await crm.deal(owner.user, stage=qualified, amount=a) for a in ("100", "200", "300")]
    for deal, when in zip(
        deals,
        (datetime(2026, 1, 31, 23, 30, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)),
        strict=False,
    ):
        clock._now = when
        data = await api.ok(
            UPDATE, {"input": {"id": crm.gid(deal), "status": "won"}}, token=owner.access_token
        )
        assert data["dealUpdate"]["closedAt"].startswith(when.date().isoformat())
    clock._now = datetime(2026, 4, 2, tzinfo=UTC)
    await api.ok(
        UPDATE, {"input": {"id": crm.gid(deals[2]), "status": "won"}}, token=owner.access_token
    )

    monthly = await api.ok(FORECAST, token=owner.access_token)
    quarterly = await api.ok(FORECAST, {"period": "QUARTER"}, token=owner.access_token)
    ranged = await api.ok(
        FORECAST, {"from": "2026-02-01", "to": "2026-04-30"}, token=owner.access_token
    )

    eur = {"currency": "EUR"}
    assert monthly["forecast"]["wonRevenue"] == [
        {
            "period": "2026-01-01",
            "currency": "EUR",
            "count": 1,
            "amount": {"amount": "100.00", **eur},
        },
        {
            "period": "2026-02-01",
            "currency": "EUR",
            "count": 1,
            "amount": {"amount": "200.00", **eur},
        },
        {
            "period": "2026-04-01",
            "currency": "EUR",
            "count": 1,
            "amount": {"amount": "300.00", **eur},
        },
    ]
    assert [(r["period"], r["amount"]["amount"]) for r in quarterly["forecast"]["wonRevenue"]] == [
        ("2026-01-01", "300.00"),
        ("2026-04-01", "300.00"),
    ]
    assert [r["period"] for r in ranged["forecast"]["wonRevenue"]] == ["2026-02-01", "2026-04-01"]
    assert monthly["forecast"]["byStage"] == [], "won deals are no longer pipeline"


async def test_reopening_a_won_deal_clears_its_closing_time(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    await api.ok(
        UPDATE, {"input": {"id": crm.gid(deal), "status": "won"}}, token=owner.access_token
    )

    data = await api.ok(
        UPDATE, {"input": {"id": crm.gid(deal), "status": "open"}}, token=owner.access_token
    )

    assert data["dealUpdate"] == {"id": crm.gid(deal), "status": "open", "closedAt": None}


async def test_a_date_range_and_a_pipeline_narrow_the_open_deals(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipe, qualified, _ = await _pipeline()
    _, elsewhere, _ = await _pipeline("Other")
    await crm.deal(owner.user, stage=qualified, amount="10", expected_close=date(2026, 3, 1))
    await crm.deal(owner.user, stage=qualified, amount="20", expected_close=date(2026, 5, 1))
    await crm.deal(owner.user, stage=qualified, amount="40")
    await crm.deal(owner.user, stage=elsewhere, amount="80", expected_close=date(2026, 3, 2))

    data = await api.ok(
        FORECAST,
        {"pipelineId": crm.gid(pipe), "from": "2026-03-01", "to": "2026-03-31"},
        token=owner.access_token,
    )

    assert _rows(data, "byMonth") == [("2026-03-01", "EUR", 1, "10.00", "2.00")]


async def test_an_inverted_range_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    error = await api.error(
        FORECAST, {"from": "2026-03-02", "to": "2026-03-01"}, token=owner.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}


async def test_a_viewer_counts_only_the_deals_in_their_read_scope(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Far")
    _, qualified, _ = await _pipeline()
    sales, far = await crm.department("Sales"), await crm.department("Far")
    await crm.deal(seller.user, sales, stage=qualified, amount="100")
    await crm.deal(other.user, far, stage=qualified, amount="7000")

    data = await api.ok(FORECAST, token=seller.access_token)

    assert _rows(data, "byStage") == [({"name": "Qualified"}, "EUR", 1, "100.00", "20.00")]
    assert [r["owner"] for r in data["forecast"]["byOwner"]] == [{"email": seller.email}]


async def test_a_viewer_who_may_not_read_amounts_gets_no_forecast(api: GraphQLClient) -> None:
    _, qualified, _ = await _pipeline()
    for role in ("marketing", "read_only"):
        viewer = await signed_in(api, role)
        await crm.deal(viewer.user, stage=qualified, amount="100", status="won")

        result = await api.execute(FORECAST, token=viewer.access_token)

        assert result.codes == ["FORBIDDEN"]
        assert result.errors[0]["extensions"]["field"] == "amount"
        assert result.data is None


async def test_a_viewer_without_deals_gets_no_forecast(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")

    result = await api.execute(FORECAST, token=support.access_token)

    assert result.codes == ["FORBIDDEN"]


async def test_a_viewer_who_may_not_read_probabilities_gets_no_weighted_values(
    api: GraphQLClient,
) -> None:
    readable = {f: "read" for f in ("amount", "status", "stage", "owner", "expectedClose")}
    role = await custom_role(
        "Amounts only",
        20,
        {"deal": grant(["read"], fields=readable), "pipeline": grant(["read"], fields={})},
    )
    viewer = await signed_in(api, role)
    _, qualified, _ = await _pipeline()
    await crm.deal(viewer.user, stage=qualified, amount="100", probability=35)

    result = await api.execute(FORECAST, token=viewer.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "probability"


async def test_the_forecast_runs_the_same_statements_for_3_or_30_deals(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    other = await signed_in(api, "manager", email="m@acme.test")
    _, qualified, proposal = await _pipeline()

    async def measure() -> int:
        with count_statements() as counter:
            await api.ok(FORECAST, token=owner.access_token)
        return counter.count

    for i in range(3):
        await crm.deal(owner.user, stage=qualified, amount="10", status="won" if i else "open")
    few = await measure()
    for i in range(27):
        await crm.deal(
            other.user if i % 2 else owner.user,
            stage=proposal if i % 3 else qualified,
            amount="10",
            currency="USD" if i % 4 else "EUR",
            expected_close=date(2026, 1 + i % 12, 1),
            status="won" if i % 5 == 0 else "open",
        )
    many = await measure()

    # Sign-in checks, the two grouped statements, the stages and owners shown.
    assert few == many <= 6
    assert await Deal.all().count() == 30
