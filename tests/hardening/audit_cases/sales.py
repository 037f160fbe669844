"""Audit walk cases: deals, line items, pipelines and stages, products, automation rules."""

from __future__ import annotations

from typing import Any

from models.product import Product
from tests.hardening.audit_cases.registry import World, case, owned_deal
from tests.support import crm


@case("dealCreate")
async def _deal_create(w: World) -> tuple[str, dict[str, Any], str]:
    stage = await crm.first_stage(await crm.pipeline())
    return (
        'mutation($s: ID!) { dealCreate(input: {title: "Fleet", stageId: $s}) { id } }',
        {"s": crm.gid(stage)},
        "deal.",
    )


@case("dealUpdate")
async def _deal_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await owned_deal(w)
    return (
        'mutation($id: ID!) { dealUpdate(input: {id: $id, title: "Fleet 2"}) { id } }',
        {"id": crm.gid(row)},
        "deal.",
    )


@case("dealMove")
async def _deal_move(w: World) -> tuple[str, dict[str, Any], str]:
    from models.pipeline import Stage

    row = await owned_deal(w)
    won = await Stage.get(pipeline_id=row.pipeline_id, name="Won")
    return (
        "mutation($id: ID!, $s: ID!) "
        "{ dealMove(input: {id: $id, stageId: $s, position: 0}) { id } }",
        {"id": crm.gid(row), "s": crm.gid(won)},
        "deal.",
    )


@case("dealDelete")
async def _deal_delete(w: World) -> tuple[str, dict[str, Any], str]:
    row = await owned_deal(w)
    return "mutation($id: ID!) { dealDelete(id: $id) }", {"id": crm.gid(row)}, "deal."


@case("dealLineItemsSet")
async def _deal_line_items_set(w: World) -> tuple[str, dict[str, Any], str]:
    row = await owned_deal(w)
    product = await Product.create(sku="W-1", name="Widget", price=10, cost=4)
    return (
        """mutation($id: ID!, $p: ID!) { dealLineItemsSet(input: {id: $id,
          items: [{productId: $p, quantity: "2"}]}) { id } }""",
        {"id": crm.gid(row), "p": crm.gid(product)},
        "deal.",
    )


@case("pipelineCreate")
async def _pipeline_create(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { pipelineCreate(input: {name: "Renewals"}) { id } }', {}, "pipeline."


@case("pipelineUpdate")
async def _pipeline_update(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.pipeline()
    return (
        'mutation($id: ID!) { pipelineUpdate(input: {id: $id, name: "Renewals"}) { id } }',
        {"id": crm.gid(row)},
        "pipeline.",
    )


@case("stageCreate")
async def _stage_create(w: World) -> tuple[str, dict[str, Any], str]:
    row = await crm.pipeline()
    return (
        'mutation($p: ID!) { stageCreate(input: {pipelineId: $p, name: "Demo"}) { id } }',
        {"p": crm.gid(row)},
        "pipeline.",
    )


@case("stageUpdate")
async def _stage_update(w: World) -> tuple[str, dict[str, Any], str]:
    stage = await crm.first_stage(await crm.pipeline())
    return (
        'mutation($id: ID!) { stageUpdate(input: {id: $id, name: "Fresh"}) { id } }',
        {"id": crm.gid(stage)},
        "pipeline.",
    )


@case("stageReorder")
async def _stage_reorder(w: World) -> tuple[str, dict[str, Any], str]:
    from models.pipeline import Stage

    row = await crm.pipeline()
    stages = await Stage.filter(pipeline_id=row.id).order_by("-position")
    return (
        "mutation($p: ID!, $s: [ID!]!) "
        "{ stageReorder(input: {pipelineId: $p, stageIds: $s}) { id } }",
        {"p": crm.gid(row), "s": [crm.gid(s) for s in stages]},
        "pipeline.",
    )


PRODUCT = """mutation { productCreate(input: {sku: "W-9", name: "Widget"}) { id } }"""


@case("productCreate")
async def _product_create(w: World) -> tuple[str, dict[str, Any], str]:
    return PRODUCT, {}, "product."


@case("productUpdate")
async def _product_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(PRODUCT)
    return (
        'mutation($id: ID!) { productUpdate(input: {id: $id, name: "Gadget"}) { id } }',
        {"id": made["productCreate"]["id"]},
        "product.",
    )


@case("productDelete")
async def _product_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(PRODUCT)
    return (
        "mutation($id: ID!) { productDelete(id: $id) }",
        {"id": made["productCreate"]["id"]},
        "product.",
    )


RULE = """mutation($p: ID!) { automationRuleCreate(input: {pipelineId: $p, name: "Welcome",
  trigger: {kind: DEAL_CREATED}, actions: [{kind: CREATE_TASK, title: "Call"}]}) { id } }"""


@case("automationRuleCreate")
async def _rule_create(w: World) -> tuple[str, dict[str, Any], str]:
    return RULE, {"p": crm.gid(await crm.pipeline())}, "automationRule."


@case("automationRuleUpdate")
async def _rule_update(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(RULE, {"p": crm.gid(await crm.pipeline())})
    return (
        'mutation($id: ID!) { automationRuleUpdate(input: {id: $id, name: "Hello"}) { id } }',
        {"id": made["automationRuleCreate"]["id"]},
        "automationRule.",
    )


@case("automationRuleDelete")
async def _rule_delete(w: World) -> tuple[str, dict[str, Any], str]:
    made = await w.ok(RULE, {"p": crm.gid(await crm.pipeline())})
    return (
        "mutation($id: ID!) { automationRuleDelete(id: $id) }",
        {"id": made["automationRuleCreate"]["id"]},
        "automationRule.",
    )
