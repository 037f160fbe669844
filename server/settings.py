"""Settings read from the environment (prefix ``TANDEM_``), validated once at start."""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Secrets that ship in docs or examples: refused outside dev mode, whatever their length.
KNOWN_WEAK_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev", "tandem", "password"})
DEV_SECRET = "tandem-dev-only-secret-key-not-for-production-use"
MIN_SECRET_LENGTH = 32
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


class Mode(StrEnum):
    dev = "dev"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANDEM_", env_file=".env", extra="ignore")

    mode: Mode = Mode.dev
    database_url: str = "sqlite://tandem.sqlite3"
    broadcast_url: str = "memory://"
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    # Browser origins allowed for CORS and for websocket handshakes (comma separated).
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Query guards: cheap rejections before execution.
    max_query_depth: int = 12
    max_aliases: int = 30
    max_query_tokens: int = 5000
    # The largest request body of /graphql and of any endpoint without its own limit (413).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Database connection pool size per process (PostgreSQL only).
    db_pool_max: int = 10
    # Sign-in: lifetimes of credentials.
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    invite_hours: int = 72
    password_reset_minutes: int = 30
    # How often a live websocket re-checks its token's expiry and its user's session.
    ws_recheck_seconds: float = 30.0
    # How long an HTTP request's caller may be reused without re-reading it (0: never). Access
    # changes made through the API apply at once anyway (auth/principal_cache.py); this bounds
    # changes made behind its back.
    principal_cache_seconds: float = 5.0
    # Outgoing mail: smtp://user:pass@host:port (smtps:// for TLS); empty = the mail log table.
    smtp_url: str = ""
    mail_from: str = "Tandem <no-reply@tandem.invalid>"
    # Where people open links sent by e-mail (invitations, password resets): the address the
    # server is reached at from outside. Empty: where it listens (http://TANDEM_HOST:TANDEM_PORT).
    public_url: str = ""
    # The built web client served at /app (server/web_app.py). Empty: client-examples/web/dist
    # of this checkout, where `make web` writes it.
    web_dir: str = ""
    # Real time: broker channel names start with this (several deployments on one Redis).
    channel_prefix: str = "tandem:"
    # How often each process looks in the outbox for events the broker did not bring.
    event_poll_seconds: float = 1.0
    # Events a subscriber may fall behind by before it is dropped (it resumes with `after`).
    subscriber_queue_size: int = 1000
    # How long relayed events stay in the outbox for `after` replays.
    event_retention_days: int = 7
    # Freeze what startup loaded out of the garbage collector's scans (off where one process
    # starts many apps, as the test suite does: each freeze would pin the survivors for good).
    gc_freeze: bool = True
    # Fast path: a plain POST /graphql answered without Strawberry's view (off: the view).
    lean_post: bool = True
    # Fast path: list root fields answered by one SQL statement returning JSON (off: resolvers).
    compiled_reads: bool = True
    # Changes arriving within this window make one dashboard update.
    dashboard_coalesce_seconds: float = 0.25
    # reportUpdated: events within this window after the first are one recomputation.
    report_coalesce_seconds: float = 0.5
    # A dashboard looks again at least this often (tasks fall due without any event).
    dashboard_recheck_seconds: float = 60.0
    # A presence entry (viewing/editing a record) lasts this long without a heartbeat.
    presence_ttl_seconds: float = 30.0
    # How often a process looks for due task reminders and overdue tasks; 0 turns it off there.
    scheduler_seconds: float = Field(default=30.0, ge=0)
    # Rows read per query by an export: memory per export stays proportional to this.
    export_batch_size: int = Field(default=500, ge=1, le=10_000)
    # Rows per transaction of a contact import; also the rows checked per duplicate query.
    import_batch_size: int = Field(default=500, ge=1, le=10_000)
    # Where uploaded import files wait for their job ("" = the system's temporary directory).
    import_dir: str = ""
    # The largest import file accepted, in bytes.
    import_max_bytes: int = Field(default=256 * 1024 * 1024, ge=1)
    # Background jobs (jobs/): what wakes workers, "" = the broker of TANDEM_BROADCAST_URL
    # (memory:// runs them in this process; redis:// reaches every worker).
    jobs_url: str = ""
    # Whether this process runs a worker (the embedded default); false on API processes when
    # separate `tandem worker` processes run the jobs.
    jobs_in_process: bool = True
    # Jobs one worker runs at once.
    job_concurrency: int = Field(default=4, ge=1, le=100)
    # How often a worker sweeps the job table for due retries, lost wake-ups and jobs whose
    # worker died; 0 turns the sweep off (wake-ups only).
    job_poll_seconds: float = Field(default=5.0, ge=0)
    # How long a claimed job is a worker's without a progress report: after that another
    # worker takes it over (its worker is taken for dead).
    job_lease_seconds: float = Field(default=300.0, gt=0)
    # The first retry's wait; each further one doubles it (at most an hour).
    job_backoff_seconds: float = Field(default=30.0, gt=0)
    # Campaign SMS: the provider's messages endpoint, which takes a form POST (To, From, Body)
    # with basic auth (Twilio-style); empty: SMS campaigns fail each delivery with the reason.
    sms_url: str = ""
    # Campaign SMS: the basic-auth user name at the provider (e.g. the account id).
    sms_username: str = ""
    # Campaign SMS: the basic-auth password at the provider (e.g. the auth token).
    sms_password: str = ""
    # Campaign SMS: the sender number or name the provider sends from (its From field).
    sms_from: str = ""
    # Campaign e-mails per second of each running send (0: no limit).
    campaign_email_rate: float = Field(default=200.0, ge=0)
    # Campaign SMS per second of each running send (0: no limit); providers cap their rate.
    campaign_sms_rate: float = Field(default=10.0, ge=0)
    # SMTP connections each running campaign send keeps open, one message in flight on each.
    campaign_email_connections: int = Field(default=4, ge=1, le=32)
    # Public lead capture (POST /forms/leads): requests per window per form key and per IP.
    form_rate_per_key: int = Field(default=120, ge=1)
    form_rate_per_ip: int = Field(default=5, ge=1)
    form_rate_window_seconds: int = Field(default=60, ge=1)
    form_max_bytes: int = Field(default=8 * 1024, ge=256)
    # A field people never see (hidden by the form's CSS): only robots fill it in.
    form_honeypot: str = "website"
    # Daily backup (server/backup_schedule.py): the UTC time of day, HH:MM ("" = no scheduled
    # backups in this deployment), the folder the files go to (also `tandem backup`'s default),
    # and how many days a backup is kept before the schedule deletes it.
    backup_time: str = ""
    backup_dir: str = "backups"
    backup_retention_days: int = Field(default=14, ge=1)
    # Networks webhooks may be sent to although they are not public (loopback, private,
    # link-local...): addresses or CIDR networks, comma-separated. Empty: public addresses only.
    webhook_allowed_networks: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # How long one webhook send may take before it counts as failed.
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    # The wait before a failed webhook delivery's first retry; each further one doubles it.
    webhook_backoff_seconds: float = Field(default=30.0, gt=0)
    # How long after its event a webhook delivery is still retried; then it is given up.
    webhook_retry_hours: float = Field(default=24.0, gt=0)
    # Failed webhook attempts in a row that disable an endpoint (its owner is notified).
    webhook_disable_after: int = Field(default=50, ge=1)

    @field_validator("cors_origins", "webhook_allowed_networks", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in {"sqlite", "postgres", "postgresql", "asyncpg", "psycopg"}:
            raise ValueError(
                f"TANDEM_DATABASE_URL must start with sqlite:// or postgres:// (got {value!r})"
            )
        return value

    @field_validator("broadcast_url")
    @classmethod
    def _known_broker(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in {"memory", "redis", "rediss"}:
            raise ValueError(
                f"TANDEM_BROADCAST_URL must start with memory:// or redis:// (got {value!r})"
            )
        return value

    @field_validator("webhook_allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as exc:
                raise ValueError(f"not an address or CIDR network: {entry!r}") from exc
        return value

    @field_validator("backup_time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"TANDEM_BACKUP_TIME must be HH:MM in UTC, e.g. 03:30 (got {value!r})")
        return value

    @field_validator("jobs_url")
    @classmethod
    def _known_job_transport(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if value and scheme not in {"memory", "redis", "rediss"}:
            raise ValueError(
                f"TANDEM_JOBS_URL must start with memory:// or redis:// (got {value!r})"
            )
        return value

    @property
    def jobs_transport_url(self) -> str:
        return self.jobs_url or self.broadcast_url

    @model_validator(mode="after")
    def _public_url_or_listening_address(self) -> Settings:
        url = self.public_url.strip().rstrip("/")
        if not url:
            # A wildcard address is where one listens, not where anyone connects.
            host = "localhost" if self.host in WILDCARD_HOSTS else self.host
            host = f"[{host}]" if ":" in host else host
            url = f"http://{host}:{self.port}"
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"TANDEM_PUBLIC_URL must start with http:// or https:// (got {url!r})")
        self.public_url = url
        return self

    @model_validator(mode="after")
    def _secret_fits_mode(self) -> Settings:
        if self.mode is Mode.dev:
            if not self.secret_key:
                self.secret_key = DEV_SECRET
            return self
        secret = self.secret_key
        if secret.lower() in KNOWN_WEAK_SECRETS or secret == DEV_SECRET:
            raise ValueError("TANDEM_SECRET_KEY is a default or well-known value; set a random one")
        if len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < 10:
            raise ValueError(
                f"TANDEM_SECRET_KEY is too weak: use at least {MIN_SECRET_LENGTH} random characters"
                " (for example `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
