"""``create_app(settings)``: the Starlette application and its lifespan."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route, WebSocketRoute
from tortoise import Tortoise

from auth.principal_cache import PrincipalCache
from auth.sessions import Issuer
from auth.tokens import TokenCodec
from jobs.queue import JobQueue
from mail.sender import Mailer
from models import fast_paths
from models.job import Job
from models.tortoise_adapter import forget_statements
from realtime.access_events import AccessEvents
from realtime.bus import Bus
from realtime.presence import Presence, store_for
from realtime.relay import Relay
from realtime.report_groups import ReportGroups
from realtime.stream import EventStream
from resolvers.context import Services
from schema.schema import build_schema
from server import db
from server.backup_schedule import DailyBackup
from server.body_limit import BodyLimitMiddleware
from server.calendar_feed import CalendarFeedEndpoint
from server.documents import DocumentEndpoint
from server.exports import ExportEndpoint
from server.graphiql import ASSET_PATH, asset_files
from server.graphql_view import TandemGraphQL
from server.health import healthz, readyz
from server.imports import ImportEndpoint
from server.job_kinds import build_worker, campaign_config, transport_for
from server.lead_forms import LeadFormEndpoint
from server.metrics import Metrics, MetricsMiddleware
from server.report_files import ReportFileEndpoint
from server.scheduler import Scheduler
from server.settings import Settings
from server.socket_guard import SocketGuard
from server.unsubscribe import UnsubscribeEndpoint
from server.web_app import web_dir, web_routes
from webhooks.listener import WebhookEvents

log = logging.getLogger("tandem.server")

# uvicorn's websocket implementation, by the name its public option takes: the sans-I/O one
# keeps the least per open socket of uvicorn's implementations (benchmarks/results/fanout.md).
WS_PROTOCOL = "websockets-sansio"


class StartupError(Exception):
    """The server cannot start; the message says what to do."""


async def open_database(settings: Settings) -> None:
    config = db.tortoise_config(settings.database_url, pool_max=settings.db_pool_max)
    where = db.describe(settings.database_url)
    try:
        db.check_sqlite_folder(settings.database_url)
    except db.DatabaseError as exc:
        raise StartupError(str(exc)) from exc
    # Statements cached for another database kind must not be reused for this one.
    forget_statements()
    try:
        await Tortoise.init(config=config, _enable_global_fallback=True)
        pending = await db.pending_migrations(config)
    except (OSError, ConnectionError) as exc:
        await Tortoise.close_connections()
        raise StartupError(f"cannot reach the database at {where}: {exc}") from exc
    if pending:
        await Tortoise.close_connections()
        raise StartupError(
            f"the database at {where} is not migrated ({len(pending)} pending: "
            f"{', '.join(pending[:3])}{'...' if len(pending) > 3 else ''}); run `tandem migrate`"
        )


async def open_bus(settings: Settings, bus: Bus) -> None:
    try:
        await bus.connect()
    except Exception as exc:
        raise StartupError(
            f"cannot reach the broker at {db.describe(settings.broadcast_url)}: {exc}"
        ) from exc


def create_app(settings: Settings) -> Starlette:
    bus = Bus(settings.broadcast_url)
    channel = f"{settings.channel_prefix}events"
    relay = Relay(
        bus,
        channel,
        poll_seconds=settings.event_poll_seconds,
        retention=timedelta(days=settings.event_retention_days),
    )
    stream = EventStream(
        bus,
        channel,
        poll_seconds=settings.event_poll_seconds,
        queue_size=settings.subscriber_queue_size,
    )
    # Background jobs: this process runs a worker too unless separate workers run them.
    transport = transport_for(settings)
    jobs = JobQueue(
        transport, build_worker(settings, transport) if settings.jobs_in_process else None
    )
    scheduler = Scheduler(every_seconds=settings.scheduler_seconds, jobs=jobs)
    backup_schedule = DailyBackup.from_settings(settings)
    metrics = Metrics()
    codec = TokenCodec(settings.secret_key, ttl=timedelta(minutes=settings.access_token_minutes))
    services = Services(
        settings=settings,
        codec=codec,
        issuer=Issuer(codec, refresh_ttl=timedelta(days=settings.refresh_token_days)),
        mailer=Mailer(settings.smtp_url, settings.mail_from),
        campaigns=campaign_config(settings),
        jobs=jobs,
        stream=stream,
        reports=ReportGroups(stream, settings.report_coalesce_seconds),
        presence=Presence(
            bus,
            store_for(settings.broadcast_url, settings.channel_prefix),
            settings.channel_prefix,
            settings.presence_ttl_seconds,
        ),
    )
    schema = build_schema(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_query_tokens,
    )
    guard = SocketGuard(codec, stream, settings.ws_recheck_seconds)
    principals = PrincipalCache(codec, settings.principal_cache_seconds)
    # Other processes' user and role changes reach this process's cache through its stream.
    access_events = AccessEvents(stream, principals)
    # Events of webhook record types wake the dispatch (webhooks/listener.py).

    async def wake_dispatch(job: Job) -> None:
        await jobs.submit(job)

    webhook_events = WebhookEvents(stream, wake_dispatch)
    graphql = TandemGraphQL(
        schema,
        bus=bus,
        services=services,
        guard=guard,
        principals=principals,
        allowed_origins=settings.cors_origins,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await open_database(settings)
        try:
            await open_bus(settings, bus)
        except StartupError:
            await Tortoise.close_connections()
            raise
        await stream.start()
        await relay.start()
        await guard.start()
        await access_events.start()
        await jobs.start()
        await webhook_events.start()
        await scheduler.start()
        await backup_schedule.start()
        # Process-wide switches, as the code paths are (models/fast_paths.py).
        for path in fast_paths.PATHS:
            fast_paths.use(path, getattr(settings, path))
        # Everything loaded so far (modules, schema, models) lives as long as the process:
        # moved out of the collector's sight, full collections stop rescanning it. Measured in
        # benchmarks/results/permission-overhead.md: slow requests went from ~1/3 to ~2%.
        if settings.gc_freeze:
            gc.collect()
            gc.freeze()
        log.info("Tandem ready (%s)", db.describe(settings.database_url))
        try:
            yield
        finally:
            await guard.stop()
            await access_events.stop()
            await webhook_events.stop()
            await backup_schedule.stop()
            await scheduler.stop()
            await jobs.stop()
            await relay.stop()
            await stream.stop()
            await services.mailer.drain()
            await services.presence.store.close()
            await bus.disconnect()
            await Tortoise.close_connections()

    middleware = [Middleware(MetricsMiddleware, metrics=metrics)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type"],
            )
        )
    # Innermost, so a 413 still carries the CORS headers a browser needs to read it.
    middleware.append(
        Middleware(
            BodyLimitMiddleware,
            default=settings.max_body_bytes,
            per_path={
                "/import/contacts": settings.import_max_bytes,
                "/forms/leads": settings.form_max_bytes,
            },
        )
    )
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Mount(ASSET_PATH, asset_files(), name="graphiql-assets"),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics.endpoint),
            Route(
                "/export/{object}.{format}",
                ExportEndpoint(services, schema, settings.export_batch_size).handle,
                methods=["GET"],
                name="export",
            ),
            Route(
                "/documents/{id}.{format}",
                DocumentEndpoint(services).handle,
                methods=["GET"],
                name="document",
            ),
            Route(
                "/reports/{report}.{format}",
                ReportFileEndpoint(services, schema).handle,
                methods=["GET"],
                name="report-file",
            ),
            Route(
                "/import/contacts",
                ImportEndpoint(services, settings, jobs).handle,
                methods=["POST"],
                name="import-contacts",
            ),
            Route(
                "/calendar/{token}.ics",
                CalendarFeedEndpoint(urlsplit(settings.public_url).hostname or "tandem").handle,
                methods=["GET"],
                name="calendar-feed",
            ),
            Route(
                "/forms/leads",
                LeadFormEndpoint(services, settings).handle,
                methods=["POST"],
                name="lead-form",
            ),
            Route(
                "/unsubscribe/{token}",
                UnsubscribeEndpoint(settings.secret_key).handle,
                methods=["GET", "POST"],
                name="unsubscribe",
            ),
            *web_routes(web_dir(settings.web_dir)),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.bus = bus
    app.state.relay = relay
    app.state.scheduler = scheduler
    app.state.backup_schedule = backup_schedule
    app.state.jobs = jobs
    app.state.metrics = metrics
    app.state.services = services
    app.state.socket_guard = guard
    app.state.principals = principals
    return app
