"""A bad row of an import file, as the API reports it (contactImport and importJob.errors)."""

from __future__ import annotations

import strawberry


@strawberry.type
class ImportRowError:
    row: int = strawberry.field(description="1-based data row (the header is row 0)")
    field: str | None
    code: str
    message: str
