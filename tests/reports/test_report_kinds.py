"""The funnel, rep performance, interaction and customer reports as files (GET
/reports/{report}.xlsx|pdf) and live (reportUpdated), through the same registry as the sales
report: the files hold the query's figures, amounts are left out for a role that may not read
them, a role that may not run the query is refused, and a change pushes new figures."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
from openpyxl import load_workbook
from starlette.applications import Starlette

from models.clock import FrozenClock
from tests.reports import test_customer_report as customers
from tests.reports import test_funnel_report as funnel
from tests.reports import test_interaction_report as interactions
from tests.reports import test_rep_performance as reps
from tests.reports.test_report_live import Gate
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.documents import pdf_text
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed


async def _download(
    http: httpx.AsyncClient, report: str, fmt: str, token: str, params: dict[str, Any]
) -> httpx.Response:
    return await http.get(
        f"/reports/{report}.{fmt}",
        params={k: str(v) for k, v in params.items()},
        headers={"Authorization": f"Bearer {token}"},
    )


async def _sheets(
    http: httpx.AsyncClient, report: str, token: str, params: dict[str, Any]
) -> dict[str, list[list[Any]]]:
    response = await _download(http, report, "xlsx", token, params)
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}


def _rows(sheet: list[list[Any]]) -> list[dict[str, Any]]:
    header = sheet[0]
    return [dict(zip(header, row, strict=True)) for row in sheet[1:]]


def _money(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01")))


async def test_rep_performance_files_hold_the_querys_figures(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    owner, seller, other = await reps._accounts(api, clock)
    await reps._data(seller.user, other.user)
    queried = (await api.ok(reps.REPORT, reps.MARCH_APRIL, token=owner.access_token))[
        "repPerformance"
    ]

    sheets = await _sheets(http, "reps", owner.access_token, reps.MARCH_APRIL)
    text = pdf_text(
        (await _download(http, "reps", "pdf", owner.access_token, reps.MARCH_APRIL)).content
    )

    rows = _rows(sheets["Representatives"])
    assert [
        (r["Representative"], r["Deals created"], r["Deals won"], r["Lost"], _money(r["Revenue"]))
        for r in rows
    ] == [
        (q["ownerId"], q["dealsCreated"], q["dealsWon"], q["dealsLost"], q["wonRevenue"]["amount"])
        for q in queried["reps"]
    ]
    assert [(r["Tasks done"], r["Tasks overdue"], r["New leads"]) for r in rows] == [
        (q["tasksDone"], q["tasksOverdue"], q["newLeads"]) for q in queried["reps"]
    ]
    kinds = [
        (r["Representative"], r["Kind"], r["Activities"])
        for r in _rows(sheets["Activities by kind"])
    ]
    assert kinds == [
        (q["ownerId"], k["kind"], k["count"]) for q in queried["reps"] for k in q["activities"]
    ]
    assert "Rep performance" in text and "Representatives" in text
    assert "1.180,00" in text or "1,180.00" in text


async def test_a_role_that_may_not_read_amounts_gets_rep_and_customer_files_without_them(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    _, seller, other = await reps._accounts(api, clock)
    await reps._data(seller.user, other.user)
    viewer = await signed_in(api, "marketing", email="marketing@acme.test")

    rep_sheets = await _sheets(http, "reps", viewer.access_token, reps.MARCH_APRIL)
    customer_sheets = await _sheets(http, "customers", viewer.access_token, reps.MARCH_APRIL)
    text = pdf_text(
        (await _download(http, "reps", "pdf", viewer.access_token, reps.MARCH_APRIL)).content
    )

    assert "Revenue" not in rep_sheets["Representatives"][0]
    assert [r["Deals won"] for r in _rows(rep_sheets["Representatives"])] == [2, 2]
    top = customer_sheets["Top customers"][0]
    assert "Revenue" not in top and "Monetary score" not in top
    assert "Forecast against actual" not in customer_sheets
    assert "Revenue" not in text and "€" not in text


async def test_interaction_files_count_what_the_query_counts(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, seller, other = await interactions._accounts(api)
    await interactions._data(seller.user, other.user)
    params = {**interactions.RANGE, "timeZone": "Europe/Madrid", "silentDays": 7}
    queried = (
        await api.ok(
            interactions.REPORT,
            {**interactions.RANGE, "silentDays": 7},
            token=owner.access_token,
        )
    )["interactionReport"]

    sheets = await _sheets(http, "interactions", owner.access_token, params)
    text = pdf_text(
        (await _download(http, "interactions", "pdf", owner.access_token, params)).content
    )

    assert [(r["Hour"], r["Activities"]) for r in _rows(sheets["By hour of day"])] == [
        (c["hour"], c["count"]) for c in queried["byHour"]
    ]
    assert [(r["Kind"], r["Activities"]) for r in _rows(sheets["By kind"])] == [
        (c["key"], c["count"]) for c in queried["byKind"]
    ]
    assert [r["Contact"] for r in _rows(sheets["Customers without contact"])] == [
        s["contact"]["id"] for s in queried["silentCustomers"]
    ]
    assert "Europe/Madrid" in text and "Interactions report" in text


async def test_funnel_and_customer_files_hold_the_querys_figures(
    api: GraphQLClient, http: httpx.AsyncClient, clock: FrozenClock
) -> None:
    owner, seller, other = await funnel._accounts(api)
    await funnel._data(seller.user, other.user)
    queried = (await api.ok(funnel.REPORT, funnel.MARCH_APRIL, token=owner.access_token))[
        "funnelReport"
    ]

    sheets = await _sheets(http, "funnel", owner.access_token, funnel.MARCH_APRIL)

    cohorts = _rows(sheets["Cohorts"])
    total = queried["total"]
    assert (cohorts[0]["Created"], cohorts[0]["Deals won"], cohorts[0]["Lost"]) == (
        total["created"],
        total["won"],
        total["lost"],
    )
    stages = [r for r in _rows(sheets["Stages"]) if r["Period"] is None]
    assert [(r["Stage"], r["Entered"]) for r in stages] == [
        (s["name"], s["entered"]) for s in total["stages"]
    ]


async def test_customer_files_list_the_querys_segments_and_top_customers(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner, seller, other = await customers._accounts(api)
    await customers._data(seller.user, other.user)
    queried = (await api.ok(customers.REPORT, customers.YEAR, token=owner.access_token))[
        "customerReport"
    ]

    sheets = await _sheets(http, "customers", owner.access_token, customers.YEAR)

    assert [(r["Segment"], r["Customers"]) for r in _rows(sheets["Segments"])] == [
        (s["segment"].lower(), s["count"]) for s in queried["segments"]
    ]
    top = _rows(sheets["Top customers"])
    assert [(r["Deals won"], r["Recency score"]) for r in top] == [
        (c["wonCount"], c["recencyScore"]) for c in queried["topCustomers"]
    ]
    assert [_money(r["Revenue"]) for r in top] == [
        c["revenue"]["amount"] for c in queried["topCustomers"]
    ]


async def test_roles_that_may_not_run_a_report_are_refused_its_files(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    support = await signed_in(api, "support")
    params = {"from": "2026-03-01", "to": "2026-04-30"}

    for report in ("funnel", "reps", "customers"):
        response = await _download(http, report, "xlsx", support.access_token, params)
        assert response.status_code == 403, report
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    owner = await signed_in(api, "owner")
    by_day = await _download(
        http, "customers", "pdf", owner.access_token, {**params, "period": "DAY"}
    )
    assert by_day.status_code == 400
    assert by_day.json()["errors"][0]["extensions"]["field"] == "period"


LIVE = """
subscription($filters: ReportFilters!) {
  reportUpdated(report: REPS, filters: $filters) {
    report
    reps { reps { ownerId dealsCreated activities { kind count } } }
  }
}
"""
ACTIVITY = """
mutation($input: ActivityLogInput!) { activityLog(input: $input) { id } }
"""


async def test_rep_performance_is_followed_live(
    api: GraphQLClient, ws_url: str, app: Starlette, clock: FrozenClock
) -> None:
    gate = Gate()
    app.state.services.reports.wait = gate
    clock.set(datetime(2026, 3, 10, 12, tzinfo=UTC))
    owner = await signed_in(api, "owner")
    contact = await crm.contact(owner.user)
    filters = {"from": "2026-03-01", "to": "2026-03-31"}

    async with subscribed(ws_url, owner.access_token, LIVE, {"filters": filters}) as heard:
        first = (await heard.next())["reportUpdated"]
        await api.ok(
            ACTIVITY,
            {
                "input": {
                    "kind": "call",
                    "subject": "Hello",
                    "contactId": crm.gid(contact),
                    "occurredAt": "2026-03-10T11:00:00+00:00",
                }
            },
            token=owner.access_token,
        )
        await gate.close_next()
        after = (await heard.next())["reportUpdated"]

    assert first["report"] == "REPS" and first["reps"]["reps"] == []
    assert after["reps"]["reps"] == [
        {
            "ownerId": crm.gid(owner.user),
            "dealsCreated": 0,
            "activities": [{"kind": "call", "count": 1}],
        }
    ]
