"""Automation rules as records: create, list, change, delete; validation and permissions."""

from __future__ import annotations

from typing import Any

from models.audit import AuditEntry
from models.automation import AutomationRule
from models.outbox import OutboxEvent
from models.pipeline import Stage
from models.user import User
from tests.support import crm
from tests.support.accounts import my_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

CREATE = """
mutation($input: AutomationRuleCreateInput!) {
  automationRuleCreate(input: $input) {
    id name active version
    pipeline { name }
    trigger { kind stage { name } activityKind days }
    conditions { amountGte currency owner { email } }
    actions { kind stage { name } title dueInDays user { email } text }
    createdBy { email }
  }
}
"""
LIST = """
query($pipelineId: ID!) { automationRules(pipelineId: $pipelineId) { id name active } }
"""
UPDATE = """
mutation($input: AutomationRuleUpdateInput!) {
  automationRuleUpdate(input: $input) { id name active version trigger { kind days } }
}
"""
DELETE = "mutation($id: ID!) { automationRuleDelete(id: $id) }"


async def _arrange() -> tuple[str, list[str]]:
    pipe = await crm.pipeline("Sales", stages=("New", "Proposal", "Won"))
    stages = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    return crm.gid(pipe), [crm.gid(s) for s in stages]


def _rule(pipeline: str, stages: list[str], user: str, **overrides: Any) -> dict[str, Any]:
    return {
        "pipelineId": pipeline,
        "name": "Proposal follow-up",
        "trigger": {"kind": "STAGE_ENTERED", "stageId": stages[1]},
        "conditions": {"amountGte": "5000", "currency": "eur"},
        "actions": [
            {"kind": "CREATE_TASK", "title": "Send the proposal", "dueInDays": 2},
            {"kind": "ASSIGN_OWNER", "userId": user},
            {"kind": "MOVE_TO_STAGE", "stageId": stages[2]},
            {"kind": "NOTIFY", "text": "Proposal stage reached"},
        ],
        **overrides,
    }


async def test_an_owner_creates_a_rule_and_sees_it_listed_with_its_pipeline(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()

    data = await api.ok(
        CREATE,
        {"input": _rule(pipeline, stages, await my_id(api, owner))},
        token=owner.access_token,
    )
    listed = await api.ok(LIST, {"pipelineId": pipeline}, token=owner.access_token)

    rule = data["automationRuleCreate"]
    assert rule["trigger"] == {
        "kind": "STAGE_ENTERED",
        "stage": {"name": "Proposal"},
        "activityKind": None,
        "days": None,
    }
    assert rule["conditions"] == {"amountGte": "5000.00", "currency": "EUR", "owner": None}
    assert [a["kind"] for a in rule["actions"]] == [
        "CREATE_TASK",
        "ASSIGN_OWNER",
        "MOVE_TO_STAGE",
        "NOTIFY",
    ]
    assert rule["actions"][1]["user"] == {"email": owner.email}
    assert rule["actions"][2]["stage"] == {"name": "Won"}
    assert rule["createdBy"] == {"email": owner.email}
    assert listed["automationRules"] == [{"id": rule["id"], "name": rule["name"], "active": True}]
    audit = await AuditEntry.get(action="automationRule.create")
    assert audit.actor_id == owner.user.id
    assert await OutboxEvent.filter(object="automationRule", kind="created").count() == 1


async def test_a_senior_manager_may_write_rules(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")
    pipeline, stages = await _arrange()

    data = await api.ok(
        CREATE,
        {"input": _rule(pipeline, stages, await my_id(api, senior))},
        token=senior.access_token,
    )

    assert data["automationRuleCreate"]["createdBy"] == {"email": senior.email}


async def test_sales_roles_read_rules_but_may_not_write_them(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()
    owner_id = await my_id(api, owner)
    made = await api.ok(
        CREATE, {"input": _rule(pipeline, stages, owner_id)}, token=owner.access_token
    )
    rule_id = made["automationRuleCreate"]["id"]

    for role in ("manager", "salesperson"):
        viewer = await signed_in(api, role)
        listed = await api.ok(LIST, {"pipelineId": pipeline}, token=viewer.access_token)
        assert [r["id"] for r in listed["automationRules"]] == [rule_id]
        for query, variables in (
            (CREATE, {"input": _rule(pipeline, stages, owner_id)}),
            (UPDATE, {"input": {"id": rule_id, "active": False}}),
            (DELETE, {"id": rule_id}),
        ):
            error = await api.error(query, variables, token=viewer.access_token)
            assert error["extensions"]["code"] == "FORBIDDEN", (role, query)

    assert await AutomationRule.all().count() == 1
    assert (await AutomationRule.get(id=1)).active is True


async def test_other_roles_may_not_even_read_rules(api: GraphQLClient) -> None:
    pipeline, _ = await _arrange()
    for role in ("marketing", "support", "read_only"):
        viewer = await signed_in(api, role)

        error = await api.error(LIST, {"pipelineId": pipeline}, token=viewer.access_token)

        assert error["extensions"]["code"] == "FORBIDDEN", role


async def test_a_role_that_may_not_write_actions_cannot_change_them(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()
    made = await api.ok(
        CREATE,
        {"input": _rule(pipeline, stages, await my_id(api, owner))},
        token=owner.access_token,
    )
    fields = {"name": "write", "active": "write", "trigger": "read", "actions": "read"}
    role = await custom_role(
        "Rule switcher",
        50,
        {
            "automationRule": grant(["read", "update"], fields=fields),
            "pipeline": grant(["read"], fields={}),
        },
    )
    switcher = await signed_in(api, role)
    rule_id = made["automationRuleCreate"]["id"]

    allowed = await api.ok(
        UPDATE, {"input": {"id": rule_id, "active": False}}, token=switcher.access_token
    )
    refused = await api.error(
        UPDATE,
        {"input": {"id": rule_id, "actions": [{"kind": "NOTIFY", "text": "hi"}]}},
        token=switcher.access_token,
    )

    assert allowed["automationRuleUpdate"]["active"] is False
    assert refused["extensions"] == {"code": "FORBIDDEN", "field": "actions"}


async def test_a_stage_of_another_pipeline_is_bad_input_naming_where(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()
    _, others = await _arrange()
    user = await my_id(api, owner)

    in_trigger = _rule(
        pipeline, stages, user, trigger={"kind": "STAGE_ENTERED", "stageId": others[0]}
    )
    in_action = _rule(
        pipeline,
        stages,
        user,
        actions=[{"kind": "NOTIFY", "text": "x"}, {"kind": "MOVE_TO_STAGE", "stageId": others[1]}],
    )
    for rule, field in ((in_trigger, "trigger.stageId"), (in_action, "actions.1.stageId")):
        error = await api.error(CREATE, {"input": rule}, token=owner.access_token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}

    assert await AutomationRule.all().count() == 0
    assert await OutboxEvent.filter(object="automationRule").count() == 0


async def test_an_unknown_or_inactive_user_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    gone = await signed_in(api, "salesperson")
    gone_id = await my_id(api, gone)
    await User.filter(id=gone.user.id).update(is_active=False)
    pipeline, stages = await _arrange()
    unknown = crm.gid(User(id=999_999))

    for user, field in (
        (unknown, "actions.1.userId"),
        (gone_id, "actions.1.userId"),
    ):
        error = await api.error(
            CREATE, {"input": _rule(pipeline, stages, user)}, token=owner.access_token
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    no_owner = _rule(pipeline, stages, await my_id(api, owner), conditions={"ownerId": unknown})
    error = await api.error(CREATE, {"input": no_owner}, token=owner.access_token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "conditions.ownerId"}
    assert await AutomationRule.all().count() == 0


async def test_incomplete_triggers_and_actions_are_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()
    user = await my_id(api, owner)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"trigger": {"kind": "DEAL_IDLE"}}, "trigger.days"),
        ({"trigger": {"kind": "STAGE_ENTERED"}}, "trigger.stageId"),
        ({"trigger": {"kind": "ACTIVITY_LOGGED", "activityKind": "fax"}}, "trigger.activityKind"),
        ({"actions": []}, "actions"),
        ({"actions": [{"kind": "CREATE_TASK", "title": " "}]}, "actions.0.title"),
        ({"actions": [{"kind": "ASSIGN_OWNER"}]}, "actions.0.userId"),
        ({"actions": [{"kind": "NOTIFY"}]}, "actions.0.text"),
        ({"name": ""}, "name"),
    ]
    for override, field in cases:
        error = await api.error(
            CREATE, {"input": _rule(pipeline, stages, user, **override)}, token=owner.access_token
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, override


async def test_an_update_honours_the_expected_version(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()
    made = await api.ok(
        CREATE,
        {"input": _rule(pipeline, stages, await my_id(api, owner))},
        token=owner.access_token,
    )
    rule_id = made["automationRuleCreate"]["id"]

    changed = await api.ok(
        UPDATE,
        {
            "input": {
                "id": rule_id,
                "expectedVersion": 1,
                "name": "Idle deals",
                "trigger": {"kind": "DEAL_IDLE", "days": 14},
            }
        },
        token=owner.access_token,
    )
    stale = await api.error(
        UPDATE,
        {"input": {"id": rule_id, "expectedVersion": 1, "name": "x"}},
        token=owner.access_token,
    )

    assert changed["automationRuleUpdate"] == {
        "id": rule_id,
        "name": "Idle deals",
        "active": True,
        "version": 2,
        "trigger": {"kind": "DEAL_IDLE", "days": 14},
    }
    assert stale["extensions"] == {"code": "CONFLICT", "currentVersion": 2}
    assert (await AutomationRule.get(id=1)).trigger_stage_id is None


async def test_a_deleted_rule_is_gone_and_audited(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipeline, stages = await _arrange()
    made = await api.ok(
        CREATE,
        {"input": _rule(pipeline, stages, await my_id(api, owner))},
        token=owner.access_token,
    )

    data = await api.ok(
        DELETE, {"id": made["automationRuleCreate"]["id"]}, token=owner.access_token
    )
    again = await api.error(
        DELETE, {"id": made["automationRuleCreate"]["id"]}, token=owner.access_token
    )

    assert data == {"automationRuleDelete": True}
    assert again["extensions"] == {"code": "NOT_FOUND"}
    assert await AutomationRule.all().count() == 0
    entry = await AuditEntry.get(action="automationRule.delete")
    assert entry.before["name"] == "Proposal follow-up"
