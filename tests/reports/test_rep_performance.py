"""repPerformance: per rep, deals created, won and lost, won revenue in the base currency,
activities by kind, tasks done and overdue (against the injected clock) and new leads' time to
first contact, on a fixed data set with hand-computed figures; scope, hidden parts and amounts,
and denials per role template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from models.clock import FrozenClock
from models.deal import Deal
from models.exchange import ExchangeRate
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, sign_in, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.sql import count_statements

REPORT = """
query($from: Date!, $to: Date!, $departmentId: ID, $ownerId: ID) {
  repPerformance(from: $from, to: $to, departmentId: $departmentId, ownerId: $ownerId) {
    baseCurrency now
    reps {
      ownerId dealsCreated dealsWon dealsLost wonRevenue { amount currency } unconverted
      activities { kind count } tasksDone tasksOverdue newLeads
      timeToFirstContact { count median p90 }
    }
  }
}
"""
MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}
NOW = datetime(2026, 4, 20, 12, tzinfo=UTC)
HOUR = 3600


def _at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


async def _data(seller: User, other: User) -> dict[str, Any]:
    """The fixed data set; the comments name each row as the expectations below do."""
    stage = await crm.first_stage(await crm.pipeline("Sales"))
    sales, far = await crm.department("Sales"), await crm.department("Far")

    async def deal(owner: User, created: datetime, **values: Any) -> Deal:
        dept = sales if owner == seller else far
        return await crm.deal(owner, dept, stage=stage, created_at=created, **values)

    # Deals. A USD rate of 0.9 from March 1st; no GBP rate.
    await ExchangeRate.create(currency="USD", rate=Decimal("0.9"), valid_on=date(2026, 3, 1))
    await deal(seller, _at(3, 2), amount="1000.00", status="won", closed_at=_at(3, 10))  # A
    await deal(  # B: created before the range, won in it
        seller, _at(2, 20), amount="200.00", currency="USD", status="won", closed_at=_at(3, 15)
    )
    await deal(seller, _at(3, 5), status="lost", closed_at=_at(3, 6))  # C
    await deal(seller, _at(4, 1))  # D: open
    await deal(seller, _at(3, 1), status="won", closed_at=_at(5, 5))  # E: won after the range
    await deal(other, _at(3, 3), amount="500.00", status="won", closed_at=_at(4, 2))  # F
    await deal(other, _at(1, 10), status="lost", closed_at=_at(3, 20))  # G
    await deal(  # H: no GBP rate
        other, _at(3, 4), amount="50.00", currency="GBP", status="won", closed_at=_at(4, 10)
    )
    await deal(seller, _at(3, 2), status="won", closed_at=_at(3, 3), deleted_at=_at(3, 4))

    # New leads (contacts created in the range) and the activities on them.
    k0 = await crm.contact(seller, sales, created_at=_at(2, 1))  # before the range
    k1 = await crm.contact(seller, sales, created_at=_at(3, 1, 9))
    k2 = await crm.contact(seller, sales, created_at=_at(3, 10))
    await crm.lead(seller, sales, created_at=_at(3, 8), status="converted", contact_id=k2.pk)
    await crm.contact(seller, sales, created_at=_at(4, 1))  # K3: never contacted
    k4 = await crm.contact(seller, sales, created_at=_at(4, 2))
    k5 = await crm.contact(other, far, created_at=_at(3, 20))

    async def activity(owner: User, kind: str, when: datetime, **values: Any) -> None:
        dept = sales if owner == seller else far
        await crm.activity(owner, dept, kind=kind, occurred_at=when, **values)

    await activity(seller, "call", _at(3, 1, 11), contact=k1)  # 1: K1 waited 2 h
    await activity(seller, "meeting", _at(2, 28), contact=k1)  # 2: before K1 and the range
    await activity(seller, "email", _at(3, 11), contact=k2)  # 3: K2 waited 3 d (from its lead)
    await activity(seller, "call", _at(3, 10))  # 4
    await activity(seller, "note", _at(5, 1), contact=k0)  # 5: after the range
    await activity(other, "call", _at(4, 2, 6), contact=k4)  # 6: K4 waited 6 h
    await activity(other, "chat", _at(3, 20, 1), contact=k5)  # 7: K5 waited 1 h
    await activity(other, "email", _at(3, 5))  # 8
    await activity(other, "sms", _at(4, 29, 23))  # 9

    # Tasks (the clock says NOW = April 20th, noon).
    async def task(owner: User, **values: Any) -> None:
        await crm.task(owner, sales if owner == seller else far, **values)

    await task(seller, status="done", completed_at=_at(3, 15))  # T1
    await task(seller, status="done", completed_at=_at(5, 2))  # T2: after the range
    await task(seller, due_at=_at(4, 10))  # T3: overdue
    await task(seller, due_at=_at(4, 25))  # T4: not due yet
    await task(seller, status="cancelled", due_at=_at(4, 1))  # T5
    await task(other, assignee=seller, status="in_progress", due_at=_at(3, 31))  # T6: seller's
    await task(other, status="done", completed_at=_at(4, 1))  # T7
    await task(seller, assignee=other, status="done", completed_at=_at(4, 3))  # T8: other's
    await task(other, due_at=_at(2, 10))  # T9: due before the range
    return {"sales": sales, "far": far}


def _durations(count: int, median: float | None, p90: float | None) -> dict[str, Any]:
    return {"count": count, "median": median, "p90": p90}


def _seller(gid: str, revenue: str | None = "1180.00") -> dict[str, Any]:
    return {
        "ownerId": gid,
        # Created in the range: A, C, D, E; won in it: A, B; lost: C.
        "dealsCreated": 4,
        "dealsWon": 2,
        "dealsLost": 1,
        # A 1000 EUR + B 200 USD at 0.9.
        "wonRevenue": {"amount": revenue, "currency": "EUR"} if revenue else None,
        "unconverted": 0,
        # Activities 1, 3, 4.
        "activities": [{"kind": "call", "count": 2}, {"kind": "email", "count": 1}],
        # T1 done; T3 and T6 (assigned to the seller) overdue.
        "tasksDone": 1,
        "tasksOverdue": 2,
        # K1-K4. Waits 2 h, 6 h, 3 d: median 6 h; p90 at 2.8: 21600 + 0.8 * 237600 = 211680.
        "newLeads": 4,
        "timeToFirstContact": _durations(3, 6 * HOUR, 211680),
    }


def _other(gid: str, revenue: str | None = "500.00") -> dict[str, Any]:
    return {
        "ownerId": gid,
        # Created: F, H; won: F, H (H has no GBP rate); lost: G.
        "dealsCreated": 2,
        "dealsWon": 2,
        "dealsLost": 1,
        "wonRevenue": {"amount": revenue, "currency": "EUR"} if revenue else None,
        "unconverted": 1,
        # Activities 6-9.
        "activities": [
            {"kind": "call", "count": 1},
            {"kind": "chat", "count": 1},
            {"kind": "email", "count": 1},
            {"kind": "sms", "count": 1},
        ],
        # T7, T8.
        "tasksDone": 2,
        "tasksOverdue": 0,
        # K5 waited 1 h.
        "newLeads": 1,
        "timeToFirstContact": _durations(1, HOUR, HOUR),
    }


async def _accounts(api: GraphQLClient, clock: FrozenClock) -> tuple[Account, Account, Account]:
    clock.set(NOW)
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson", email="seller@acme.test", department="Sales")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Far")
    return owner, seller, other


async def test_each_reps_deals_revenue_activities_tasks_and_first_contact(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner, seller, other = await _accounts(api, clock)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=owner.access_token))["repPerformance"]

    assert data["baseCurrency"] == "EUR"
    assert data["now"] == "2026-04-20T12:00:00+00:00"
    assert data["reps"] == [_seller(crm.gid(seller.user)), _other(crm.gid(other.user))]


async def test_overdue_follows_the_clock(api: GraphQLClient, clock: FrozenClock) -> None:
    owner, seller, other = await _accounts(api, clock)
    await _data(seller.user, other.user)

    clock.set(_at(4, 26))
    await sign_in(api, owner)  # the token signed on the 20th has expired
    data = (await api.ok(REPORT, MARCH_APRIL, token=owner.access_token))["repPerformance"]

    # T4 (due April 25th) is now overdue as well.
    assert [r["tasksOverdue"] for r in data["reps"]] == [3, 0]


async def test_filters_narrow_every_part(api: GraphQLClient, clock: FrozenClock) -> None:
    owner, seller, other = await _accounts(api, clock)
    made = await _data(seller.user, other.user)

    by_owner = await api.ok(
        REPORT, {**MARCH_APRIL, "ownerId": crm.gid(other.user)}, token=owner.access_token
    )
    by_department = await api.ok(
        REPORT, {**MARCH_APRIL, "departmentId": crm.gid(made["sales"])}, token=owner.access_token
    )

    assert by_owner["repPerformance"]["reps"] == [_other(crm.gid(other.user))]
    # The Sales department: the seller's records, and T8 (owned by the seller in Sales,
    # assigned to the other rep); T6 is in Far, so the seller has one overdue task.
    reps = by_department["repPerformance"]["reps"]
    assert [r["ownerId"] for r in reps] == [crm.gid(seller.user), crm.gid(other.user)]
    assert reps[0] == {**_seller(crm.gid(seller.user)), "tasksOverdue": 1}
    assert reps[1]["tasksDone"] == 1
    assert reps[1]["dealsCreated"] == 0


async def test_a_department_scope_hides_the_other_departments_records(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    _, seller, other = await _accounts(api, clock)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=seller.access_token))["repPerformance"]

    # Salespeople read their department's deals, activities and tasks, and every contact.
    me, them = crm.gid(seller.user), crm.gid(other.user)
    assert [r["ownerId"] for r in data["reps"]] == [me, them]
    mine = data["reps"][0]
    # Deal money is the seller's to read (only cost and margin are hidden).
    assert mine["wonRevenue"] == {"amount": "1180.00", "currency": "EUR"}
    # T6 is a Far task, but assigned to the seller: seen. K4's only activity is a Far one:
    # K4 looks uncontacted, so the waits are 2 h and 3 d: median 133200; p90 at 1.9:
    # 7200 + 0.9 * 252000 = 234000.
    assert mine["tasksOverdue"] == 2
    assert mine["timeToFirstContact"] == _durations(2, 133200, 234000)
    # The other rep: K5 is seen, its Far activity is not; no Far deal, activity or task.
    assert data["reps"][1] == {
        "ownerId": them,
        "dealsCreated": 0,
        "dealsWon": 0,
        "dealsLost": 0,
        "wonRevenue": {"amount": "0.00", "currency": "EUR"},
        "unconverted": 0,
        "activities": [],
        "tasksDone": 1,
        "tasksOverdue": 0,
        "newLeads": 1,
        "timeToFirstContact": _durations(0, None, None),
    }


async def test_a_rep_limited_to_own_records_sees_only_its_own_figures(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    def own(fields: tuple[str, ...]) -> dict[str, Any]:
        return grant(["read"], "own", "own", {f: "read" for f in fields})

    role = await custom_role(
        "Own records",
        20,
        {
            "deal": own(("amount", "owner", "status", "closedAt")),
            "activity": own(("owner", "kind", "occurredAt", "contact")),
            "task": own(("owner", "assignee", "status", "dueAt", "completedAt")),
            "contact": own(("owner",)),
        },
    )
    _, seller, _ = await _accounts(api, clock)
    mine = await signed_in(api, role, email="mine@acme.test")
    # The data set with "mine" in the other rep's place.
    await _data(seller.user, mine.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=mine.access_token))["repPerformance"]

    # T8 is owned by the seller but assigned to "mine": "own" covers the assignee. T6 is
    # owned by "mine" but assigned to the seller: counted as the seller's.
    assert data["reps"] == [
        {
            "ownerId": crm.gid(seller.user),
            "dealsCreated": 0,
            "dealsWon": 0,
            "dealsLost": 0,
            "wonRevenue": {"amount": "0.00", "currency": "EUR"},
            "unconverted": 0,
            "activities": [],
            "tasksDone": 0,
            "tasksOverdue": 1,
            "newLeads": 0,
            "timeToFirstContact": _durations(0, None, None),
        },
        _other(crm.gid(mine.user)),
    ]


async def test_roles_that_may_not_read_amounts_get_null_revenue(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    _, seller, other = await _accounts(api, clock)
    await _data(seller.user, other.user)

    for role in ("marketing", "read_only"):
        viewer = await signed_in(api, role, email=f"{role}@acme.test")

        data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["repPerformance"]

        reps = data["reps"]
        assert [r["wonRevenue"] for r in reps] == [None, None], role
        assert [(r["dealsWon"], r["unconverted"]) for r in reps] == [(2, 0), (2, 1)], role
        assert reps[0]["activities"] == _seller("")["activities"], role


async def test_parts_the_viewer_may_not_read_are_null(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    _, seller, other = await _accounts(api, clock)
    await _data(seller.user, other.user)
    fields = {f: "read" for f in ("owner", "status", "closedAt")}
    role = await custom_role("Deals only", 20, {"deal": grant(["read"], fields=fields)})
    viewer = await signed_in(api, role)

    data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["repPerformance"]

    assert data["reps"] == [
        {
            **_seller(crm.gid(seller.user), revenue=None),
            "activities": None,
            "tasksDone": None,
            "tasksOverdue": None,
            "newLeads": None,
            "timeToFirstContact": None,
        },
        {
            **_other(crm.gid(other.user), revenue=None),
            "activities": None,
            "tasksDone": None,
            "tasksOverdue": None,
            "newLeads": None,
            "timeToFirstContact": None,
        },
    ]


async def test_a_role_without_deals_gets_no_report(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")

    result = await api.execute(REPORT, MARCH_APRIL, token=support.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert result.data is None


async def test_a_role_that_may_not_read_deal_owners_gets_no_report(api: GraphQLClient) -> None:
    fields = {f: "read" for f in ("amount", "status", "closedAt")}
    role = await custom_role("No owners", 20, {"deal": grant(["read"], fields=fields)})
    viewer = await signed_in(api, role)

    result = await api.execute(REPORT, MARCH_APRIL, token=viewer.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "owner"


async def test_bad_ranges_and_ids_are_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    async def error(variables: dict[str, Any]) -> dict[str, Any]:
        return (await api.error(REPORT, variables, token=owner.access_token))["extensions"]

    to = {"code": "BAD_USER_INPUT", "field": "to"}
    assert await error({"from": "2026-03-02", "to": "2026-03-01"}) == to
    assert await error({"from": "2020-01-01", "to": "2026-03-01"}) == to
    assert await error({**MARCH_APRIL, "ownerId": "nope"}) == {
        "code": "BAD_USER_INPUT",
        "field": "ownerId",
    }
    wrong_type = await error({**MARCH_APRIL, "departmentId": crm.gid(owner.user)})
    assert wrong_type == {"code": "BAD_USER_INPUT", "field": "departmentId"}


async def test_the_report_runs_the_same_statements_for_few_or_many_records(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner, seller, other = await _accounts(api, clock)
    await _data(seller.user, other.user)

    async def measure() -> int:
        with count_statements() as counter:
            await api.ok(REPORT, MARCH_APRIL, token=owner.access_token)
        return counter.count

    few = await measure()
    for i in range(20):
        rep = seller.user if i % 2 else other.user
        contact = await crm.contact(rep, created_at=_at(3, 1 + i))
        await crm.activity(rep, kind="call", occurred_at=_at(3, 2 + i), contact=contact)
        await crm.deal(rep, created_at=_at(4, 1 + i), status="won", closed_at=_at(4, 2 + i))
        await crm.task(rep, due_at=_at(4, 1 + i))
    many = await measure()

    assert few == many <= 8
