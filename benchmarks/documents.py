"""Scenario: 500 invoices rendered to PDF through ``GET /documents/{id}.pdf``.

Measured as a client sees it, like the other scenarios: a server subprocess
(``benchmarks/server.py``) on a fresh SQLite file, seeded small (one department's users), one
product set and 500 invoices of five lines each issued through the API (``orderCreate`` then
``invoiceIssue``: numbered, taxed and audited like any). Then each invoice's PDF is fetched
once, one request at a time, as the Owner (cost and margin printed): wall time per document
(median, p90) and the server's CPU per document, and the server's memory from
``/proc/PID/status``: its resident set when the renders start (``VmRSS``), its peak so far
then (``VmHWM``, reached while issuing) and its peak after the 500 renders. Every answer is
checked: 200, ``application/pdf``, ``%PDF-``.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.harness import BenchError, RunningServer

PRODUCTS = """mutation($input: ProductCreateInput!) { productCreate(input: $input) { id } }"""
ORDER = """mutation($input: OrderCreateInput!) { orderCreate(input: $input) { id } }"""
ISSUE = """mutation($input: InvoiceIssueInput!) { invoiceIssue(input: $input) { id code } }"""
LINES = 5


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise BenchError(f"no {key} in /proc: Linux only")


def peak_kib(pid: int) -> int:
    """The process's peak resident set so far (VmHWM), KiB."""
    return _status_kib(pid, "VmHWM")


def rss_kib(pid: int) -> int:
    """The process's resident set now (VmRSS), KiB."""
    return _status_kib(pid, "VmRSS")


def _ok(
    client: httpx.Client, token: str, query: str, variables: dict[str, object]
) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise BenchError(f"{query.split('{')[1].strip()} failed: {body}")
    return dict(body["data"])


def issue_invoices(client: httpx.Client, token: str, count: int) -> list[str]:
    products = [
        _ok(
            client,
            token,
            PRODUCTS,
            {
                "input": {
                    "sku": f"BENCH-DOC-{i}",
                    "name": f"Bench product {i}",
                    "price": f"{10 + i * 7}.50",
                    "cost": f"{5 + i * 3}.25",
                }
            },
        )["productCreate"]["id"]
        for i in range(LINES)
    ]
    lines = [
        {"productId": pid, "quantity": str(i + 1), "taxRate": ("21", "10", "4")[i % 3]}
        for i, pid in enumerate(products)
    ]
    ids = []
    for _ in range(count):
        order = _ok(client, token, ORDER, {"input": {"lines": lines}})["orderCreate"]["id"]
        ids.append(_ok(client, token, ISSUE, {"input": {"orderId": order}})["invoiceIssue"]["id"])
    return ids


@dataclass(frozen=True, slots=True)
class Renders:
    seconds: list[float]
    cpu_seconds: list[float]
    bytes: list[int]
    rss_before_kib: int
    peak_before_kib: int
    peak_after_kib: int

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p90_ms(self) -> float:
        return statistics.quantiles(self.seconds, n=10)[-1] * 1000

    @property
    def cpu_median_ms(self) -> float:
        return statistics.median(self.cpu_seconds) * 1000


def render_all(client: httpx.Client, server: RunningServer, token: str, ids: list[str]) -> Renders:
    rss_before, before = rss_kib(server.pid), peak_kib(server.pid)
    seconds, cpu, sizes = [], [], []
    headers = {"Authorization": f"Bearer {token}"}
    for gid in ids:
        cpu_start = server.cpu_ns()
        start = time.perf_counter()
        response = client.get(f"/documents/{gid}.pdf", headers=headers)
        seconds.append(time.perf_counter() - start)
        cpu.append((server.cpu_ns() - cpu_start) / 1e9)
        if (
            response.status_code != 200
            or response.headers["content-type"] != "application/pdf"
            or not response.content.startswith(b"%PDF-")
        ):
            raise BenchError(f"{gid}: {response.status_code} {response.text[:200]}")
        sizes.append(len(response.content))
    return Renders(seconds, cpu, sizes, rss_before, before, peak_kib(server.pid))
