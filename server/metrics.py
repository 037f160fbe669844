"""Prometheus metrics: request counts and latency per route, open websockets."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models import fast_paths


class Metrics:
    """One registry per app, so that several apps in one process (tests) never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tandem_http_requests",
            "HTTP requests",
            ["path", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tandem_http_request_seconds",
            "HTTP request latency",
            ["path"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )
        self.websockets = Gauge(
            "tandem_websockets_open", "Open websocket connections", registry=self.registry
        )
        self.registry.register(FastPathCollector())

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class FastPathCollector(Collector):
    """How often each fast path answered (models/fast_paths.py): a path switched on that is
    never taken is as telling as one that is."""

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "tandem_fast_path_taken", "Times a fast path answered", labels=["path"]
        )
        for path, times in fast_paths.taken().items():
            family.add_metric([path], times)
        yield family


class MetricsMiddleware:
    # Paths are a closed set so that label cardinality cannot be blown up by clients.
    KNOWN_PATHS = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        label = path if path in self.KNOWN_PATHS else "other"
        if path.startswith("/export/"):
            label = "/export"
        if scope["type"] == "websocket":
            self.metrics.websockets.inc()
            try:
                await self.app(scope, receive, send)
            finally:
                self.metrics.websockets.dec()
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self.metrics.requests.labels(label, scope["method"], str(status_code)).inc()
            self.metrics.latency.labels(label).observe(time.perf_counter() - started)
