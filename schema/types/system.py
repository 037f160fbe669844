"""Types describing the service itself."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Facts about this Tandem server.")
class ServerInfo:
    version: str
