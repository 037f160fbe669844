"""What the automation-rule tests share: their documents and a pipeline with its owner."""

from __future__ import annotations

from typing import Any

from models.pipeline import Pipeline, Stage
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient

RULE = """
mutation($input: AutomationRuleCreateInput!) { automationRuleCreate(input: $input) { id } }
"""
DEAL_CREATE = """
mutation($input: DealCreateInput!) {
  dealCreate(input: $input) { id version owner { email } stage { name } }
}
"""
MOVE = """
mutation($input: DealMoveInput!) {
  dealMove(input: $input) { id version owner { email } stage { name } }
}
"""
DEAL_UPDATE = """
mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id stage { name } } }
"""
HISTORY = """
query($id: ID!) { node(id: $id) { ... on Deal {
  stage { name }
  stageHistory { fromStage { name } toStage { name } by { email } secondsInPreviousStage }
} } }
"""
LOG = "mutation($input: ActivityLogInput!) { activityLog(input: $input) { id } }"
TASK_CREATE = "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }"
TASK_COMPLETE = "mutation($input: TaskCompleteInput!) { taskComplete(input: $input) { id } }"


class Sales:
    """A pipeline New -> Proposal -> Won and the owner who writes its rules."""

    def __init__(self, api: GraphQLClient, owner: Account, pipe: Pipeline, stages: list[Stage]):
        self.api, self.owner, self.pipe, self.stages = api, owner, pipe, stages

    def stage(self, name: str) -> str:
        return crm.gid(next(s for s in self.stages if s.name == name))

    async def rule(self, trigger: dict[str, Any], *actions: dict[str, Any], **more: Any) -> str:
        data = await self.api.ok(
            RULE,
            {
                "input": {
                    "pipelineId": crm.gid(self.pipe),
                    "name": "rule",
                    "trigger": trigger,
                    "actions": list(actions),
                    **more,
                }
            },
            token=self.owner.access_token,
        )
        return str(data["automationRuleCreate"]["id"])

    async def history(self, deal_id: str, token: str | None = None) -> dict[str, Any]:
        data = await self.api.ok(HISTORY, {"id": deal_id}, token=token or self.owner.access_token)
        return dict(data["node"])


async def sales_pipeline(api: GraphQLClient) -> Sales:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline("Sales", stages=("New", "Proposal", "Won"))
    stages = list(await Stage.filter(pipeline_id=pipe.id).order_by("position"))
    return Sales(api, owner, pipe, stages)
