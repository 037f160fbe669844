"""Arranging customer data for a test: pipelines, companies, contacts, deals, straight in the DB.

Tests arrange with these and act through the API; the rows carry explicit owners and
departments so that scope rules have something to bite on.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from models import clock
from models.activity import Activity
from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.department import Department
from models.lead import Lead
from models.pipeline import Pipeline, Stage
from models.task import Task
from models.user import User
from schema.types.node import to_global_id


async def department(name: str) -> Department:
    return (await Department.get_or_create(name=name))[0]


async def pipeline(name: str = "Sales", stages: tuple[str, ...] = ("New", "Won")) -> Pipeline:
    made = await Pipeline.create(name=name)
    for position, stage in enumerate(stages):
        await Stage.create(pipeline=made, name=stage, position=position)
    return made


async def first_stage(p: Pipeline) -> Stage:
    return await Stage.filter(pipeline_id=p.id).order_by("position").first()  # type: ignore[return-value]


async def company(owner: User, dept: Department | None = None, **values: Any) -> Company:
    values.setdefault("name", "Acme")
    return await Company.create(owner=owner, department=dept, **values)


async def contact(owner: User, dept: Department | None = None, **values: Any) -> Contact:
    values.setdefault("first_name", "Ada")
    values.setdefault("email", "ada@example.test")
    values.setdefault("phone", "+34 600 000 000")
    return await Contact.create(owner=owner, department=dept, **values)


async def deal(
    owner: User,
    dept: Department | None = None,
    *,
    stage: Stage | None = None,
    amount: str = "1000.00",
    cost: str = "400.00",
    **values: Any,
) -> Deal:
    if stage is None:
        stage = await first_stage(await pipeline())
    values.setdefault("title", "Big deal")
    return await Deal.create(
        owner=owner,
        department=dept,
        pipeline_id=stage.pipeline_id,
        stage=stage,
        amount=Decimal(amount),
        cost=Decimal(cost),
        **values,
    )


async def lead(owner: User, dept: Department | None = None, **values: Any) -> Lead:
    values.setdefault("name", "Ada Lovelace")
    values.setdefault("email", "ada@example.com")
    return await Lead.create(owner=owner, department=dept, **values)


async def activity(owner: User, dept: Department | None = None, **values: Any) -> Activity:
    values.setdefault("kind", "call")
    values.setdefault("subject", "Intro call")
    values.setdefault("occurred_at", clock.now())
    return await Activity.create(owner=owner, department=dept, **values)


async def task(owner: User, dept: Department | None = None, **values: Any) -> Task:
    values.setdefault("title", "Follow up")
    values.setdefault("creator_id", owner.id)
    return await Task.create(owner=owner, department=dept, **values)


def gid(row: Any) -> str:
    """The global id the API uses for a row."""
    return str(to_global_id(type(row).__name__, row.id))
