"""Inputs for companies and contacts. Unset attributes are left alone (and not permission-checked);
an explicit null clears a value."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

Text = str | None
Texts = list[str] | None


@strawberry.input(description="Consent given (granted: true) or withdrawn, how and when")
class ConsentInput:
    granted: bool
    source: str = strawberry.field(description="How: web form, phone call, signed paper, ...")
    at: datetime | None = strawberry.field(default=None, description="When; now if left out")


@strawberry.input
class CompanyCreateInput:
    name: str
    domain: Text = UNSET
    industry: Text = UNSET
    size: Text = UNSET
    country: Text = UNSET
    region: Text = UNSET
    city: Text = UNSET
    address: Text = UNSET
    phone: Text = UNSET
    tags: Texts = UNSET
    custom: JSON | None = strawberry.field(
        default=UNSET, description="Custom values by key; null clears one"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class CompanyUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    name: Text = UNSET
    domain: Text = UNSET
    industry: Text = UNSET
    size: Text = UNSET
    country: Text = UNSET
    region: Text = UNSET
    city: Text = UNSET
    address: Text = UNSET
    phone: Text = UNSET
    tags: Texts = UNSET
    custom: JSON | None = strawberry.field(
        default=UNSET, description="Custom values by key; null clears one"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class ContactCreateInput:
    first_name: str
    last_name: Text = UNSET
    email: Text = UNSET
    phone: Text = UNSET
    position: Text = UNSET
    company_id: strawberry.ID | None = UNSET
    country: Text = UNSET
    city: Text = UNSET
    lifecycle_stage: Text = UNSET
    source: Text = UNSET
    other_emails: Texts = UNSET
    other_phones: Texts = UNSET
    address: Text = UNSET
    preferred_channel: Text = UNSET
    language: Text = UNSET
    email_consent: ConsentInput | None = UNSET
    sms_consent: ConsentInput | None = UNSET
    product_interests: Texts = UNSET
    tags: Texts = UNSET
    custom: JSON | None = strawberry.field(
        default=UNSET, description="Custom values by key; null clears one"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class ContactUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    first_name: Text = UNSET
    last_name: Text = UNSET
    email: Text = UNSET
    phone: Text = UNSET
    position: Text = UNSET
    company_id: strawberry.ID | None = UNSET
    country: Text = UNSET
    city: Text = UNSET
    lifecycle_stage: Text = UNSET
    source: Text = UNSET
    other_emails: Texts = UNSET
    other_phones: Texts = UNSET
    address: Text = UNSET
    preferred_channel: Text = UNSET
    language: Text = UNSET
    email_consent: ConsentInput | None = UNSET
    sms_consent: ConsentInput | None = UNSET
    product_interests: Texts = UNSET
    tags: Texts = UNSET
    custom: JSON | None = strawberry.field(
        default=UNSET, description="Custom values by key; null clears one"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET
