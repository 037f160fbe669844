"""Exports of the contact details added with the customer base: lists as one readable cell,
consent with its evidence, and neither for a role that may not read them."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.exports import csv_records, download
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

CONSENT_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


async def _contact(api: GraphQLClient) -> str:
    owner = await signed_in(api, "owner")
    await crm.contact(
        owner.user,
        tags='["vip", "b2b"]',
        other_emails='["ada@work.example.com"]',
        email_consent=True,
        email_consent_source="web form",
        email_consent_at=CONSENT_AT,
    )
    return owner.access_token


async def test_lists_and_consent_export_as_readable_cells(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    token = await _contact(api)

    [row] = csv_records(await download(http, "/export/contacts.csv", token))

    assert row["tags"] == "vip; b2b"
    assert row["otherEmails"] == "ada@work.example.com"
    assert row["emailConsent"] == "granted (web form, 2026-01-02T03:04:05+00:00)"


async def test_a_role_without_consent_access_gets_no_consent_column(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await _contact(api)
    narrow = {"contact": grant(["read", "export"], fields={"firstName": "read", "tags": "read"})}
    exporter = await signed_in(api, await custom_role("Exporter", 20, narrow), email="e@acme.test")

    [row] = csv_records(await download(http, "/export/contacts.csv", exporter.access_token))

    assert row["tags"] == "vip; b2b"
    assert "emailConsent" not in row and "otherEmails" not in row
