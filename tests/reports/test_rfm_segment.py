"""customerReportSaveSegment: an RFM segment of customerReport saved as a live segment selects,
for each reader, exactly the customers the report puts in that segment for that reader; saving
is permission-checked, validated before anything is written, and audited."""

from __future__ import annotations

from typing import Any

from models.audit import AuditEntry
from models.segment import Segment
from tests.reports.test_customer_report import REPORT, SEGMENTS, YEAR, _accounts, _data
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, grant

SAVE = """
mutation($input: RfmSegmentInput!) {
  customerReportSaveSegment(input: $input) { id name behaviour count }
}
"""
MEMBERS = """
query($id: ID!) {
  node(id: $id) {
    ... on Segment { count contacts(first: 100) { edges { node { firstName } } } }
  }
}
"""


async def _save(api: GraphQLClient, who: Account, segment: str, **extra: Any) -> dict[str, Any]:
    variables = {"input": {"name": f"RFM {segment}", "segment": segment, **YEAR, **extra}}
    data = await api.ok(SAVE, variables, token=who.access_token)
    return dict(data["customerReportSaveSegment"])


async def _members(api: GraphQLClient, who: Account, segment_id: str) -> list[str]:
    node = (await api.ok(MEMBERS, {"id": segment_id}, token=who.access_token))["node"]
    names = sorted(e["node"]["firstName"] for e in node["contacts"]["edges"])
    assert node["count"] == len(names)
    return names


async def _report(api: GraphQLClient, who: Account) -> dict[str, list[str]]:
    data = await api.ok(REPORT, {**YEAR, "top": 100}, token=who.access_token)
    found: dict[str, list[str]] = {s: [] for s in SEGMENTS}
    for row in data["customerReport"]["topCustomers"]:
        found[row["segment"]].append(row["contact"]["firstName"])
    return {s: sorted(names) for s, names in found.items()}


async def test_each_saved_segment_holds_the_reports_customers_for_each_reader(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    marketing = await signed_in(api, "marketing", email="marketing@acme.test")
    saved = {s: await _save(api, owner, s) for s in SEGMENTS}

    # The Owner: the hand-computed segments of test_customer_report.py, one customer each.
    assert {s: await _members(api, owner, saved[s]["id"]) for s in SEGMENTS} == {
        "CHAMPIONS": ["Ann"],
        "LOYAL": ["Bob"],
        "NEW": ["Cyd"],
        "PROMISING": ["Dee"],
        "AT_RISK": ["Eve"],
        "HIBERNATING": ["Fay"],
        "LOST": [],
    }
    # Each reader gets, per segment, what the report shows it (its own scope and fields).
    for reader in (owner, seller, marketing):
        report = await _report(api, reader)
        members = {s: await _members(api, reader, saved[s]["id"]) for s in SEGMENTS}
        assert members == report, reader.email
    assert (await _members(api, seller, saved["NEW"]["id"])) == []


async def test_the_saved_condition_keeps_the_range_and_filters(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    far = await crm.department("Far")

    saved = await _save(api, owner, "AT_RISK", departmentId=crm.gid(far))
    near = await _save(api, owner, "AT_RISK", departmentId=crm.gid(await crm.department("Sales")))

    assert saved["behaviour"] == {
        "rfm": {
            "segment": "at_risk",
            "from": "2025-04-01",
            "to": "2026-03-31",
            "pipelineId": None,
            "departmentId": crm.gid(far),
            "ownerId": None,
        }
    }
    assert saved["count"] == 1 and near["count"] == 0
    assert await _members(api, owner, saved["id"]) == ["Eve"]


async def test_saving_is_audited(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    saved = await _save(api, owner, "LOYAL")

    entry = await AuditEntry.filter(action="segment.create").order_by("-id").first()
    assert entry is not None and entry.actor_id == owner.user.id
    assert crm.gid(await Segment.get(id=entry.record_id)) == saved["id"]


async def test_saving_needs_segments_and_the_report_and_writes_nothing_otherwise(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    no_deals = await custom_role(
        "Segments without deals",
        20,
        {"segment": grant(["create", "read"]), "contact": grant(["read"])},
    )
    blind = await signed_in(api, no_deals, email="blind@acme.test")
    before = (await Segment.all().count(), await audit_count())

    # A Salesperson reads segments but does not create them.
    by_seller = await api.execute(
        SAVE, {"input": {"name": "Mine", "segment": "LOYAL", **YEAR}}, token=seller.access_token
    )
    # Creating segments is not enough: the report's deals must be readable.
    by_blind = await api.execute(
        SAVE, {"input": {"name": "Mine", "segment": "LOYAL", **YEAR}}, token=blind.access_token
    )

    assert by_seller.codes == ["FORBIDDEN"]
    assert by_blind.codes == ["FORBIDDEN"]
    assert (await Segment.all().count(), await audit_count()) == before


async def test_bad_inputs_are_bad_user_input_and_write_nothing(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    before = (await Segment.all().count(), await audit_count())

    async def field_of(**changes: Any) -> tuple[str, str]:
        variables = {"input": {"name": "RFM", "segment": "LOYAL", **YEAR, **changes}}
        error = await api.error(SAVE, variables, token=owner.access_token)
        return error["extensions"]["code"], error["extensions"]["field"]

    bad = "BAD_USER_INPUT"
    assert await field_of(name="   ") == (bad, "name")
    assert await field_of(name="x" * 101) == (bad, "name")
    assert await field_of(to="2025-01-01") == (bad, "to")
    assert await field_of(**{"from": "2019-01-01"}) == (bad, "to")
    assert await field_of(pipelineId="nope") == (bad, "pipelineId")
    assert await field_of(ownerId=crm.gid(await crm.department("Sales"))) == (bad, "ownerId")
    assert (await Segment.all().count(), await audit_count()) == before
