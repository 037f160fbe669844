"""Pipelines and stages through the API: who may change them, validation, order, versions."""

from __future__ import annotations

from models.outbox import OutboxEvent
from models.pipeline import Pipeline, Stage
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

PIPELINE_CREATE = """
mutation($input: PipelineCreateInput!) { pipelineCreate(input: $input) { id name version } }
"""
PIPELINE_UPDATE = """
mutation($input: PipelineUpdateInput!) { pipelineUpdate(input: $input) { id name version } }
"""
STAGE_CREATE = """
mutation($input: StageCreateInput!) {
  stageCreate(input: $input) { id name position probability isWon color }
}
"""
STAGE_UPDATE = """
mutation($input: StageUpdateInput!) { stageUpdate(input: $input) { id name probability version } }
"""
STAGE_REORDER = """
mutation($input: StageReorderInput!) {
  stageReorder(input: $input) { id version stages { name position } }
}
"""
PIPELINES = "{ pipelines { id name stages { name position } } }"


async def test_a_senior_manager_creates_a_pipeline_with_stages_in_order(api: GraphQLClient) -> None:
    boss = await signed_in(api, "senior_manager")
    token = boss.access_token

    made = await api.ok(PIPELINE_CREATE, {"input": {"name": " Enterprise "}}, token=token)
    pipe = made["pipelineCreate"]["id"]
    for name in ("Lead", "Won"):
        await api.ok(STAGE_CREATE, {"input": {"pipelineId": pipe, "name": name}}, token=token)
    inserted = await api.ok(
        STAGE_CREATE,
        {"input": {"pipelineId": pipe, "name": "Proposal", "position": 1, "probability": 40}},
        token=token,
    )

    assert made["pipelineCreate"]["name"] == "Enterprise"
    assert inserted["stageCreate"]["probability"] == 40
    data = await api.ok(PIPELINES, token=token)
    assert data["pipelines"][0]["stages"] == [
        {"name": "Lead", "position": 0},
        {"name": "Proposal", "position": 1},
        {"name": "Won", "position": 2},
    ]


async def test_a_salesperson_reads_pipelines_but_may_not_change_them(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    pipe = await crm.pipeline()
    token = seller.access_token

    listed = await api.ok(PIPELINES, token=token)
    created = await api.execute(PIPELINE_CREATE, {"input": {"name": "Mine"}}, token=token)
    renamed = await api.execute(
        PIPELINE_UPDATE, {"input": {"id": crm.gid(pipe), "name": "Renamed"}}, token=token
    )
    staged = await api.execute(
        STAGE_CREATE, {"input": {"pipelineId": crm.gid(pipe), "name": "Extra"}}, token=token
    )

    assert [p["name"] for p in listed["pipelines"]] == ["Sales"]
    assert created.codes == renamed.codes == staged.codes == ["FORBIDDEN"]
    assert await Pipeline.all().count() == 1
    assert await Stage.filter(pipeline_id=pipe.id).count() == 2


async def test_support_may_not_even_list_pipelines(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")
    await crm.pipeline()

    result = await api.execute(PIPELINES, token=support.access_token)

    assert result.codes == ["FORBIDDEN"]


async def test_a_stale_pipeline_version_is_a_conflict_and_nothing_is_written(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline()
    variables = {"input": {"id": crm.gid(pipe), "name": "B", "expectedVersion": 1}}
    await api.ok(PIPELINE_UPDATE, variables, token=owner.access_token)

    error = await api.error(
        PIPELINE_UPDATE,
        {"input": {"id": crm.gid(pipe), "name": "C", "expectedVersion": 1}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": 2}
    assert (await Pipeline.get(id=pipe.id)).name == "B"


async def test_bad_stage_input_names_the_field_and_writes_nothing(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline()
    pid = crm.gid(pipe)
    events_before = await OutboxEvent.all().count()
    cases = [
        ({"pipelineId": pid, "name": "X", "probability": 120}, "probability"),
        ({"pipelineId": pid, "name": "X", "color": "red"}, "color"),
        ({"pipelineId": pid, "name": " "}, "name"),
        ({"pipelineId": pid, "name": "X", "isWon": True, "isLost": True}, "isLost"),
        ({"pipelineId": pid, "name": "X", "position": 3}, "position"),
    ]

    for values, field in cases:
        error = await api.error(STAGE_CREATE, {"input": values}, token=owner.access_token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, values

    assert await Stage.filter(pipeline_id=pipe.id).count() == 2
    assert await OutboxEvent.all().count() == events_before


async def test_reordering_stages_bumps_the_pipeline_and_writes_one_event(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline(stages=("A", "B", "C"))
    a, b, c = await Stage.filter(pipeline_id=pipe.id).order_by("position")

    data = await api.ok(
        STAGE_REORDER,
        {"input": {"pipelineId": crm.gid(pipe), "stageIds": [crm.gid(s) for s in (c, a, b)]}},
        token=owner.access_token,
    )

    assert [s["name"] for s in data["stageReorder"]["stages"]] == ["C", "A", "B"]
    assert data["stageReorder"]["version"] == 2
    events = await OutboxEvent.filter(object="pipeline")
    assert [(e.kind, e.changed) for e in events] == [("updated", ["stages"])]


async def test_a_reorder_must_list_every_stage_once(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline(stages=("A", "B"))
    other = await crm.first_stage(await crm.pipeline(name="Other"))
    a = await crm.first_stage(pipe)

    error = await api.error(
        STAGE_REORDER,
        {"input": {"pipelineId": crm.gid(pipe), "stageIds": [crm.gid(a), crm.gid(other)]}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "stageIds"}


async def test_a_stage_update_honours_its_version(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    stage = await crm.first_stage(await crm.pipeline())
    sid = crm.gid(stage)

    updated = await api.ok(
        STAGE_UPDATE,
        {"input": {"id": sid, "probability": 25, "expectedVersion": 1}},
        token=owner.access_token,
    )
    stale = await api.error(
        STAGE_UPDATE,
        {"input": {"id": sid, "name": "Late", "expectedVersion": 1}},
        token=owner.access_token,
    )

    assert updated["stageUpdate"] == {"id": sid, "name": "New", "probability": 25, "version": 2}
    assert stale["extensions"] == {"code": "CONFLICT", "currentVersion": 2}
    assert (await Stage.get(id=stage.id)).name == "New"
