"""The private calendar feed: issued once through GraphQL, fetched by a calendar app as
``GET /calendar/{token}.ics``, parsed here with the icalendar library as an app would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from icalendar import Calendar

from models import calendar_items
from models.access.policy import from_fields
from models.audit import AuditEntry
from models.clock import FrozenClock
from models.role import Role
from models.user import User
from tests.support import crm
from tests.support.accounts import Account, make_user, role_id, sign_in, signed_in
from tests.support.graphql import GraphQLClient

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ISSUE = "mutation { calendarFeedCreate { url feed { createdAt lastUsedAt } } }"
REVOKE = "mutation { calendarFeedRevoke }"
STATUS = "{ calendarFeed { createdAt lastUsedAt } }"


async def _issue(api: GraphQLClient, who: Account) -> str:
    data = await api.ok(ISSUE, token=who.access_token)
    return urlsplit(data["calendarFeedCreate"]["url"]).path


async def _events(http: httpx.AsyncClient, path: str) -> dict[str, dict[str, object]]:
    response = await http.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    found: dict[str, dict[str, object]] = {}
    for event in calendar.walk("VEVENT"):
        alarms = [a.decoded("trigger") for a in event.walk("VALARM")]
        found[str(event["summary"])] = {
            "uid": str(event["uid"]),
            "start": event.decoded("dtstart"),
            "description": str(event["description"]) if "description" in event else None,
            "alarms": alarms,
        }
    return found


async def test_the_feed_holds_exactly_the_users_tasks_and_activities(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(NOW)
    me = await signed_in(api, "salesperson")
    other = (await make_user("salesperson", email="other@acme.test")).user
    sales = await crm.department("Sales")
    due = NOW + timedelta(days=1)
    await crm.task(
        me.user, sales, title="Call Ada", description="About the renewal", due_at=due,
        remind_at=due - timedelta(hours=1), assignee_id=me.user.id,
    )  # fmt: skip
    await crm.task(me.user, sales, title="Mine, unassigned", due_at=due)
    await crm.task(other, sales, title="Given to me", due_at=due, assignee_id=me.user.id)
    await crm.activity(me.user, sales, kind="meeting", subject="Demo", occurred_at=due,
                       duration_seconds=3600)  # fmt: skip
    # Not mine, done, undated, out of the window, or mine but assigned to someone else.
    await crm.task(other, sales, title="Theirs", due_at=due)
    await crm.task(me.user, sales, title="Done", due_at=due, status="done")
    await crm.task(me.user, sales, title="Someday")
    await crm.task(me.user, sales, title="Long ago", due_at=NOW - timedelta(days=400))
    await crm.task(me.user, sales, title="Delegated", due_at=due, assignee_id=other.id)
    await crm.activity(other, sales, subject="Their call", occurred_at=due)

    events = await _events(http, await _issue(api, me))

    assert set(events) == {"Call Ada", "Mine, unassigned", "Given to me", "Demo"}
    call = events["Call Ada"]
    assert call["start"] == due
    assert call["description"] == "About the renewal"
    assert call["alarms"] == [due - timedelta(hours=1)]
    assert str(call["uid"]).startswith("task-")
    assert str(events["Demo"]["uid"]).startswith("activity-")


async def test_a_new_url_revokes_the_old_one_and_revoke_ends_the_feed(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(NOW)
    me = await signed_in(api, "manager")
    first = await _issue(api, me)
    second = await _issue(api, me)

    assert (await http.get(first)).status_code == 404
    assert (await http.get(second)).status_code == 200
    status = (await api.ok(STATUS, token=me.access_token))["calendarFeed"]
    assert status["lastUsedAt"] is not None

    assert (await api.ok(REVOKE, token=me.access_token))["calendarFeedRevoke"] is True
    assert (await http.get(second)).status_code == 404
    assert (await api.ok(STATUS, token=me.access_token))["calendarFeed"] is None
    assert (await api.ok(REVOKE, token=me.access_token))["calendarFeedRevoke"] is False


async def test_an_unknown_token_and_a_deactivated_user_get_the_same_404(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(NOW)
    me = await signed_in(api, "salesperson")
    path = await _issue(api, me)
    await User.filter(id=me.user.id).update(is_active=False)

    gone = await http.get(path)
    unknown = await http.get("/calendar/tcf_not-a-real-token.ics")

    assert gone.status_code == unknown.status_code == 404
    assert gone.content == unknown.content


async def test_fields_the_role_may_not_read_stay_out_of_the_feed(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(NOW)
    fields = {name: "read" for name in ("title", "dueAt", "remindAt", "status", "assignee")}
    role = await Role.create(
        name="Task doer",
        level=30,
        permissions={"task": from_fields(["read"], "own", "own", fields)},
    )
    me = await sign_in(api, await make_user(role.name, email="doer@acme.test"))
    due = NOW + timedelta(hours=3)
    await crm.task(me.user, None, title="Secret plan", description="The hidden part", due_at=due)
    await crm.activity(me.user, None, subject="Not a task", occurred_at=due)

    events = await _events(http, await _issue(api, me))

    # The description is not readable, and activities are not readable at all.
    assert set(events) == {"Secret plan"}
    assert events["Secret plan"]["description"] is None
    assert b"hidden part" not in (await http.get(await _issue(api, me))).content


async def test_a_role_change_applies_at_the_next_poll(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    clock.set(NOW)
    me = await signed_in(api, "salesperson")
    await crm.task(me.user, None, title="Call Ada", due_at=NOW + timedelta(days=1))
    path = await _issue(api, me)
    assert set(await _events(http, path)) == {"Call Ada"}

    blind = await Role.create(name="Blind", level=10, permissions={})
    await User.filter(id=me.user.id).update(role_id=blind.id)

    assert await _events(http, path) == {}


async def test_an_api_key_and_an_anonymous_caller_may_not_manage_feeds(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    manager = await role_id(api, "manager")
    created = await api.ok(
        'mutation($r: ID!) { apiKeyCreate(input: {name: "k", roleId: $r}) { key } }',
        {"r": manager},
        token=owner.access_token,
    )
    key = created["apiKeyCreate"]["key"]

    for query in (ISSUE, REVOKE, STATUS):
        assert (await api.error(query, token=key))["extensions"]["code"] == "FORBIDDEN"
        assert (await api.error(query))["extensions"]["code"] == "UNAUTHENTICATED"


async def test_issuing_and_revoking_are_audited_without_the_secret(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(NOW)
    me = await signed_in(api, "support")
    url = (await api.ok(ISSUE, token=me.access_token))["calendarFeedCreate"]["url"]
    await api.ok(REVOKE, token=me.access_token)

    entries = await AuditEntry.filter(action__startswith="calendarFeed.").order_by("id")

    assert [(e.action, e.actor_id, e.record_id) for e in entries] == [
        ("calendarFeed.create", me.user.id, me.user.id),
        ("calendarFeed.revoke", me.user.id, me.user.id),
    ]
    secret = urlsplit(url).path.removeprefix("/calendar/").removesuffix(".ics")
    assert all(secret not in str(e.after) + str(e.before) for e in entries)


async def test_the_feed_is_read_in_keyset_batches_and_bounded(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches, so that ties on the due time fall across a batch boundary.
    monkeypatch.setattr(calendar_items, "BATCH", 2)
    monkeypatch.setattr(calendar_items, "MAX_ITEMS", 5)
    clock.set(NOW)
    me = await signed_in(api, "salesperson")
    for n, hours in enumerate((5, 1, 1, 1, 3, 2, 4)):
        await crm.task(me.user, None, title=f"T{n}", due_at=NOW + timedelta(hours=hours))

    events = await _events(http, await _issue(api, me))

    # The five earliest, each once: 1h x3, 2h, 3h.
    assert sorted(events) == ["T1", "T2", "T3", "T4", "T5"]
