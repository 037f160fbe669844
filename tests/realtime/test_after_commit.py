"""After-commit work happens once a change commits, and never for a refused or rolled-back one.

A change is one unit of work (models/unit_of_work.py): its outbox events and audit entries are
written with it, and what follows the commit (waking the relay, so subscribers hear at once)
runs only after the commit. Subscriptions start with ``after: "0"`` and events arrive in commit
order, so "nothing was heard of the refused write" is checked without waiting: the first event
heard after it is the next committed change's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from models import events
from models.audit import write_audit
from models.lead import Lead
from models.outbox import emit
from models.unit_of_work import unit_of_work
from tests.support import crm
from tests.support.accounts import make_user, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import Subscriber, subscribed

RECORD_EVENTS = """
subscription {
  recordEvents(objects: [COMPANY, CONTACT, DEAL, LEAD], after: "0") { kind object recordId }
}
"""
CONVERT = """
mutation($in: LeadConvertInput!) {
  leadConvert(input: $in) { lead { id } contact { id } company { id } deal { id } }
}
"""
LEAD_UPDATE = "mutation($in: LeadUpdateInput!) { leadUpdate(input: $in) { id } }"
AUDIT = "query { auditLog(first: 50) { edges { node { action } } } }"


def _convert(lead: str, stage: str) -> dict[str, Any]:
    deal = {"stageId": stage, "title": "Navy deal", "amount": "5000"}
    return {"in": {"id": lead, "createCompany": True, "createDeal": deal}}


async def _heard(subscriber: Subscriber, count: int) -> list[tuple[str, str, str]]:
    found = []
    for _ in range(count):
        event = (await subscriber.next())["recordEvents"]
        found.append((event["kind"], event["object"], event["recordId"]))
    return found


async def test_a_conversion_refused_half_way_is_never_heard_nor_audited(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    lead = crm.gid(await crm.lead(owner.user, company_name="Navy"))
    other = crm.gid(await crm.lead(owner.user, name="Grace Hopper"))
    # The deal is the last part made: the company and the contact are written before it fails.
    refused = _convert(lead, stage=lead)

    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS) as heard:
        error = await api.error(CONVERT, refused, token=owner.access_token)
        await api.ok(
            LEAD_UPDATE, {"in": {"id": other, "status": "qualified"}}, token=owner.access_token
        )
        first = await _heard(heard, 1)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert first == [("UPDATED", "LEAD", other)]
    audit = await api.ok(AUDIT, token=owner.access_token)
    assert [e["node"]["action"] for e in audit["auditLog"]["edges"]] == ["lead.update"]


async def test_a_conversion_is_heard_once_per_record_it_changed_after_it_commits(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    lead = crm.gid(await crm.lead(owner.user, company_name="Navy"))
    other = crm.gid(await crm.lead(owner.user, name="Grace Hopper"))

    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS) as heard:
        made = (await api.ok(CONVERT, _convert(lead, stage), token=owner.access_token))[
            "leadConvert"
        ]
        # A marker change: everything the conversion published comes before it.
        await api.ok(
            LEAD_UPDATE, {"in": {"id": other, "status": "qualified"}}, token=owner.access_token
        )
        found = await _heard(heard, 5)

    assert sorted(found[:4]) == sorted(
        [
            ("CREATED", "COMPANY", made["company"]["id"]),
            ("CREATED", "CONTACT", made["contact"]["id"]),
            ("CREATED", "DEAL", made["deal"]["id"]),
            ("UPDATED", "LEAD", lead),
        ]
    )
    assert found[4] == ("UPDATED", "LEAD", other)
    audit = await api.ok(AUDIT, token=owner.access_token)
    assert sorted(e["node"]["action"] for e in audit["auditLog"]["edges"]) == [
        "company.create",
        "contact.create",
        "deal.create",
        "lead.convert",
        "lead.update",
    ]


# The unit of work itself -----------------------------------------------------------------------


@pytest.fixture
def wakes() -> Iterator[list[int]]:
    """How often the relay would have been woken (models/events.py ``committed``)."""
    count = [0]

    def waker() -> None:
        count[0] += 1

    remove = events.on_commit(waker)
    yield count
    remove()


async def test_hooks_run_once_after_the_commit_and_nested_units_wait_for_the_outer(
    app: Any, wakes: list[int]
) -> None:
    ran: list[str] = []
    user = (await make_user()).user
    async with unit_of_work() as outer:
        outer.after_commit(lambda: ran.append("outer"))
        async with unit_of_work() as inner:
            assert inner is outer
            inner.after_commit(lambda: ran.append("inner"))
            await write_audit(user.id, "test.inner", "user", user.id)
        assert ran == [] and len(outer.audit) == 1

    assert ran == ["outer", "inner"]
    # No outbox event was written: there is nothing for the relay to publish.
    assert wakes == [0]


async def test_a_unit_with_events_wakes_the_relay_once_after_its_commit(
    app: Any, wakes: list[int]
) -> None:
    owner = (await make_user()).user
    first = await crm.lead(owner)
    second = await crm.lead(owner, name="Grace Hopper")
    async with unit_of_work() as unit:
        await _changed(first)
        await _changed(second)
        assert len(unit.events) == 2 and wakes == [0]

    assert wakes == [1]


async def test_nothing_runs_after_a_rollback(app: Any, wakes: list[int]) -> None:
    ran: list[str] = []
    lead = await crm.lead((await make_user()).user)
    with pytest.raises(RuntimeError):
        async with unit_of_work() as unit:
            unit.after_commit(lambda: ran.append("hook"))
            await _changed(lead)
            assert len(unit.events) == 1
            raise RuntimeError("refused half-way")

    assert ran == [] and wakes == [0]
    await lead.refresh_from_db()
    assert lead.status == "new"


async def _changed(lead: Lead) -> None:
    lead.status = "qualified"
    await lead.save()
    await emit(events.UPDATED, "lead", lead, changed=["status"], topics=["lead"], actor_id=None)
