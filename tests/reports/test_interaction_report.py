"""interactionReport: activities by local hour, weekday, kind and outcome, and the contacts
nobody has talked to for N days, on a fixed data set with hand-computed figures; the time zone
(across a daylight-saving change), scope, hidden fields and denials per role template."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from models.contact import Contact
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.sql import count_statements

REPORT = """
query($from: Date!, $to: Date!, $ownerId: ID, $departmentId: ID, $silentDays: Int,
      $silentFirst: Int! = 50, $timeZone: String = "Europe/Madrid") {
  interactionReport(from: $from, to: $to, ownerId: $ownerId, departmentId: $departmentId,
                    silentDays: $silentDays, silentFirst: $silentFirst, timeZone: $timeZone) {
    timeZone total
    byHour { hour count }
    byWeekday { weekday count }
    byKind { key count }
    byOutcome { key count }
    silentTotal
    silentCustomers { contact { id firstName } lastInteractionAt }
  }
}
"""
# Monday March 23rd to Sunday April 5th 2026. Madrid moves from CET (UTC+1) to CEST (UTC+2) at
# 01:00 UTC on Sunday March 29th, in the middle of the range.
RANGE = {"from": "2026-03-23", "to": "2026-04-05"}


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def _data(seller: User, other: User) -> dict[str, Contact]:
    """The fixed data set (times in UTC; Madrid local time and weekday in the comments).
    ``seller``'s rows are in department Sales, ``other``'s in Far."""
    sales, far = await crm.department("Sales"), await crm.department("Far")
    contacts = {
        name: await crm.contact(owner, dept, first_name=name, email=f"{name.lower()}@example.test")
        for name, owner, dept in (
            ("Ann", seller, sales),
            ("Bob", seller, sales),
            ("Cyd", other, far),
            ("Dee", seller, sales),  # never contacted
            ("Eve", other, far),
        )
    }
    gone = await crm.contact(seller, sales, first_name="Gone", email="gone@example.test")
    gone.deleted_at = _at(1, 1, 0)
    await gone.save()
    a, b, c, e = (contacts[n] for n in ("Ann", "Bob", "Cyd", "Eve"))

    async def log(owner: User, kind: str, when: datetime, **kw: Any) -> None:
        dept = sales if owner == seller else far
        await crm.activity(owner, dept, kind=kind, occurred_at=when, **kw)

    # 1: 09:30 CET, Monday 23rd.
    await log(seller, "call", _at(3, 23, 8, 30), outcome="connected", contact=a)
    # 2: 17:00 CET, Friday 27th; no outcome. Ann's last interaction up to the range's end.
    await log(seller, "email", _at(3, 27, 16), contact=a)
    # 3: 09:15 CEST, Monday 30th (after the change: +2).
    await log(seller, "call", _at(3, 30, 7, 15), outcome="voicemail", contact=b)
    # 4: 00:30 CEST on Thursday April 2nd (still Wednesday 22:30 in UTC).
    await log(other, "meeting", _at(4, 1, 22, 30), outcome="connected", contact=c)
    # 5: 23:30 CEST, Sunday April 5th: the range's last hour; no contact.
    await log(other, "call", _at(4, 5, 21, 30), outcome="connected")
    # 6: 00:30 CEST on Monday April 6th: after the range in Madrid (inside it in UTC).
    await log(other, "call", _at(4, 5, 22, 30), outcome="connected")
    # 7: 00:30 CET on Monday 23rd: inside the range in Madrid (before it in UTC).
    await log(seller, "call", _at(3, 22, 23, 30), outcome="connected", contact=b)
    # Before the range: Ann on March 1st, Eve on February 1st.
    await log(seller, "note", _at(3, 1, 10), contact=a)
    await log(other, "call", _at(2, 1, 10), contact=e)
    # After the range: does not end Ann's silence as of April 5th.
    await log(seller, "call", _at(4, 10, 10), contact=a)
    # Deleted: never counted, never ends a silence.
    await log(seller, "call", _at(3, 31, 10), contact=contacts["Dee"], deleted_at=_at(4, 1, 0))
    return contacts


async def _accounts(api: GraphQLClient) -> tuple[Account, Account, Account]:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson", email="seller@acme.test", department="Sales")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Far")
    return owner, seller, other


def _silent(made: dict[str, Contact], *rows: tuple[str, str | None]) -> list[dict[str, Any]]:
    return [
        {
            "contact": {"id": crm.gid(made[name]), "firstName": name},
            "lastInteractionAt": at,
        }
        for name, at in rows
    ]


async def test_counts_by_local_hour_weekday_kind_and_outcome_across_a_dst_change(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    data = (await api.ok(REPORT, RANGE, token=owner.access_token))["interactionReport"]

    # In Madrid the range holds 1, 2, 3, 4, 5 and 7 (not 6, nor the deleted one).
    assert data["timeZone"] == "Europe/Madrid"
    assert data["total"] == 6
    # 00h: 4 and 7; 09h: 1 (CET) and 3 (CEST: 07:15 UTC is 09:15); 17h: 2; 23h: 5.
    assert data["byHour"] == [
        {"hour": 0, "count": 2},
        {"hour": 9, "count": 2},
        {"hour": 17, "count": 1},
        {"hour": 23, "count": 1},
    ]
    # Monday: 1, 3, 7; Thursday: 4; Friday: 2; Sunday: 5.
    assert data["byWeekday"] == [
        {"weekday": 1, "count": 3},
        {"weekday": 4, "count": 1},
        {"weekday": 5, "count": 1},
        {"weekday": 7, "count": 1},
    ]
    assert data["byKind"] == [
        {"key": "call", "count": 4},
        {"key": "email", "count": 1},
        {"key": "meeting", "count": 1},
    ]
    assert data["byOutcome"] == [
        {"key": "connected", "count": 4},
        {"key": "voicemail", "count": 1},
        {"key": None, "count": 1},
    ]
    assert data["silentTotal"] is None and data["silentCustomers"] is None


async def test_utc_days_and_hours_differ_and_the_callers_own_zone_is_the_default(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    in_utc = (await api.ok(REPORT, {**RANGE, "timeZone": "UTC"}, token=owner.access_token))[
        "interactionReport"
    ]
    # The owner's own zone (UTC by default) when none is given.
    default = (await api.ok(REPORT, {**RANGE, "timeZone": None}, token=owner.access_token))[
        "interactionReport"
    ]

    # In UTC the range holds 1-6 (6 at 22:30 on April 5th; 7 is on March 22nd).
    assert in_utc["total"] == 6
    # 1: 08h, 2: 16h, 3: 07h, 4: 22h, 5: 21h, 6: 22h.
    assert in_utc["byHour"] == [
        {"hour": 7, "count": 1},
        {"hour": 8, "count": 1},
        {"hour": 16, "count": 1},
        {"hour": 21, "count": 1},
        {"hour": 22, "count": 2},
    ]
    # Monday: 1, 3; Wednesday: 4; Friday: 2; Sunday: 5, 6.
    assert in_utc["byWeekday"] == [
        {"weekday": 1, "count": 2},
        {"weekday": 3, "count": 1},
        {"weekday": 5, "count": 1},
        {"weekday": 7, "count": 2},
    ]
    assert default == {**in_utc, "timeZone": "UTC"}


async def test_silent_customers_as_of_the_range_end_never_contacted_first(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)

    data = (await api.ok(REPORT, {**RANGE, "silentDays": 7}, token=owner.access_token))[
        "interactionReport"
    ]

    # Silent in the 7 days before midnight after April 5th in Madrid (March 30th 00:00 CEST):
    # Dee never (the deleted call does not count), Eve since February 1st, Ann since March
    # 27th (her April 10th call is after the range). Bob (March 30th) and Cyd (April 1st) were
    # contacted; the deleted contact is not listed.
    assert data["silentTotal"] == 3
    assert data["silentCustomers"] == _silent(
        made,
        ("Dee", None),
        ("Eve", "2026-02-01T10:00:00+00:00"),
        ("Ann", "2026-03-27T16:00:00+00:00"),
    )
    first = await api.ok(
        REPORT, {**RANGE, "silentDays": 7, "silentFirst": 1}, token=owner.access_token
    )
    assert first["interactionReport"]["silentTotal"] == 3
    assert first["interactionReport"]["silentCustomers"] == _silent(made, ("Dee", None))
    # With 10 days the window starts on March 27th 00:00 CET: Ann's call that afternoon ends
    # her silence; Dee and Eve remain.
    ten = await api.ok(REPORT, {**RANGE, "silentDays": 10}, token=owner.access_token)
    assert ten["interactionReport"]["silentCustomers"] == _silent(
        made, ("Dee", None), ("Eve", "2026-02-01T10:00:00+00:00")
    )


async def test_owner_and_department_filters(api: GraphQLClient) -> None:
    owner, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)
    far = await crm.department("Far")

    by_owner = (
        await api.ok(
            REPORT,
            {**RANGE, "ownerId": crm.gid(seller.user), "silentDays": 7},
            token=owner.access_token,
        )
    )["interactionReport"]
    by_dept = (
        await api.ok(
            REPORT,
            {**RANGE, "departmentId": crm.gid(far), "silentDays": 7},
            token=owner.access_token,
        )
    )["interactionReport"]

    # The seller's: 1, 2, 3, 7; its silent customers Dee and Ann.
    assert by_owner["total"] == 4, by_owner
    assert by_owner["byKind"] == [{"key": "call", "count": 3}, {"key": "email", "count": 1}]
    assert by_owner["silentCustomers"] == _silent(
        made, ("Dee", None), ("Ann", "2026-03-27T16:00:00+00:00")
    )
    # Far's: 4 and 5; its customers Cyd (contacted April 1st) and Eve (silent).
    assert by_dept["total"] == 2
    assert by_dept["byKind"] == [{"key": "call", "count": 1}, {"key": "meeting", "count": 1}]
    assert by_dept["silentCustomers"] == _silent(made, ("Eve", "2026-02-01T10:00:00+00:00"))


async def test_a_salesperson_sees_its_departments_activities(api: GraphQLClient) -> None:
    _, seller, other = await _accounts(api)
    made = await _data(seller.user, other.user)

    data = (await api.ok(REPORT, {**RANGE, "silentDays": 7}, token=seller.access_token))[
        "interactionReport"
    ]

    # Sales activities only: 1, 2, 3, 7.
    assert data["total"] == 4
    assert data["byOutcome"] == [
        {"key": "connected", "count": 2},
        {"key": "voicemail", "count": 1},
        {"key": None, "count": 1},
    ]
    # The template reads every contact but only its department's activities: Cyd's and Eve's
    # interactions (Far) are not visible to it, so they look never contacted.
    assert data["silentTotal"] == 4
    assert data["silentCustomers"] == _silent(
        made, ("Cyd", None), ("Dee", None), ("Eve", None), ("Ann", "2026-03-27T16:00:00+00:00")
    )


async def test_a_rep_limited_to_own_records_sees_only_its_own(api: GraphQLClient) -> None:
    fields = {f: "read" for f in ("kind", "occurredAt", "outcome", "contact", "owner")}
    role = await custom_role(
        "Own work",
        20,
        {
            "activity": grant(["read"], "own", "own", fields),
            "contact": grant(["read"], "own", "own", {"firstName": "read"}),
        },
    )
    mine = await signed_in(api, role, email="mine@acme.test")
    _, _, other = await _accounts(api)
    made = await _data(mine.user, other.user)

    data = (await api.ok(REPORT, {**RANGE, "silentDays": 7}, token=mine.access_token))[
        "interactionReport"
    ]

    # Its own activities 1, 2, 3, 7; its own contacts Ann, Bob, Dee.
    assert data["total"] == 4
    assert data["byHour"] == [
        {"hour": 0, "count": 1},
        {"hour": 9, "count": 2},
        {"hour": 17, "count": 1},
    ]
    assert data["silentCustomers"] == _silent(
        made, ("Dee", None), ("Ann", "2026-03-27T16:00:00+00:00")
    )


async def test_every_role_template_with_activities_gets_the_same_counts(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    for role in ("admin", "senior_manager", "marketing", "support", "read_only"):
        viewer = await signed_in(api, role, email=f"{role}.viewer@acme.test", department="Sales")

        data = (await api.ok(REPORT, RANGE, token=viewer.access_token))["interactionReport"]

        assert (data["total"], len(data["byOutcome"])) == (6, 3), role


async def test_hidden_outcomes_are_null_and_hidden_kinds_or_no_read_are_forbidden(
    api: GraphQLClient,
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    no_outcome = await custom_role(
        "No outcome",
        20,
        {"activity": grant(["read"], fields={"kind": "read", "occurredAt": "read"})},
    )
    no_kind = await custom_role(
        "No kind", 20, {"activity": grant(["read"], fields={"occurredAt": "read"})}
    )
    nothing = await custom_role("No activities", 20, {"contact": grant(["read"])})
    blind = await signed_in(api, no_outcome, email="blind@acme.test")
    kindless = await signed_in(api, no_kind, email="kindless@acme.test")
    outsider = await signed_in(api, nothing, email="outsider@acme.test")

    data = (await api.ok(REPORT, RANGE, token=blind.access_token))["interactionReport"]
    without_kind = await api.execute(REPORT, RANGE, token=kindless.access_token)
    without_read = await api.execute(REPORT, RANGE, token=outsider.access_token)
    silent_without_contacts = await api.execute(
        REPORT, {**RANGE, "silentDays": 7}, token=blind.access_token
    )
    by_hidden_owner = await api.execute(
        REPORT, {**RANGE, "ownerId": crm.gid(seller.user)}, token=blind.access_token
    )

    assert (data["total"], data["byOutcome"]) == (6, None)
    assert without_kind.codes == ["FORBIDDEN"]
    assert without_kind.errors[0]["extensions"]["field"] == "kind"
    assert without_read.codes == ["FORBIDDEN"]
    assert without_read.data is None
    # Listing silent contacts needs contacts, and the activity's contact to be filterable.
    assert silent_without_contacts.codes == ["FORBIDDEN"]
    assert by_hidden_owner.codes == ["FORBIDDEN"]
    assert by_hidden_owner.errors[0]["extensions"]["field"] == "owner"


async def test_bad_inputs_are_bad_user_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    async def field_of(**changes: Any) -> tuple[str, str]:
        error = await api.error(REPORT, {**RANGE, **changes}, token=owner.access_token)
        return error["extensions"]["code"], error["extensions"]["field"]

    bad = "BAD_USER_INPUT"
    assert await field_of(to="2026-03-01") == (bad, "to")
    assert await field_of(**{"from": "2020-01-01"}) == (bad, "to")
    assert await field_of(silentDays=0) == (bad, "silentDays")
    assert await field_of(silentDays=7, silentFirst=201) == (bad, "silentFirst")
    assert await field_of(timeZone="Mars/Olympus") == (bad, "timeZone")
    assert await field_of(timeZone="../../etc/passwd") == (bad, "timeZone")
    assert await field_of(timeZone="localtime") == (bad, "timeZone")
    assert await field_of(timeZone="x" * 300) == (bad, "timeZone")
    assert await field_of(**{"from": "0001-01-01", "to": "0001-01-02"}) == (bad, "from")
    assert await field_of(**{"from": "9999-12-30", "to": "9999-12-31"}) == (bad, "from")
    assert await field_of(ownerId="nope") == (bad, "ownerId")
    assert await field_of(departmentId=crm.gid(owner.user)) == (bad, "departmentId")


async def test_the_report_runs_the_same_statements_for_few_or_many_activities(
    api: GraphQLClient,
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    async def measure() -> int:
        with count_statements() as counter:
            await api.ok(REPORT, {**RANGE, "silentDays": 7}, token=owner.access_token)
        return counter.count

    few = await measure()
    for i in range(30):
        await crm.activity(seller.user, kind="sms", occurred_at=_at(3, 23 + i % 7, i % 24))
        await crm.contact(seller.user, first_name=f"New {i}", email=f"n{i}@example.test")
    many = await measure()

    assert few == many <= 6
