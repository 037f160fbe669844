"""What every resolver gets as ``info.context``: one per HTTP request or websocket operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auth.principal import Principal
from models.errors import Unauthenticated

if TYPE_CHECKING:
    from realtime.bus import Bus


@dataclass(slots=True)
class RequestContext:
    request: Any
    response: Any
    bus: Bus | None
    principal: Principal | None = None
    client_ip: str | None = None
    user_agent: str | None = None
    # Set by Strawberry from a websocket's connection_init payload.
    connection_params: dict[str, Any] | None = None
    # Per-operation caches (dataloaders, gate decisions): never shared between requests.
    cache: dict[str, Any] = field(default_factory=dict)

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated()
        return self.principal
