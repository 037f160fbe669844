"""Audit walk cases: activities, tasks, comments."""

from __future__ import annotations

from typing import Any

from tests.hardening.audit_cases.registry import World, case, owned_deal
from tests.support import crm


@case("activityLog")
async def _activity_log(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { activityLog(input: {kind: "call", subject: "Hi"}) { id } }', {}, "activity."


@case("activityUpdate")
async def _activity_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.activity(w.owner.user)
    return (
        'mutation($id: ID!) { activityUpdate(input: {id: $id, subject: "Again"}) { id } }',
        {"id": crm.gid(row)},
        "activity.",
    )


@case("activityDelete")
async def _activity_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.activity(w.owner.user)
    return "mutation($id: ID!) { activityDelete(id: $id) }", {"id": crm.gid(row)}, "activity."


@case("taskCreate")
async def _task_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { taskCreate(input: {title: "Call back"}) { id } }', {}, "task."


@case("taskUpdate")
async def _task_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.task(w.owner.user)
    return (
        'mutation($id: ID!) { taskUpdate(input: {id: $id, title: "Call again"}) { id } }',
        {"id": crm.gid(row)},
        "task.",
    )


@case("taskComplete")
async def _task_complete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.task(w.owner.user)
    return (
        "mutation($id: ID!) { taskComplete(input: {id: $id}) { id } }",
        {"id": crm.gid(row)},
        "task.",
    )


@case("taskDelete")
async def _task_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.task(w.owner.user)
    return "mutation($id: ID!) { taskDelete(id: $id) }", {"id": crm.gid(row)}, "task."


COMMENT = """mutation($t: ID!) { commentCreate(input: {targetId: $t, body: "Nice"}) { id } }"""


@case("commentCreate")
async def _comment_create(w: World) -> tuple[str, dict[str, Any], str]:
    row = await owned_deal(w)
    return COMMENT, {"t": crm.gid(row)}, "comment."


@case("commentUpdate")
async def _comment_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await owned_deal(w)
    made = await w.ok(COMMENT, {"t": crm.gid(row)})
    return (
        'mutation($id: ID!) { commentUpdate(input: {id: $id, body: "Nicer"}) { id } }',
        {"id": made["commentCreate"]["id"]},
        "comment.",
    )


@case("commentDelete")
async def _comment_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await owned_deal(w)
    made = await w.ok(COMMENT, {"t": crm.gid(row)})
    return (
        "mutation($id: ID!) { commentDelete(id: $id) }",
        {"id": made["commentCreate"]["id"]},
        "comment.",
    )


@case("myPreferencesUpdate")
async def _my_preferences_update(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        """mutation { myPreferencesUpdate(input: {reminderChannels: [IN_APP, EMAIL]}) {
          reminderChannels } }""",
        {},
        "user.preferences",
    )
