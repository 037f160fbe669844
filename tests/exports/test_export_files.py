"""Export files: what they hold (CSV and XLSX alike), filters, errors, batches, the audit trail."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import httpx
import openpyxl
import pytest

from models.audit import AuditEntry
from models.deal import Deal
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.exports import csv_records, csv_table, download, error_of, xlsx_table
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

DEAL_HEADER = [
    "id",
    "title",
    "pipeline",
    "stage",
    "position",
    "amount",
    "cost",
    "margin",
    "probability",
    "expectedClose",
    "contact",
    "company",
    "status",
    "lostReason",
    "closedAt",
    "tags",
    "owner",
    "department",
    "currency",
    "createdAt",
    "updatedAt",
]


async def _owner_with_a_deal(api: GraphQLClient) -> tuple[Account, Deal]:
    owner = await signed_in(api, "owner")
    sales = await crm.department("Sales")
    company = await crm.company(owner.user, sales, name="Initech")
    person = await crm.contact(
        owner.user, sales, first_name="Ada", last_name="Lovelace", company=company
    )
    deal = await crm.deal(
        owner.user,
        sales,
        company=company,
        contact=person,
        title='Big, "quoted" deal',
        amount="1000.00",
        cost="123.45",
        probability=40,
    )
    return owner, deal


async def test_an_owner_exports_every_column_with_names_for_relations(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, deal = await _owner_with_a_deal(api)

    response = await download(http, "/export/deals.csv", owner.access_token)

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="deals-') and disposition.endswith('.csv"')
    assert response.headers["cache-control"] == "no-store"
    assert csv_table(response)[0] == DEAL_HEADER
    [row] = csv_records(response)
    assert row["id"] == crm.gid(deal)
    assert {k: v for k, v in row.items() if k not in {"id", "createdAt", "updatedAt"}} == {
        "title": 'Big, "quoted" deal',
        "pipeline": "Sales",
        "stage": "New",
        "position": "0",
        "amount": "1000.00",
        "cost": "123.45",
        "margin": "876.55",
        "probability": "40",
        "expectedClose": "",
        "contact": "Ada Lovelace",
        "company": "Initech",
        "status": "open",
        "lostReason": "",
        "closedAt": "",
        "tags": "",
        "owner": "Owner",
        "department": "Sales",
        "currency": "EUR",
    }
    assert row["createdAt"].endswith("+00:00")


async def test_the_xlsx_holds_the_same_content_as_the_csv(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, _ = await _owner_with_a_deal(api)
    await crm.company(owner.user, None, name="Second Co")

    for name in ("deals", "companies"):
        as_csv = csv_table(await download(http, f"/export/{name}.csv", owner.access_token))
        response = await download(http, f"/export/{name}.xlsx", owner.access_token)

        assert response.headers["content-type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        as_xlsx = xlsx_table(response)
        assert len(as_xlsx) == len(as_csv) > 1
        for xlsx_row, csv_row in zip(as_xlsx, as_csv, strict=True):
            assert [_same(a, b) for a, b in zip(xlsx_row, csv_row, strict=True)] == [True] * len(
                csv_row
            ), (xlsx_row, csv_row)


def _same(xlsx_value: Any, csv_value: str) -> bool:
    if xlsx_value is None:
        return csv_value == ""
    if isinstance(xlsx_value, int | float):
        return Decimal(str(xlsx_value)) == Decimal(csv_value)
    return bool(xlsx_value == csv_value)


async def test_text_that_looks_like_a_formula_stays_text(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    await crm.company(owner.user, None, name='=HYPERLINK("http://evil.test")', phone="+34 600 1")

    as_csv = csv_records(await download(http, "/export/companies.csv", owner.access_token))
    response = await download(http, "/export/companies.xlsx", owner.access_token)

    assert as_csv[0]["name"] == '\'=HYPERLINK("http://evil.test")'
    assert as_csv[0]["phone"] == "+34 600 1"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.title == "Companies"
    assert sheet["B2"].value == '=HYPERLINK("http://evil.test")'
    assert sheet["B2"].data_type == "s"


async def test_filter_and_search_use_the_list_filter_keys(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    stage = await crm.first_stage(await crm.pipeline())
    await crm.deal(owner.user, None, stage=stage, title="Alpha won", status="won")
    await crm.deal(owner.user, None, stage=stage, title="Beta won", status="won")
    await crm.deal(owner.user, None, stage=stage, title="Alpha open", amount="5.00")

    by_status = await download(
        http, "/export/deals.csv", owner.access_token, filter={"status": "won"}, search="alpha"
    )
    by_amount = await download(
        http, "/export/deals.csv", owner.access_token, filter={"amountLte": "10"}
    )

    assert [r["title"] for r in csv_records(by_status)] == ["Alpha won"]
    assert [r["title"] for r in csv_records(by_amount)] == ["Alpha open"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("{not json", "filter"),
        ("[1, 2]", "filter"),
        ('{"colour": "red"}', "filter"),
        ('{"amountGte": "lots"}', "filter.amountGte"),
        ('{"ownerId": "not-an-id"}', "filter.ownerId"),
    ],
)
async def test_a_malformed_filter_is_bad_user_input(
    api: GraphQLClient, http: httpx.AsyncClient, raw: str, field: str
) -> None:
    owner = await signed_in(api, "owner")

    response = await http.get(
        "/export/deals.csv",
        params={"filter": raw},
        headers={"authorization": f"Bearer {owner.access_token}"},
    )

    assert response.status_code == 400
    assert error_of(response)["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_without_a_valid_token_the_export_is_unauthenticated(
    http: httpx.AsyncClient,
) -> None:
    missing = await download(http, "/export/deals.csv", None)
    forged = await download(http, "/export/deals.xlsx", "not-a-token")

    for response in (missing, forged):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert error_of(response)["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_unknown_list_or_format_is_not_found(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")

    for path in ("/export/users.csv", "/export/deals.pdf"):
        response = await download(http, path, owner.access_token)
        assert response.status_code == 404
        assert error_of(response)["extensions"]["code"] == "NOT_FOUND"


async def test_each_export_is_audited_with_its_format_row_count_and_filter(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, _ = await _owner_with_a_deal(api)

    await download(http, "/export/deals.csv", owner.access_token, filter={"status": "open"})
    await download(http, "/export/deals.xlsx", owner.access_token)

    entries = await AuditEntry.filter(action="record.export").order_by("id")
    assert [(e.actor_id, e.object, e.record_id) for e in entries] == [
        (owner.user.id, "deal", None),
        (owner.user.id, "deal", None),
    ]
    assert [(e.after["format"], e.after["rows"], e.after["filter"]) for e in entries] == [
        ("csv", 1, {"status": "open"}),
        ("xlsx", 1, {}),
    ]
    assert entries[0].after["columns"] == DEAL_HEADER
    assert entries[0].after["complete"] is True


async def test_a_large_export_is_read_in_batches_not_row_by_row(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    sales = await crm.department("Sales")
    stage = await crm.first_stage(await crm.pipeline())
    company = await crm.company(owner.user, sales, name="Bulk Co")
    await Deal.bulk_create(
        [
            Deal(
                title=f"Deal {i:04}",
                pipeline_id=stage.pipeline_id,
                stage_id=stage.id,
                company_id=company.id,
                owner_id=owner.user.id,
                department_id=sales.id,
                amount=Decimal(i),
            )
            for i in range(2000)
        ],
        batch_size=500,
    )

    with count_statements(include_caller=True) as sql:
        response = await download(http, "/export/deals.csv", owner.access_token)

    titles = [r["title"] for r in csv_records(response)]
    assert titles == [f"Deal {i:04}" for i in range(2000)]
    deal_reads = [s for s in sql.statements if 'from "deal"' in s.lower()]
    # 500 rows a batch: four full batches and one that finds the end.
    assert len(deal_reads) == 5
    assert all("limit" in s.lower() for s in deal_reads)
    # Per full batch: the deals, then one query per relation shown (owner, department,
    # company, pipeline, stage); plus the caller (1), the custom field definitions (1) and the
    # audit entry. A contact lookup is skipped: no deal has one. Nothing here depends on the
    # 2,000 rows.
    assert sql.count == 1 + 1 + 5 + 4 * 5 + 1, sql.statements
