"""Liveness, readiness and metrics endpoints."""

from __future__ import annotations

import httpx


async def test_healthz_says_the_process_is_up(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_database_and_broker(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


async def test_metrics_count_graphql_requests(http: httpx.AsyncClient) -> None:
    await http.post("/graphql", json={"query": "{ serverInfo { version } }"})
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert 'tandem_http_requests_total{method="POST",path="/graphql",status="200"} 1.0' in (
        response.text
    )
