"""funnelReport: per stage of a pipeline, the deals created in the range (by cohort of creation)
that reached it, conversion to the next stage and to won, time in stage and cycle time (median
and 90th percentile) and loss reasons, on a fixed data set with hand-computed figures (the
figures per role: test_funnel_permissions.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from models.deal import Deal
from models.deal_history import DealStageChange
from models.pipeline import Pipeline, Stage
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

REPORT = """
query($from: Date!, $to: Date!, $pipelineId: ID, $departmentId: ID, $ownerId: ID,
      $period: ReportPeriod! = MONTH) {
  funnelReport(from: $from, to: $to, pipelineId: $pipelineId, departmentId: $departmentId,
               ownerId: $ownerId, period: $period) {
    pipelineId
    total { ...cohort }
    cohorts { ...cohort }
    lostReasons { reason count }
  }
}
fragment cohort on FunnelCohort {
  period created won lost
  stages { name isWon entered advanced won conversionToNext conversionToWon
           timeInStage { count median p90 } }
  cycleTime { count median p90 }
}
"""
MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}
HOUR, DAY = 3600, 86400


def _at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


class Funnel:
    """A pipeline New -> Qualified -> Proposal -> Won (and Lost, not a step of the funnel)."""

    def __init__(self, pipeline: Pipeline, stages: dict[str, Stage]) -> None:
        self.pipeline = pipeline
        self.stages = stages

    async def deal(
        self,
        owner: User,
        dept: Any,
        created: datetime,
        path: list[tuple[str, datetime]],
        **values: Any,
    ) -> Deal:
        """A deal created in New at ``created`` that moved along ``path`` (stage, when): one
        history row per move with the time spent in the stage it left."""
        last_stage, last_at = "New", created
        for name, _ in path:
            last_stage = name
        made = await crm.deal(
            owner, dept, stage=self.stages[last_stage], created_at=created, **values
        )
        last_stage, last_at = "New", created
        for name, at in path:
            await DealStageChange.create(
                deal_id=made.pk,
                from_stage_id=self.stages[last_stage].pk,
                to_stage_id=self.stages[name].pk,
                at=at,
                seconds_in_previous=int((at - last_at).total_seconds()),
            )
            last_stage, last_at = name, at
        return made


async def _funnel(name: str = "Sales") -> Funnel:
    pipeline = await Pipeline.create(name=name)
    stages = {}
    for position, stage in enumerate(("New", "Qualified", "Proposal", "Won", "Lost")):
        stages[stage] = await Stage.create(
            pipeline=pipeline,
            name=stage,
            position=position,
            is_won=stage == "Won",
            is_lost=stage == "Lost",
        )
    return Funnel(pipeline, stages)


async def _data(seller: User, other: User) -> dict[str, Any]:
    """The fixed data set, deals by their number in the comments below."""
    f = await _funnel()
    sales, far = await crm.department("Sales"), await crm.department("Far")
    # March cohort.
    # D1: 1 day in New, 2 in Qualified, 1 in Proposal, won on Mar 5 (cycle 4 days).
    await f.deal(
        seller,
        sales,
        _at(3, 1, 10),
        [("Qualified", _at(3, 2, 10)), ("Proposal", _at(3, 4, 10)), ("Won", _at(3, 5, 10))],
        status="won",
        closed_at=_at(3, 5, 10),
    )
    # D2: 6 hours in New, 42 hours in Qualified, then lost for "Price".
    await f.deal(
        seller,
        sales,
        _at(3, 3),
        [("Qualified", _at(3, 3, 6)), ("Lost", _at(3, 5))],
        status="lost",
        lost_reason="Price",
        closed_at=_at(3, 5),
    )
    # D3: still in New.
    await f.deal(other, far, _at(3, 10), [])
    # D4: 1 day in New, skips Qualified, 10 days in Proposal, won on Mar 31 (cycle 11 days).
    await f.deal(
        other,
        far,
        _at(3, 20),
        [("Proposal", _at(3, 21)), ("Won", _at(3, 31))],
        status="won",
        closed_at=_at(3, 31),
    )
    # April cohort.
    # D5: 1 day in New, lost for "Price".
    await f.deal(
        seller,
        sales,
        _at(4, 2),
        [("Lost", _at(4, 3))],
        status="lost",
        lost_reason="Price",
        closed_at=_at(4, 3),
    )
    # D6: 12 hours in New, now in Qualified.
    await f.deal(other, far, _at(4, 5), [("Qualified", _at(4, 5, 12))])
    # D7: 3 days in New, lost without a reason.
    await f.deal(
        seller, sales, _at(4, 6), [("Lost", _at(4, 9))], status="lost", closed_at=_at(4, 9)
    )
    # Not counted: created before the range, deleted, or in another pipeline.
    await f.deal(seller, sales, _at(2, 20), [("Won", _at(3, 2))], status="won", closed_at=_at(3, 2))
    await f.deal(seller, sales, _at(3, 2), [], deleted_at=_at(3, 3))
    elsewhere = await _funnel("Other")
    await elsewhere.deal(seller, sales, _at(3, 2), [("Qualified", _at(3, 3))])
    return {"funnel": f, "sales": sales, "far": far, "elsewhere": elsewhere}


def _stage(
    name: str,
    entered: int,
    advanced: int,
    won: int,
    to_next: float | None,
    to_won: float | None,
    stays: tuple[int, float | None, float | None] | None = (0, None, None),
) -> dict[str, Any]:
    return {
        "name": name,
        "isWon": name == "Won",
        "entered": entered,
        "advanced": advanced,
        "won": won,
        "conversionToNext": to_next,
        "conversionToWon": to_won,
        "timeInStage": None
        if stays is None
        else {"count": stays[0], "median": stays[1], "p90": stays[2]},
    }


def _durations(count: int, median: float | None, p90: float | None) -> dict[str, Any]:
    return {"count": count, "median": median, "p90": p90}


# Percentiles are continuous: the value at position 1 + p (n - 1) of the sorted durations,
# interpolated between the two nearest ones (PostgreSQL's percentile_cont).
MARCH = {
    "period": "2026-03-01",
    "created": 4,
    "won": 2,
    "lost": 1,
    "stages": [
        # Reached New: D1-D4; then Qualified: D1, D2 and D4 (won: went through every stage).
        # Stays in New: 6 h, 1 d, 1 d -> median 1 d; p90 at 2.8 -> 1 d.
        _stage("New", 4, 3, 2, 0.75, 0.5, (3, DAY, DAY)),
        # Reached Proposal: D1, D4 (2 of 3). Stays: 42 h, 2 d -> median 45 h;
        # p90 at 1.9: 151200 + 0.9 * 21600 = 170640.
        _stage("Qualified", 3, 2, 2, 0.6667, 0.6667, (2, 45 * HOUR, 170640)),
        # Stays 1 d and 10 d -> median 5.5 d = 475200; p90: 86400 + 0.9 * 777600 = 786240.
        _stage("Proposal", 2, 2, 2, 1.0, 1.0, (2, 475200, 786240)),
        _stage("Won", 2, 0, 2, None, 1.0),
    ],
    # D1 4 d (345600), D4 11 d (950400): median 648000; p90 345600 + 0.9 * 604800 = 889920.
    "cycleTime": _durations(2, 648000, 889920),
}
APRIL = {
    "period": "2026-04-01",
    "created": 3,
    "won": 0,
    "lost": 2,
    "stages": [
        # D5, D6, D7 in New; only D6 reached Qualified. Stays 12 h, 1 d, 3 d -> median 1 d;
        # p90 at 2.8: 86400 + 0.8 * 172800 = 224640.
        _stage("New", 3, 1, 0, 0.3333, 0.0, (3, DAY, 224640)),
        # D6 is still in Qualified: no completed stay.
        _stage("Qualified", 1, 0, 0, 0.0, 0.0),
        _stage("Proposal", 0, 0, 0, None, None),
        _stage("Won", 0, 0, 0, None, None),
    ],
    "cycleTime": _durations(0, None, None),
}
TOTAL = {
    "period": None,
    "created": 7,
    "won": 2,
    "lost": 3,
    "stages": [
        # 4 of 7 reached Qualified (0.5714), 2 of 7 won (0.2857). Stays in New, sorted:
        # 6 h, 12 h, 1 d, 1 d, 1 d, 3 d -> median at 3.5: 1 d; p90 at 5.5: 1 d + 0.5 * 2 d.
        _stage("New", 7, 4, 2, 0.5714, 0.2857, (6, DAY, 2 * DAY)),
        _stage("Qualified", 4, 2, 2, 0.5, 0.5, (2, 45 * HOUR, 170640)),
        _stage("Proposal", 2, 2, 2, 1.0, 1.0, (2, 475200, 786240)),
        _stage("Won", 2, 0, 2, None, 1.0),
    ],
    "cycleTime": _durations(2, 648000, 889920),
}


async def _accounts(api: GraphQLClient) -> tuple[Account, Account, Account]:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson", email="seller@acme.test", department="Sales")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Far")
    return owner, seller, other


async def test_conversion_time_in_stage_cycle_time_and_reasons_per_cohort(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=owner.access_token))["funnelReport"]

    # No pipelineId: the first pipeline by position (then id), "Sales".
    assert data["pipelineId"] == crm.gid(made["funnel"].pipeline)
    assert data["cohorts"] == [MARCH, APRIL]
    assert data["total"] == TOTAL
    # D2 and D5 lost for "Price", D7 without a reason.
    assert data["lostReasons"] == [{"reason": "Price", "count": 2}, {"reason": None, "count": 1}]


async def test_weekly_cohorts_and_another_pipeline(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)

    weeks = (await api.ok(REPORT, {**MARCH_APRIL, "period": "WEEK"}, token=owner.access_token))[
        "funnelReport"
    ]
    elsewhere = (
        await api.ok(
            REPORT,
            {**MARCH_APRIL, "pipelineId": crm.gid(made["elsewhere"].pipeline)},
            token=owner.access_token,
        )
    )["funnelReport"]

    # Created Mar 1 (a Sunday: the week of Feb 23), Mar 3, Mar 10, Mar 20, Apr 2, Apr 5 (a
    # Sunday), Apr 6.
    assert [(c["period"], c["created"]) for c in weeks["cohorts"]] == [
        ("2026-02-23", 1),
        ("2026-03-02", 1),
        ("2026-03-09", 1),
        ("2026-03-16", 1),
        ("2026-03-30", 2),
        ("2026-04-06", 1),
    ]
    assert weeks["total"] == TOTAL
    # The other pipeline's one deal: 1 day in New, now in Qualified.
    assert [(s["name"], s["entered"]) for s in elsewhere["total"]["stages"]] == [
        ("New", 1),
        ("Qualified", 1),
        ("Proposal", 0),
        ("Won", 0),
    ]
    assert elsewhere["total"]["stages"][0]["timeInStage"] == _durations(1, DAY, DAY)


async def test_filters_narrow_the_cohort(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)

    async def totals(**filters: str) -> tuple[int, int, int, list[int]]:
        data = await api.ok(REPORT, {**MARCH_APRIL, **filters}, token=owner.access_token)
        total = data["funnelReport"]["total"]
        return (
            total["created"],
            total["won"],
            total["lost"],
            [s["entered"] for s in total["stages"]],
        )

    # The seller's D1, D2, D5, D7: D1 won, the others lost; D2 reached Qualified.
    assert await totals(ownerId=crm.gid(seller.user)) == (4, 1, 3, [4, 2, 1, 1])
    # Far: D3, D4, D6.
    assert await totals(departmentId=crm.gid(made["far"])) == (3, 1, 0, [3, 2, 1, 1])


async def test_bad_ranges_and_pipelines_are_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    f = await _funnel()

    async def error(variables: dict[str, Any]) -> dict[str, Any]:
        return (await api.error(REPORT, variables, token=owner.access_token))["extensions"]

    assert await error({"from": "2026-03-02", "to": "2026-03-01"}) == {
        "code": "BAD_USER_INPUT",
        "field": "to",
    }
    assert await error({"from": "2020-01-01", "to": "2026-03-01"}) == {
        "code": "BAD_USER_INPUT",
        "field": "to",
    }
    for bad in ("nope", crm.gid(owner.user), crm.gid(f.pipeline)[:-2] + "99"):
        found = await error({**MARCH_APRIL, "pipelineId": bad})
        assert found["code"] == "BAD_USER_INPUT", bad
        assert found["field"] == "pipelineId", bad


async def test_the_report_runs_the_same_statements_for_few_or_many_deals(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)
    f: Funnel = made["funnel"]

    async def measure() -> int:
        with count_statements() as counter:
            await api.ok(REPORT, {**MARCH_APRIL, "period": "DAY"}, token=owner.access_token)
        return counter.count

    few = await measure()
    for i in range(30):
        created = _at(3, 1 + i % 28)
        await f.deal(
            seller.user, made["sales"], created, [("Qualified", created + timedelta(hours=i))]
        )
    many = await measure()

    assert few == many <= 6
