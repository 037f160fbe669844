"""funnelReport under each role: department and own scope, hidden stage history, the templates
that read deals, and the refusals (no deals, a hidden filter field, no stages), on the fixed
data set of tests/reports/test_funnel_report.py."""

from __future__ import annotations

from tests.reports.test_funnel_report import (
    HOUR,
    MARCH_APRIL,
    REPORT,
    TOTAL,
    _accounts,
    _data,
    _durations,
    _stage,
)
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant


async def test_a_department_scope_counts_only_its_department(api: GraphQLClient) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=seller.access_token))["funnelReport"]

    assert data["total"]["created"] == 4
    assert data["lostReasons"] == [{"reason": "Price", "count": 2}, {"reason": None, "count": 1}]


async def test_a_rep_limited_to_own_deals_sees_only_its_own_figures(api: GraphQLClient) -> None:
    fields = {f: "read" for f in ("stage", "pipeline", "status", "closedAt", "stageHistory")}
    role = await custom_role(
        "Own deals",
        20,
        {"deal": grant(["read"], "own", "own", fields), "pipeline": grant(["read"])},
    )
    mine = await signed_in(api, role, email="mine@acme.test")
    _, seller, _ = await _accounts(api)
    # The data set with "mine" in the far seller's place: D3, D4, D6 are its deals.
    await _data(seller.user, mine.user)

    data = (await api.ok(REPORT, MARCH_APRIL, token=mine.access_token))["funnelReport"]

    total = data["total"]
    assert (total["created"], total["won"], total["lost"]) == (3, 1, 0)
    # D4 won (every stage); D6 in Qualified; D3 in New. Stays in New: 12 h, 1 d.
    assert total["stages"][0] == _stage("New", 3, 2, 1, 0.6667, 0.3333, (2, 18 * HOUR, 82080))
    assert total["cycleTime"] == _durations(1, 950400, 950400)
    # lostReason is not granted.
    assert data["lostReasons"] is None


async def test_roles_that_may_not_read_history_get_no_time_in_stage(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    fields = {f: "read" for f in ("stage", "pipeline", "status", "closedAt")}
    role = await custom_role(
        "No history", 20, {"deal": grant(["read"], fields=fields), "pipeline": grant(["read"])}
    )
    viewer = await signed_in(api, role)

    data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["funnelReport"]

    assert data["total"]["created"] == 7
    assert all(s["timeInStage"] is None for s in data["total"]["stages"])
    assert all(s["timeInStage"] is None for c in data["cohorts"] for s in c["stages"])
    assert data["lostReasons"] is None
    # Counts and conversion are still there.
    assert [s["entered"] for s in data["total"]["stages"]] == [7, 4, 2, 2]


async def test_every_template_that_reads_deals_gets_the_funnel(api: GraphQLClient) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    for role in ("admin", "senior_manager", "marketing", "read_only"):
        viewer = await signed_in(api, role, email=f"{role}.viewer@acme.test", department="Sales")

        data = (await api.ok(REPORT, MARCH_APRIL, token=viewer.access_token))["funnelReport"]

        assert data["total"] == TOTAL, role


async def test_a_role_without_deals_gets_no_report(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")

    result = await api.execute(REPORT, MARCH_APRIL, token=support.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert result.data is None


async def test_filtering_by_a_hidden_field_or_without_stages_is_refused(
    api: GraphQLClient,
) -> None:
    fields = {f: "read" for f in ("stage", "pipeline", "status", "closedAt")}
    role = await custom_role(
        "No owners", 20, {"deal": grant(["read"], fields=fields), "pipeline": grant(["read"])}
    )
    viewer = await signed_in(api, role)
    no_stage = await custom_role(
        "No stage",
        20,
        {"deal": grant(["read"], fields={"status": "read", "closedAt": "read"})},
    )
    blind = await signed_in(api, no_stage, email="blind@acme.test")

    filtered = await api.execute(
        REPORT, {**MARCH_APRIL, "ownerId": crm.gid(viewer.user)}, token=viewer.access_token
    )
    counted = await api.execute(REPORT, MARCH_APRIL, token=blind.access_token)

    assert filtered.codes == ["FORBIDDEN"]
    assert filtered.errors[0]["extensions"]["field"] == "owner"
    assert counted.codes == ["FORBIDDEN"]
    assert counted.errors[0]["extensions"]["field"] == "stage"
