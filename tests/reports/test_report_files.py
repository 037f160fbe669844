"""GET /reports/{report}.{pdf|xlsx}: a report downloaded as a client would, read back with
openpyxl and pdftotext, holds the figures its GraphQL query returns to the same caller; amounts
the caller may not read are not in either file; a caller without deals gets 403."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import httpx
from babel.dates import format_date
from babel.numbers import format_currency
from openpyxl import load_workbook

from tests.reports.test_sales_report import MARCH_APRIL, REPORT, _accounts, _data
from tests.support.accounts import signed_in
from tests.support.documents import pdf_text
from tests.support.graphql import GraphQLClient

QUERY = {**MARCH_APRIL, "period": "MONTH", "groupBy": "OWNER"}


async def _download(http: httpx.AsyncClient, fmt: str, token: str, **params: str) -> httpx.Response:
    return await http.get(
        f"/reports/sales.{fmt}",
        params={**QUERY, **params},
        headers={"Authorization": f"Bearer {token}"},
    )


def _sheets(response: httpx.Response) -> dict[str, list[list[Any]]]:
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _money(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01")))


def _as_query_rows(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """A sheet's rows in the query's shape (the amounts of the query's Money objects)."""
    header, *body = rows
    out = []
    for row in body:
        cells = dict(zip(header, row, strict=True))
        out.append(
            {
                "period": _day(cells["Period"]),
                "groupId": cells["Group"],
                "currency": cells["Currency"],
                "count": cells["Deals won"],
                "revenue": _money(cells.get("Revenue")),
                "average": _money(cells.get("Average deal")),
                "unconverted": cells["Without a rate"],
            }
        )
    return out


def _query_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "revenue": r["revenue"]["amount"] if r["revenue"] else None,
            "average": r["average"]["amount"] if r["average"] else None,
        }
        for r in rows
    ]


async def test_the_workbook_holds_the_figures_of_the_query(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    queried = (await api.ok(REPORT, QUERY, token=owner.access_token))["salesReport"]

    sheets = _sheets(await _download(http, "xlsx", owner.access_token))

    assert list(sheets) == [
        "Sales report",
        "In the base currency",
        "By currency",
        "Against the previous range",
    ]
    assert sheets["Sales report"][1:] == [
        ["From", datetime(2026, 3, 1)],
        ["To", datetime(2026, 4, 30)],
        ["Base currency", "EUR"],
    ]
    assert _as_query_rows(sheets["In the base currency"]) == _query_rows(queried["rows"])
    assert _as_query_rows(sheets["By currency"]) == _query_rows(queried["byCurrency"])
    header, *compared = sheets["Against the previous range"]
    assert header == [
        "Group",
        "Currency",
        "Deals won",
        "Revenue",
        "Deals won before",
        "Revenue before",
    ]
    assert [[r[0], r[2], _money(r[3]), r[4], _money(r[5])] for r in compared] == [
        [
            c["groupId"],
            c["current"]["count"],
            c["current"]["revenue"]["amount"],
            c["previous"]["count"],
            c["previous"]["revenue"]["amount"],
        ]
        for c in queried["comparison"]
    ]
    assert len(compared) == 2  # two owners: the figures above are not vacuous


def _columns(text: str) -> list[list[str]]:
    """The PDF's table rows as cells (pdftotext -layout keeps two or more spaces between)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


def _money_text(money: dict[str, str] | None, currency: str) -> list[str]:
    if money is None:
        return []
    return [format_currency(Decimal(money["amount"]), currency, locale="en")]


async def test_the_pdf_prints_the_figures_of_the_query(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    queried = (await api.ok(REPORT, QUERY, token=owner.access_token))["salesReport"]

    response = await _download(http, "pdf", owner.access_token)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Sales report" in text and "Against the previous range" in text
    printed = _columns(text)
    for row in queried["rows"] + queried["byCurrency"]:
        c = row["currency"]
        assert [
            format_date(date.fromisoformat(row["period"]), format="long", locale="en"),
            row["groupId"],
            c,
            str(row["count"]),
            *_money_text(row["revenue"], c),
            *_money_text(row["average"], c),
            str(row["unconverted"]),
        ] in printed
    for c in queried["comparison"]:
        assert [
            c["groupId"],
            "EUR",
            str(c["current"]["count"]),
            *_money_text(c["current"]["revenue"], "EUR"),
            str(c["previous"]["count"]),
            *_money_text(c["previous"]["revenue"], "EUR"),
        ] in printed


async def test_the_labels_follow_the_language_asked_for(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, seller, other = await _accounts(api)
    await _data(seller.user, other.user)

    sheets = _sheets(await _download(http, "xlsx", owner.access_token, language="es"))
    text = pdf_text((await _download(http, "pdf", owner.access_token, language="fr")).content)

    assert "Informe de ventas" in sheets
    assert sheets["Por moneda"][0][3:5] == ["Tratos ganados", "Ingresos"]
    assert "Rapport des ventes" in text
    assert "1 500,00 €" in text.replace("\u202f", " ").replace("\xa0", " ")


async def test_a_role_that_may_not_read_amounts_gets_files_without_them(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    _, seller, other = await _accounts(api)
    await _data(seller.user, other.user)
    for role in ("marketing", "read_only"):
        viewer = await signed_in(api, role, email=f"{role}@acme.test")
        queried = (await api.ok(REPORT, QUERY, token=viewer.access_token))["salesReport"]

        sheets = _sheets(await _download(http, "xlsx", viewer.access_token))
        text = pdf_text((await _download(http, "pdf", viewer.access_token)).content)

        for name in ("In the base currency", "By currency", "Against the previous range"):
            header = sheets[name][0]
            assert not {"Revenue", "Average deal", "Revenue before"} & set(header), role
            assert not any(isinstance(v, float) for row in sheets[name] for v in row), role
        assert _as_query_rows(sheets["In the base currency"]) == _query_rows(queried["rows"])
        assert "Revenue" not in text and "Average deal" not in text, role
        assert "€" not in text and "$" not in text and "£" not in text, role
        assert "Deals won" in text


async def test_a_role_without_deals_is_refused_both_files(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    support = await signed_in(api, "support")

    for fmt in ("xlsx", "pdf"):
        response = await _download(http, fmt, support.access_token)

        assert response.status_code == 403, fmt
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_bad_requests_are_refused_before_anything_is_computed(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await signed_in(api, "owner")
    token = owner.access_token

    unsigned = await http.get("/reports/sales.pdf", params=QUERY)
    unknown = await http.get(
        "/reports/nope.pdf", params=QUERY, headers={"Authorization": f"Bearer {token}"}
    )
    csv = await _download(http, "csv", token)
    inverted = await _download(http, "xlsx", token, to="2026-01-01")
    no_range = await http.get("/reports/sales.xlsx", headers={"Authorization": f"Bearer {token}"})
    bad_period = await _download(http, "pdf", token, period="FORTNIGHT")
    stray = await _download(http, "pdf", token, colour="red")
    language = await _download(http, "pdf", token, language="de")

    assert unsigned.status_code == 401
    assert unknown.status_code == csv.status_code == 404
    for refused in (inverted, no_range, bad_period, stray, language):
        assert refused.status_code == 400, refused.text
        assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert inverted.json()["errors"][0]["extensions"]["field"] == "to"
    assert language.json()["errors"][0]["extensions"]["field"] == "language"
