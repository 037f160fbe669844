"""`markCaughtUp`: one CAUGHT_UP event between a subscription's replay and its live events, so a
resuming client can hold the replay back and show only where it ends."""

from __future__ import annotations

from typing import Any

from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import Subscriber, delivered, subscribed

RECORD_EVENTS = """
subscription($after: String, $mark: Boolean!) {
  recordEvents(objects: [DEAL], after: $after, markCaughtUp: $mark) {
    cursor kind object recordId changedFields record { ... on Deal { title } }
  }
}
"""
PIPELINE_EVENTS = """
subscription($pipelineId: ID!, $after: String) {
  pipelineEvents(pipelineId: $pipelineId, after: $after, markCaughtUp: true) {
    cursor kind recordId record { ... on Deal { title } }
  }
}
"""
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"
UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"


async def _create(api: GraphQLClient, who: Account, stage: str, title: str) -> str:
    data = await api.ok(
        CREATE, {"input": {"title": title, "stageId": stage}}, token=who.access_token
    )
    return str(data["dealCreate"]["id"])


async def _events(heard: Subscriber, count: int) -> list[dict[str, Any]]:
    return [next(iter((await heard.next()).values())) for _ in range(count)]


async def test_the_replay_ends_with_caught_up_past_events_one_may_not_see(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    far = await signed_in(api, "salesperson", email="far@acme.test", department="Support")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    deal = await _create(api, seller, stage, "Boxes")
    await api.ok(UPDATE, {"input": {"id": deal, "title": "Crates"}}, token=seller.access_token)
    # The last event of the replay is one the seller may not see (another department's deal).
    await _create(api, far, stage, "Elsewhere")
    await delivered(ws_url, owner.access_token, 3)
    resume = {"after": "0", "mark": True}

    async with subscribed(ws_url, seller.access_token, RECORD_EVENTS, resume) as heard:
        replayed = await _events(heard, 3)
        await _create(api, seller, stage, "Live")
        (live,) = await _events(heard, 1)

    assert [(e["kind"], e["record"]) for e in replayed] == [
        ("CREATED", {"title": "Boxes"}),
        ("UPDATED", {"title": "Crates"}),
        ("CAUGHT_UP", None),
    ]
    caught_up = replayed[-1]
    assert (caught_up["object"], caught_up["recordId"], caught_up["changedFields"]) == (
        None,
        None,
        [],
    )
    # The marker's cursor is where the stream stood, past the invisible event: resuming from it
    # replays nothing; the live event is the next one after it.
    assert int(caught_up["cursor"]) == int(replayed[1]["cursor"]) + 1
    assert (live["kind"], live["record"], int(live["cursor"])) == (
        "CREATED",
        {"title": "Live"},
        int(caught_up["cursor"]) + 1,
    )


async def test_with_nothing_to_replay_caught_up_comes_at_once(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    await _create(api, owner, stage, "Boxes")
    async with subscribed(
        ws_url, owner.access_token, RECORD_EVENTS, {"after": "0", "mark": False}
    ) as heard:
        (created,) = await _events(heard, 1)

    resume = {"after": created["cursor"], "mark": True}
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, resume) as heard:
        (caught_up,) = await _events(heard, 1)
        await _create(api, owner, stage, "Live")
        (live,) = await _events(heard, 1)

    assert (caught_up["kind"], caught_up["cursor"]) == ("CAUGHT_UP", created["cursor"])
    assert (live["kind"], int(live["cursor"])) == ("CREATED", int(created["cursor"]) + 1)


async def test_without_after_caught_up_tells_where_the_stream_stands(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    await _create(api, owner, stage, "Before")
    await _create(api, owner, stage, "Also before")
    await delivered(ws_url, owner.access_token, 2)

    fresh = {"after": None, "mark": True}
    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, fresh) as heard:
        (caught_up,) = await _events(heard, 1)
        await _create(api, owner, stage, "Live")
        (live,) = await _events(heard, 1)

    assert caught_up["kind"] == "CAUGHT_UP"
    assert (live["record"], int(live["cursor"])) == (
        {"title": "Live"},
        int(caught_up["cursor"]) + 1,
    )


async def test_without_mark_caught_up_no_marker_is_sent(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    await _create(api, owner, stage, "Replayed")
    plain = {"after": "0", "mark": False}

    async with subscribed(ws_url, owner.access_token, RECORD_EVENTS, plain) as heard:
        await _create(api, owner, stage, "Live")
        events = await _events(heard, 2)

    assert [(e["kind"], e["record"]["title"]) for e in events] == [
        ("CREATED", "Replayed"),
        ("CREATED", "Live"),
    ]


async def test_a_resumed_pipeline_board_gets_caught_up_too(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline()
    stage = crm.gid(await crm.first_stage(pipe))
    await _create(api, owner, stage, "Boxes")
    await delivered(ws_url, owner.access_token, 1)
    variables = {"pipelineId": crm.gid(pipe), "after": "0"}

    async with subscribed(ws_url, owner.access_token, PIPELINE_EVENTS, variables) as heard:
        replayed = await _events(heard, 2)
        await _create(api, owner, stage, "Live")
        (live,) = await _events(heard, 1)

    assert [(e["kind"], e["record"]) for e in [*replayed, live]] == [
        ("CREATED", {"title": "Boxes"}),
        ("CAUGHT_UP", None),
        ("CREATED", {"title": "Live"}),
    ]


async def test_comment_and_task_events_mark_the_end_of_their_replay_too(
    api: GraphQLClient, ws_url: str
) -> None:
    sales = await crm.department("Sales")
    owner = await signed_in(api, "owner")
    deal = crm.gid(await crm.deal(owner.user, sales, title="Boxes"))
    comments = """subscription($targetId: ID!) {
      commentEvents(targetId: $targetId, after: "0", markCaughtUp: true) {
        kind record { ... on Comment { body } }
      }
    }"""
    tasks = 'subscription { taskEvents(after: "0", markCaughtUp: true) { kind } }'

    async with (
        subscribed(ws_url, owner.access_token, comments, {"targetId": deal}) as on_deal,
        subscribed(ws_url, owner.access_token, tasks) as on_tasks,
    ):
        (nothing_yet,) = await _events(on_deal, 1)
        (no_tasks,) = await _events(on_tasks, 1)
        await api.ok(
            "mutation($input: CommentCreateInput!) { commentCreate(input: $input) { id } }",
            {"input": {"targetId": deal, "body": "Ship Monday"}},
            token=owner.access_token,
        )
        (live,) = await _events(on_deal, 1)

    assert (nothing_yet["kind"], no_tasks["kind"]) == ("CAUGHT_UP", "CAUGHT_UP")
    assert (live["kind"], live["record"]) == ("CREATED", {"body": "Ship Monday"})
