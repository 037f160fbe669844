"""What every resolver gets as ``info.context``: one per HTTP request or websocket operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from models.access.principal import Principal
from models.access.records import RecordAccess
from models.errors import Unauthenticated
from models.i18n import negotiate

if TYPE_CHECKING:
    from auth.sessions import Issuer
    from auth.tokens import TokenCodec
    from jobs.queue import JobQueue
    from mail.campaign_config import CampaignConfig
    from mail.sender import Mailer
    from realtime.bus import Bus
    from realtime.presence import Presence
    from realtime.report_groups import ReportGroups
    from realtime.stream import EventStream
    from resolvers.loaders import Loaders


class ResolverSettings(Protocol):
    """The settings resolvers read. server/settings.Settings has them all; it is named here by
    what resolvers need, not imported, as server/ sits above resolvers/ (docs/architecture.md)."""

    @property
    def public_url(self) -> str: ...
    @property
    def invite_hours(self) -> int: ...
    @property
    def password_reset_minutes(self) -> int: ...
    @property
    def dashboard_coalesce_seconds(self) -> float: ...
    @property
    def webhook_allowed_networks(self) -> list[str]: ...
    @property
    def dashboard_recheck_seconds(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Services:
    """Process-wide collaborators, built once by create_app()."""

    settings: ResolverSettings
    codec: TokenCodec
    issuer: Issuer
    mailer: Mailer
    # Channels, rates and link signing of campaign sends (test sends use them too).
    campaigns: CampaignConfig
    # This process's ordered stream of committed events (subscriptions listen to it).
    stream: EventStream
    presence: Presence
    # The live reports' subscriber groups (reportUpdated, realtime/report_groups.py).
    reports: ReportGroups
    # Where a resolver hands work to a background worker (a document's e-mail; a campaign's
    # run, executed now when this process runs jobs, the embedded default); None in a process
    # that builds Services without a queue.
    jobs: JobQueue | None = None


@dataclass(slots=True)
class RequestContext:
    request: Any
    response: Any
    bus: Bus | None
    services: Services
    principal: Principal | None = None
    # Why the credential sent with the request was refused; raised when a field needs a caller.
    auth_error: Unauthenticated | None = None
    # The bearer credential as sent; a websocket re-checks it while it stays open.
    credential: str | None = None
    client_ip: str | None = None
    user_agent: str | None = None
    # Set by Strawberry from a websocket's connection_init payload.
    connection_params: dict[str, Any] | None = None
    # Per-operation caches (dataloaders, access decisions): never shared between requests.
    cache: dict[str, Any] = field(default_factory=dict)

    _access: dict[str, RecordAccess] = field(default_factory=dict)
    _loaders: Loaders | None = None

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise self.auth_error or Unauthenticated()
        return self.principal

    @property
    def language(self) -> str:
        """What the caller reads: their own language, else the request's Accept-Language
        (negotiated among en, es, fr), else English (models/i18n/languages.py)."""
        principal = self.principal
        headers = getattr(self.request, "headers", None)
        accept = headers.get("accept-language") if headers is not None else None
        return negotiate(principal.locale if principal else None, accept)

    def use_principal(self, principal: Principal) -> None:
        """Act as ``principal`` from now on (sign-in, a re-read after a role change)."""
        self.principal = principal
        self._access.clear()

    def access(self, obj: str) -> RecordAccess:
        """The caller's access to the record type ``obj`` (models/access/records.py): the only
        way resolvers read, write or check records. UNAUTHENTICATED without a caller."""
        found = self._access.get(obj)
        if found is None:
            if self._access:  # one gate per caller, shared by every record type
                found = next(iter(self._access.values())).of(obj)
            else:
                found = RecordAccess.of_principal(self.require_principal(), obj)
            self._access[obj] = found
        return found

    def fresh_loaders(self) -> None:
        """Forget loaded rows: a subscription's next event must not see an earlier one's."""
        self._loaders = None

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            from resolvers.loaders import Loaders

            self._loaders = Loaders()
        return self._loaders
