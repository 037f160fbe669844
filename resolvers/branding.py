"""The company's branding (models/branding.py): read by anyone signed in (it is printed on
every document sent to customers), set by whoever may set exchange rates and the base currency
(Owner, Admin): both are company settings."""

from __future__ import annotations

from strawberry.types import Info

from models.branding import Branding, branding, set_branding
from resolvers.api.money_inputs import CompanyBrandingInput
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


async def company_branding(info: Ctx) -> Branding:
    info.context.access("exchangeRate")  # UNAUTHENTICATED without a caller
    return await branding()


async def company_branding_set(info: Ctx, input: CompanyBrandingInput) -> Branding:
    access = info.context.access("exchangeRate")
    access.require("update")
    values = {
        "name": input.name,
        "address": input.address,
        "email": input.email,
        "bank_details": input.bank_details,
        "colour": input.colour,
        "logo": input.logo,
    }
    return await set_branding(values, access.user_id)
