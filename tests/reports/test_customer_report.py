"""customerReport: RFM segments (fixed bands), top customers and forecast against actual, on a
fixed data set with hand-computed figures; scope, hidden amounts and denials per role template.
Saving a segment from the report: tests/reports/test_rfm_segment.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from models.contact import Contact
from models.exchange import ExchangeRate
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.sql import count_statements

REPORT = """
query($from: Date!, $to: Date!, $pipelineId: ID, $departmentId: ID, $ownerId: ID,
      $top: Int! = 10, $topBy: CustomerRanking, $period: ForecastPeriod! = QUARTER) {
  customerReport(from: $from, to: $to, pipelineId: $pipelineId, departmentId: $departmentId,
                 ownerId: $ownerId, top: $top, topBy: $topBy, period: $period) {
    baseCurrency customers topBy period
    segments { segment count }
    topCustomers {
      contact { firstName } wonCount revenue { amount currency } unconverted lastTouchAt
      recencyDays recencyScore frequencyScore monetaryScore segment
    }
    forecastVsActual {
      period currency openCount pipeline { amount } forecast { amount } wonCount
      actual { amount }
    }
  }
}
"""
# April 1st 2025 to March 31st 2026: recency is counted back from March 31st 2026.
YEAR = {"from": "2025-04-01", "to": "2026-03-31"}
SEGMENTS = ("CHAMPIONS", "LOYAL", "NEW", "PROMISING", "AT_RISK", "HIBERNATING", "LOST")


def _at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


async def _data(seller: User, other: User) -> dict[str, Contact]:
    """The fixed data set: ``seller``'s customers in department Sales, ``other``'s in Far. A
    USD rate of 0.9 from 2025; no GBP rate. Days are counted to March 31st 2026."""
    pipe = await crm.pipeline("Sales")
    stage = await crm.first_stage(pipe)
    sales, far = await crm.department("Sales"), await crm.department("Far")
    people: dict[str, Contact] = {}

    async def person(name: str, owner: User) -> Contact:
        dept = sales if owner == seller else far
        people[name] = await crm.contact(
            owner, dept, first_name=name, email=f"{name.lower()}@example.test"
        )
        return people[name]

    async def won(who: Contact | None, owner: User, amount: str, when: datetime, **kw: Any) -> None:
        dept = sales if owner == seller else far
        await crm.deal(
            owner, dept, stage=stage, amount=amount, status="won", closed_at=when, contact=who, **kw
        )

    # Ann: 5 x 1,000 EUR, the last on March 20th: 11 days (R5), 5 deals (F4), 5,000 (M2).
    ann = await person("Ann", seller)
    for month, day in ((1, 15), (2, 1), (2, 15), (3, 1), (3, 20)):
        await won(ann, seller, "1000.00", _at(2026, month, day))
    # Bob: 10,000 EUR + 200 USD (x 0.9 = 180.00) + 50 GBP (no rate: unconverted), last won
    # February 6th but a call on March 25th: 6 days (R5), 3 deals (F3), 10,180.00 (M3).
    bob = await person("Bob", seller)
    await won(bob, seller, "10000.00", _at(2026, 1, 10))
    await won(bob, seller, "200.00", _at(2026, 2, 5), currency="USD")
    await won(bob, seller, "50.00", _at(2026, 2, 6), currency="GBP")
    await crm.activity(seller, sales, contact=bob, occurred_at=_at(2026, 3, 25))
    # Cyd: 30,000 EUR on January 2nd: 29 + 28 + 31 = 88 days (R4), 1 deal (F1), M4.
    cyd = await person("Cyd", other)
    await won(cyd, other, "30000.00", _at(2026, 1, 2))
    # Dee: 2 x 500 EUR, the last on January 6th: 25 + 28 + 31 = 84 days (R4), F2, M1. Her
    # call on April 5th is after the range.
    dee = await person("Dee", seller)
    await won(dee, seller, "500.00", _at(2026, 1, 5))
    await won(dee, seller, "500.00", _at(2026, 1, 6))
    await crm.activity(seller, sales, contact=dee, occurred_at=_at(2026, 4, 5))
    # Eve: 3 x 2,000 EUR, the last on June 1st 2025: 303 days (R2), F3, 6,000 (M2).
    eve = await person("Eve", other)
    for month, day in ((4, 10), (5, 1), (6, 1)):
        await won(eve, other, "2000.00", _at(2025, month, day))
    # Fay: 800 EUR on September 1st 2025: 211 days (R2), F1, M1.
    fay = await person("Fay", seller)
    await won(fay, seller, "800.00", _at(2025, 9, 1))
    # Not customers in the range: Gus won before it; a deleted contact; lost and open deals.
    gus = await person("Gus", other)
    await won(gus, other, "900.00", _at(2025, 1, 10))
    gone = await crm.contact(seller, sales, first_name="Gone", email="gone@example.test")
    await won(gone, seller, "700.00", _at(2026, 1, 20))
    gone.deleted_at = _at(2026, 3, 1)
    await gone.save()
    await crm.deal(seller, sales, stage=stage, amount="3000.00", status="lost", contact=fay)
    # The forecast: a won deal without a customer (revenue, not a customer) and open deals,
    # one expected in the range (4,000 at 25%: 1,000 weighted), one after it.
    await won(None, seller, "100.00", _at(2026, 3, 2))
    await crm.deal(
        seller,
        sales,
        stage=stage,
        amount="4000.00",
        probability=25,
        expected_close=date(2026, 3, 15),
        contact=ann,
    )
    await crm.deal(seller, sales, stage=stage, amount="9000.00", expected_close=date(2026, 5, 1))
    await ExchangeRate.create(currency="USD", rate=Decimal("0.9"), valid_on=date(2025, 1, 1))
    return people


async def _accounts(api: GraphQLClient) -> tuple[Account, Account, Account]:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson", email="seller@acme.test", department="Sales")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Far")
    return owner, seller, other


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {s["segment"]: s["count"] for s in data["segments"] if s["count"]}


def _top(
    name: str,
    won: int,
    revenue: str | None,
    touch: str,
    days: int,
    scores: tuple[int, int, int | None],
    segment: str,
    unconverted: int = 0,
) -> dict[str, Any]:
    return {
        "contact": {"firstName": name},
        "wonCount": won,
        "revenue": {"amount": revenue, "currency": "EUR"} if revenue is not None else None,
        "unconverted": unconverted,
        "lastTouchAt": touch,
        "recencyDays": days,
        "recencyScore": scores[0],
        "frequencyScore": scores[1],
        "monetaryScore": scores[2],
        "segment": segment,
    }


ANN = _top("Ann", 5, "5000.00", "2026-03-20T12:00:00+00:00", 11, (5, 4, 2), "CHAMPIONS")
BOB = _top("Bob", 3, "10180.00", "2026-03-25T12:00:00+00:00", 6, (5, 3, 3), "LOYAL", unconverted=1)
CYD = _top("Cyd", 1, "30000.00", "2026-01-02T12:00:00+00:00", 88, (4, 1, 4), "NEW")
DEE = _top("Dee", 2, "1000.00", "2026-01-06T12:00:00+00:00", 84, (4, 2, 1), "PROMISING")
EVE = _top("Eve", 3, "6000.00", "2025-06-01T12:00:00+00:00", 303, (2, 3, 2), "AT_RISK")
FAY = _top("Fay", 1, "800.00", "2025-09-01T12:00:00+00:00", 211, (2, 1, 1), "HIBERNATING")


def _hidden(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "revenue": None, "monetaryScore": None}


async def test_rfm_segments_top_customers_by_revenue_and_forecast_against_actual(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, YEAR, token=owner.access_token))["customerReport"]

    assert data["baseCurrency"] == "EUR"
    assert data["customers"] == 6
    # Every segment listed in order; nobody is LOST (a won deal in a one-year range is at most
    # 365 days old).
    assert [s["segment"] for s in data["segments"]] == list(SEGMENTS)
    assert _counts(data) == {
        "CHAMPIONS": 1,
        "LOYAL": 1,
        "NEW": 1,
        "PROMISING": 1,
        "AT_RISK": 1,
        "HIBERNATING": 1,
    }
    assert data["topBy"] == "REVENUE"
    assert data["topCustomers"] == [CYD, BOB, EVE, ANN, DEE, FAY]
    # Per quarter (every won deal: the forecast is about deals, not customers): Eve's 6,000 in
    # Q2 2025, Fay's 800 in Q3; in Q1 2026 Ann 5,000 + Bob 10,000 + Cyd 30,000 + Dee 1,000 +
    # the deal without a customer 100 + the deleted contact's deal 700 = 46,800 EUR over 11
    # deals, and the open 4,000 expected on March 15th at 25%; USD and GBP apart.
    assert data["forecastVsActual"] == [
        _period("2025-04-01", "EUR", 0, "0.00", "0.00", 3, "6000.00"),
        _period("2025-07-01", "EUR", 0, "0.00", "0.00", 1, "800.00"),
        _period("2026-01-01", "EUR", 1, "4000.00", "1000.00", 11, "46800.00"),
        _period("2026-01-01", "GBP", 0, "0.00", "0.00", 1, "50.00"),
        _period("2026-01-01", "USD", 0, "0.00", "0.00", 1, "200.00"),
    ]


def _period(
    period: str, currency: str, open_n: int, pipe: str, fc: str, won: int, actual: str
) -> dict[str, Any]:
    return {
        "period": period,
        "currency": currency,
        "openCount": open_n,
        "pipeline": {"amount": pipe},
        "forecast": {"amount": fc},
        "wonCount": won,
        "actual": {"amount": actual},
    }


async def test_top_customers_by_won_deals_bounded_and_monthly_forecast(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    data = (
        await api.ok(
            REPORT,
            {**YEAR, "topBy": "WON_COUNT", "top": 4, "period": "MONTH"},
            token=owner.access_token,
        )
    )["customerReport"]

    # Most won deals first, then the most recent: Bob and Eve have 3 each, Bob 6 days ago.
    assert data["topCustomers"] == [ANN, BOB, EVE, DEE]
    march = [p for p in data["forecastVsActual"] if p["period"] == "2026-03-01"]
    # March: Ann's 1,000 on the 1st and 20th, the 100 without a customer; the open deal.
    assert march == [_period("2026-03-01", "EUR", 1, "4000.00", "1000.00", 3, "2100.00")]


async def test_filters_narrow_the_deals_counted(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    far = await crm.department("Far")

    by_owner = await api.ok(
        REPORT, {**YEAR, "ownerId": crm.gid(seller.user)}, token=owner.access_token
    )
    by_dept = await api.ok(REPORT, {**YEAR, "departmentId": crm.gid(far)}, token=owner.access_token)
    shorter = await api.ok(
        REPORT, {"from": "2026-01-01", "to": "2026-03-31"}, token=owner.access_token
    )

    assert _counts(by_owner["customerReport"]) == {
        "CHAMPIONS": 1,
        "LOYAL": 1,
        "PROMISING": 1,
        "HIBERNATING": 1,
    }
    assert by_dept["customerReport"]["topCustomers"] == [CYD, EVE]
    # Eve and Fay won nothing in the first quarter of 2026.
    assert shorter["customerReport"]["customers"] == 4


async def test_a_salesperson_sees_its_departments_customers(api: GraphQLClient) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, YEAR, token=seller.access_token))["customerReport"]

    # Department Sales: Ann, Bob, Dee, Fay, with amounts (sellers read deal amounts).
    assert data["topCustomers"] == [BOB, ANN, DEE, FAY]
    assert data["customers"] == 4
    # Sales deals only: not Eve's Q2 2025 nor Cyd's 30,000 (16,800 EUR over 10 in Q1 2026).
    assert data["forecastVsActual"] == [
        _period("2025-07-01", "EUR", 0, "0.00", "0.00", 1, "800.00"),
        _period("2026-01-01", "EUR", 1, "4000.00", "1000.00", 10, "16800.00"),
        _period("2026-01-01", "GBP", 0, "0.00", "0.00", 1, "50.00"),
        _period("2026-01-01", "USD", 0, "0.00", "0.00", 1, "200.00"),
    ]


async def test_a_rep_limited_to_own_records_sees_only_its_own_customers(
    api: GraphQLClient,
) -> None:
    fields = {f: "read" for f in ("amount", "status", "closedAt", "contact")}
    role = await custom_role(
        "Own customers",
        20,
        {
            "deal": grant(["read"], "own", "own", fields),
            "contact": grant(["read"], "own", "own", {"firstName": "read"}),
        },
    )
    mine = await signed_in(api, role, email="mine@acme.test")
    _, _, other = await _accounts(api)
    await _data(mine.user, other.user)

    data = (await api.ok(REPORT, YEAR, token=mine.access_token))["customerReport"]

    # Its own customers; it may not read activities: Bob's recency comes from his last won
    # deal (February 6th: 22 + 31 = 53 days, R4); R4 F3 is still LOYAL.
    bob = {
        **BOB,
        "lastTouchAt": "2026-02-06T12:00:00+00:00",
        "recencyDays": 53,
        "recencyScore": 4,
    }
    assert data["topCustomers"] == [bob, ANN, DEE, FAY]
    # Its role lacks what the forecast is made of (probability, stage, ...).
    assert data["forecastVsActual"] is None


async def test_roles_that_may_not_read_amounts_get_counts_and_no_revenue_ranking(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    for role in ("marketing", "read_only"):
        viewer = await signed_in(api, role, email=f"{role}@acme.test")

        data = (await api.ok(REPORT, YEAR, token=viewer.access_token))["customerReport"]
        by_revenue = await api.execute(
            REPORT, {**YEAR, "topBy": "REVENUE"}, token=viewer.access_token
        )

        # Segments use recency and frequency only: the same counts as with amounts.
        assert data["customers"] == 6, role
        assert len(_counts(data)) == 6, role
        # Ranked by won deals instead of revenue, without amounts.
        assert data["topBy"] == "WON_COUNT", role
        assert data["topCustomers"] == [_hidden(r) for r in (ANN, BOB, EVE, DEE, CYD, FAY)]
        assert data["forecastVsActual"] is None, role
        assert by_revenue.codes == ["FORBIDDEN"], role
        assert by_revenue.errors[0]["extensions"]["field"] == "amount"


async def test_roles_without_deals_or_contacts_get_no_report(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")
    no_contacts = await custom_role("Deals only", 20, {"deal": grant(["read"])})
    blind = await signed_in(api, no_contacts, email="blind@acme.test")
    no_customer_field = await custom_role(
        "No customer",
        20,
        {
            "deal": grant(["read"], fields={"status": "read", "closedAt": "read"}),
            "contact": grant(["read"]),
        },
    )
    ungrouped = await signed_in(api, no_customer_field, email="ungrouped@acme.test")

    for account in (support, blind):
        result = await api.execute(REPORT, YEAR, token=account.access_token)
        assert result.codes == ["FORBIDDEN"]
        assert result.data is None
    result = await api.execute(REPORT, YEAR, token=ungrouped.access_token)
    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "contact"


async def test_bad_inputs_are_bad_user_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    async def field_of(**changes: Any) -> tuple[str, str]:
        error = await api.error(REPORT, {**YEAR, **changes}, token=owner.access_token)
        return error["extensions"]["code"], error["extensions"]["field"]

    bad = "BAD_USER_INPUT"
    assert await field_of(to="2025-03-01") == (bad, "to")
    assert await field_of(**{"from": "2020-01-01"}) == (bad, "to")
    assert await field_of(**{"from": "0001-01-01", "to": "0001-01-02"}) == (bad, "from")
    assert await field_of(**{"from": "9999-12-30", "to": "9999-12-31"}) == (bad, "from")
    assert await field_of(top=0) == (bad, "top")
    assert await field_of(top=101) == (bad, "top")
    assert await field_of(ownerId="nope") == (bad, "ownerId")
    assert await field_of(pipelineId=crm.gid(owner.user)) == (bad, "pipelineId")


async def test_the_report_runs_the_same_statements_for_few_or_many_customers(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    async def measure() -> int:
        with count_statements() as counter:
            await api.ok(REPORT, YEAR, token=owner.access_token)
        return counter.count

    few = await measure()
    stage = await crm.first_stage(await crm.pipeline("More"))
    for i in range(20):
        who = await crm.contact(seller.user, first_name=f"New {i}", email=f"n{i}@example.test")
        await crm.deal(
            seller.user, stage=stage, status="won", contact=who, closed_at=_at(2025, 4 + i % 9, 3)
        )
    many = await measure()

    assert few == many <= 8
