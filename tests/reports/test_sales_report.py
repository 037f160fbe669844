"""salesReport: won deals per period and group, per currency and in the base currency, against
the previous range, on a fixed data set with hand-computed figures; scope, hidden amounts and
denials per role template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from models.deal import Deal
from models.exchange import ExchangeRate
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.sql import count_statements

REPORT = """
query($from: Date!, $to: Date!, $period: ReportPeriod! = MONTH, $groupBy: SalesGroup! = NONE,
      $pipelineId: ID, $departmentId: ID, $ownerId: ID) {
  salesReport(from: $from, to: $to, period: $period, groupBy: $groupBy, pipelineId: $pipelineId,
              departmentId: $departmentId, ownerId: $ownerId) {
    baseCurrency
    rows { ...figures }
    byCurrency { ...figures }
    comparison { groupId current { ...figures } previous { ...figures } }
  }
}
fragment figures on SalesFigures {
  period groupId currency count revenue { amount currency } average { amount } unconverted
}
"""
MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def _data(seller: User, other: User) -> dict[str, Any]:
    """The fixed data set. March-April 2026 is the report's range; the previous range of the
    same length is 2025-12-30 .. 2026-02-28. A USD rate of 0.9 from March 1st; no GBP rate."""
    pipe = await crm.pipeline("Sales")
    stage = await crm.first_stage(pipe)
    sales, far = await crm.department("Sales"), await crm.department("Far")

    async def won(owner: User, dept: Any, amount: str, when: datetime, **kw: Any) -> Deal:
        return await crm.deal(
            owner, dept, stage=stage, amount=amount, status="won", closed_at=when, **kw
        )

    await won(seller, sales, "1000.00", _at(2026, 3, 2, 10))
    await won(seller, sales, "500.00", _at(2026, 3, 20, 9))
    await won(other, far, "200.00", _at(2026, 3, 31, 23, 30), currency="USD")
    await won(other, far, "300.00", _at(2026, 4, 1, 0, 30))
    await won(other, far, "50.00", _at(2026, 4, 10, 12), currency="GBP")
    await won(seller, sales, "700.00", _at(2026, 2, 10, 8))  # the previous range
    await won(seller, sales, "999.00", _at(2026, 5, 5, 8))  # after the range
    await crm.deal(seller, sales, stage=stage, amount="4000.00")  # open: not revenue
    await crm.deal(seller, sales, stage=stage, amount="3000.00", status="lost")
    await ExchangeRate.create(currency="USD", rate=Decimal("0.9"), valid_on=date(2026, 3, 1))
    await ExchangeRate.create(currency="USD", rate=Decimal("2"), valid_on=date(2026, 4, 1))
    return {"pipeline": pipe, "sales": sales, "far": far}


def _fig(
    period: str | None,
    group: str | None,
    currency: str,
    count: int,
    revenue: str | None,
    average: str | None,
    unconverted: int = 0,
) -> dict[str, Any]:
    return {
        "period": period,
        "groupId": group,
        "currency": currency,
        "count": count,
        "revenue": {"amount": revenue, "currency": currency} if revenue is not None else None,
        "average": {"amount": average} if average is not None else None,
        "unconverted": unconverted,
    }


async def _accounts(api: GraphQLClient) -> tuple[Account, Account, Account]:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson", email="seller@acme.test", department="Sales")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Far")
    return owner, seller, other


async def test_monthly_revenue_per_currency_in_base_currency_and_against_the_previous_range(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=owner.access_token))["salesReport"]

    assert data["baseCurrency"] == "EUR"
    # March: 1000 + 500 + 200 USD at 0.9 (the rate of March 31st) = 1680.00 over 3 deals.
    # April: 300 EUR; the GBP deal has no rate: counted, left out of the amount and average.
    assert data["rows"] == [
        _fig("2026-03-01", None, "EUR", 3, "1680.00", "560.00"),
        _fig("2026-04-01", None, "EUR", 2, "300.00", "300.00", unconverted=1),
    ]
    assert data["byCurrency"] == [
        _fig("2026-03-01", None, "EUR", 2, "1500.00", "750.00"),
        _fig("2026-03-01", None, "USD", 1, "200.00", "200.00"),
        _fig("2026-04-01", None, "EUR", 1, "300.00", "300.00"),
        _fig("2026-04-01", None, "GBP", 1, "50.00", "50.00"),
    ]
    assert data["comparison"] == [
        {
            "groupId": None,
            "current": _fig(None, None, "EUR", 5, "1980.00", "495.00", unconverted=1),
            "previous": _fig(None, None, "EUR", 1, "700.00", "700.00"),
        }
    ]


async def test_quarters_grouped_by_owner(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    s, o = crm.gid(seller.user), crm.gid(other.user)

    data = (
        await api.ok(
            REPORT,
            {**MARCH_APRIL, "period": "QUARTER", "groupBy": "OWNER"},
            token=owner.access_token,
        )
    )["salesReport"]

    assert data["rows"] == [
        _fig("2026-01-01", s, "EUR", 2, "1500.00", "750.00"),
        _fig("2026-01-01", o, "EUR", 1, "180.00", "180.00"),
        _fig("2026-04-01", o, "EUR", 2, "300.00", "300.00", unconverted=1),
    ]
    assert data["comparison"] == [
        {
            "groupId": s,
            "current": _fig(None, s, "EUR", 2, "1500.00", "750.00"),
            "previous": _fig(None, s, "EUR", 1, "700.00", "700.00"),
        },
        {
            "groupId": o,
            "current": _fig(None, o, "EUR", 3, "480.00", "240.00", unconverted=1),
            "previous": _fig(None, o, "EUR", 0, "0.00", None),
        },
    ]


async def test_days_weeks_and_years_start_on_their_first_day_in_utc(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    march = {"from": "2026-03-01", "to": "2026-03-31"}

    async def periods(period: str) -> list[tuple[str, int]]:
        data = await api.ok(REPORT, {**march, "period": period}, token=owner.access_token)
        return [(r["period"], r["count"]) for r in data["salesReport"]["rows"]]

    # 23:30 UTC on March 31st is still March 31st (a Tuesday; weeks start on Monday).
    assert await periods("DAY") == [("2026-03-02", 1), ("2026-03-20", 1), ("2026-03-31", 1)]
    assert await periods("WEEK") == [("2026-03-02", 1), ("2026-03-16", 1), ("2026-03-30", 1)]
    assert await periods("YEAR") == [("2026-01-01", 3)]


async def test_filters_narrow_the_deals_counted(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)
    elsewhere = await crm.pipeline("Other")
    await crm.deal(
        seller.user,
        made["sales"],
        stage=await crm.first_stage(elsewhere),
        amount="10.00",
        status="won",
        closed_at=_at(2026, 3, 5),
    )

    async def totals(**filters: str) -> tuple[int, str]:
        data = await api.ok(REPORT, {**MARCH_APRIL, **filters}, token=owner.access_token)
        current = data["salesReport"]["comparison"][0]["current"]
        return current["count"], current["revenue"]["amount"]

    assert await totals() == (6, "1990.00")
    assert await totals(pipelineId=crm.gid(made["pipeline"])) == (5, "1980.00")
    assert await totals(departmentId=crm.gid(made["far"])) == (3, "480.00")
    assert await totals(ownerId=crm.gid(seller.user)) == (3, "1510.00")


async def test_a_department_scope_counts_only_its_department(api: GraphQLClient) -> None:
    _, seller, other = await _accounts(api)
    manager = await signed_in(api, "manager", email="boss@acme.test", department="Sales")
    await _data(seller.user, other.user)

    for viewer in (seller, manager):
        data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["salesReport"]
        assert data["rows"] == [_fig("2026-03-01", None, "EUR", 2, "1500.00", "750.00")]


async def test_a_rep_limited_to_own_deals_sees_only_its_own_figures(api: GraphQLClient) -> None:
    fields = {f: "read" for f in ("amount", "status", "closedAt", "owner")}
    role = await custom_role("Own deals", 20, {"deal": grant(["read"], "own", "own", fields)})
    mine = await signed_in(api, role, email="mine@acme.test")
    _, seller, _ = await _accounts(api)
    await _data(mine.user, seller.user)

    data = (await api.ok(REPORT, {**MARCH_APRIL, "groupBy": "OWNER"}, token=mine.access_token))[
        "salesReport"
    ]

    me = crm.gid(mine.user)
    assert data["rows"] == [_fig("2026-03-01", me, "EUR", 2, "1500.00", "750.00")]
    assert [c["groupId"] for c in data["comparison"]] == [me]


async def test_roles_that_may_not_read_amounts_get_counts_and_null_amounts(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    for role in ("marketing", "read_only"):
        viewer = await signed_in(api, role, email=f"{role}@acme.test")

        data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["salesReport"]

        assert data["rows"] == [
            _fig("2026-03-01", None, "EUR", 3, None, None),
            _fig("2026-04-01", None, "EUR", 2, None, None, unconverted=1),
        ], role
        assert all(r["revenue"] is None for r in data["byCurrency"]), role
        assert data["comparison"][0]["previous"] == _fig(None, None, "EUR", 1, None, None)


async def test_a_role_without_deals_gets_no_report(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")

    result = await api.execute(REPORT, MARCH_APRIL, token=support.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert result.data is None


async def test_grouping_or_filtering_by_a_hidden_field_is_refused(api: GraphQLClient) -> None:
    fields = {f: "read" for f in ("amount", "status", "closedAt")}
    role = await custom_role("No owners", 20, {"deal": grant(["read"], fields=fields)})
    viewer = await signed_in(api, role)

    grouped = await api.execute(
        REPORT, {**MARCH_APRIL, "groupBy": "OWNER"}, token=viewer.access_token
    )
    filtered = await api.execute(
        REPORT, {**MARCH_APRIL, "ownerId": crm.gid(viewer.user)}, token=viewer.access_token
    )
    without_status = await custom_role(
        "No status", 20, {"deal": grant(["read"], fields={"amount": "read"})}
    )
    blind = await signed_in(api, without_status, email="blind@acme.test")
    counted = await api.execute(REPORT, MARCH_APRIL, token=blind.access_token)

    assert grouped.codes == ["FORBIDDEN"]
    assert grouped.errors[0]["extensions"]["field"] == "owner"
    assert filtered.codes == ["FORBIDDEN"]
    assert filtered.errors[0]["extensions"]["field"] == "owner"
    assert counted.codes == ["FORBIDDEN"]
    assert counted.errors[0]["extensions"]["field"] == "status"


async def test_bad_ranges_and_ids_are_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    inverted = await api.error(
        REPORT, {"from": "2026-03-02", "to": "2026-03-01"}, token=owner.access_token
    )
    too_long = await api.error(
        REPORT, {"from": "2020-01-01", "to": "2026-03-01"}, token=owner.access_token
    )
    bad_id = await api.error(
        REPORT, {**MARCH_APRIL, "pipelineId": "nope"}, token=owner.access_token
    )

    assert inverted["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}
    assert too_long["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}
    assert bad_id["extensions"]["code"] == "BAD_USER_INPUT"
    assert bad_id["extensions"]["field"] == "pipelineId"


async def test_the_report_runs_the_same_statements_for_few_or_many_deals(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    async def measure() -> int:
        with count_statements() as counter:
            await api.ok(REPORT, {**MARCH_APRIL, "groupBy": "OWNER"}, token=owner.access_token)
        return counter.count

    few = await measure()
    stage = await crm.first_stage(await crm.pipeline("More"))
    for i in range(30):
        await crm.deal(
            seller.user if i % 2 else other.user,
            stage=stage,
            amount="10.00",
            status="won",
            closed_at=_at(2026, 3 + i % 2, 1 + i),
        )
    many = await measure()

    assert few == many <= 5


async def test_owner_admin_and_senior_manager_see_every_deal_with_amounts(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    for role in ("owner", "admin", "senior_manager"):
        viewer = await signed_in(api, role, email=f"{role}.viewer@acme.test", department="Sales")

        data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["salesReport"]

        assert data["rows"] == [
            _fig("2026-03-01", None, "EUR", 3, "1680.00", "560.00"),
            _fig("2026-04-01", None, "EUR", 2, "300.00", "300.00", unconverted=1),
        ], role
