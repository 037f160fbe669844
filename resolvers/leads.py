"""Leads: quick capture, the sales team's statuses, and conversion into a contact (+ company)
(+ deal) in one transaction, every part through the gate as if made one by one."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import strawberry
from strawberry.types import Info

from models import lead_actions
from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.deal import Deal as DealModel
from models.errors import BadInput
from models.lead import Lead as LeadModel
from models.records import DECLARED
from resolvers import list_specs, lists, record_writes
from resolvers.api.lead_inputs import (
    LeadConvertInput,
    LeadCreateInput,
    LeadFilter,
    LeadOrder,
    LeadUpdateInput,
)
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.customers import COMPANY_WRITES, CONTACT_WRITES
from resolvers.deals import DEAL_WRITES
from resolvers.pages import Page

Ctx = Info[RequestContext, None]


LEAD_WRITES = record_writes.declared(
    DECLARED["lead"],
)


async def leads(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: LeadFilter | None = None,
    order_by: list[LeadOrder] | None = None,
) -> Page[LeadModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.LEADS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def lead_create(info: Ctx, input: LeadCreateInput) -> LeadModel:
    return await record_writes.create(info, LEAD_WRITES, input)


async def lead_update(info: Ctx, input: LeadUpdateInput) -> LeadModel:
    return await record_writes.update(info, LEAD_WRITES, input)


async def lead_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, LEAD_WRITES, id)


@dataclass(frozen=True, slots=True)
class LeadConverted:
    """What a converted lead became (the API shows it as LeadConvertPayload)."""

    lead: LeadModel
    contact: ContactModel
    company: CompanyModel | None
    deal: DealModel | None


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last.strip()


async def lead_convert(info: Ctx, input: LeadConvertInput) -> LeadConverted:
    access = info.context.access
    access("lead").require("update")
    access("contact").require("create")
    if input.create_company:
        access("company").require("create")
    if input.create_deal is not None:
        access("deal").require("create")
    pk = record_writes.from_global_id(input.id, "Lead")

    def check(lead: LeadModel) -> None:
        access("lead").require_writable_record(lead, "update")
        access("lead").check_write(["status"])

    async def make(lead: LeadModel) -> lead_actions.Made:
        company = None
        if input.create_company:
            if not (lead.company_name or "").strip():
                raise BadInput("The lead has no company name", field="createCompany")
            company = await record_writes.create(
                info, COMPANY_WRITES, SimpleNamespace(name=lead.company_name)
            )
        first, last = _split(lead.name)
        person: dict[str, Any] = {"first_name": first, "last_name": last}
        person.update(
            {k: getattr(lead, k) for k in ("email", "phone", "source") if getattr(lead, k)}
        )
        links = {"company_id": ("company", company.pk)} if company else None
        contact = await record_writes.create(info, CONTACT_WRITES, SimpleNamespace(**person), links)
        deal = None
        if input.create_deal is not None:
            draft = input.create_deal
            deal_links = {"contact_id": ("contact", contact.pk)}
            if company is not None:
                deal_links["company_id"] = ("company", company.pk)
            deal = await record_writes.create(
                info,
                DEAL_WRITES,
                SimpleNamespace(title=draft.title, stage_id=draft.stage_id, amount=draft.amount),
                deal_links,
            )
        return contact, company, deal

    lead, (contact, company, deal) = await lead_actions.convert_lead(
        pk, input.expected_version, info.context.require_principal().user_id, check, make
    )
    return LeadConverted(lead, contact, company, deal)
