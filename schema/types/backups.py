"""A database backup as the API shows it (a models/backup.py row, read by attribute)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from models.backup import BackupRun


@strawberry.type(description="A backup of the whole database (daily schedule or `tandem backup`)")
class Backup:
    finished_at: datetime | None
    backend: str = strawberry.field(description="sqlite or postgres")
    status: str = strawberry.field(description="running, done, failed or removed (by retention)")
    verified: bool = strawberry.field(description="The file was read back and matched its manifest")
    file_name: str
    message: str = strawberry.field(description="Why it failed, when it did")

    @strawberry.field(description="The UTC day a scheduled backup was taken for; null by hand")
    def day(self, root: strawberry.Parent[BackupRun]) -> date | None:
        return root.day

    @strawberry.field(description="Size of the file in bytes (a Float: files pass 2 GiB)")
    def size_bytes(self, root: strawberry.Parent[BackupRun]) -> float | None:
        return float(root.size_bytes) if root.size_bytes is not None else None

    @strawberry.field(description="When it started (UTC)")
    def taken_at(self, root: strawberry.Parent[BackupRun]) -> datetime:
        return root.started_at
