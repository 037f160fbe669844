"""Backup files on disk: their names (UTC time and backend), the manifest beside each, and
retention.

A backup is two files in the target folder: ``tandem-20261204T031500Z-sqlite.sqlite3`` (or
``-postgres.dump``) and ``<that name>.manifest.json``. The data file is written under a
``.partial`` name and renamed when complete, and the manifest is written last, so a file with a
manifest beside it is a finished backup; anything else is ignored by listings and retention.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from backups.errors import DAMAGED_FILE, MISSING_FILE, MISSING_MANIFEST, BackupError
from models.i18n import msg

FORMAT = 1
EXTENSIONS = {"sqlite": "sqlite3", "postgres": "dump"}
STAMP = "%Y%m%dT%H%M%SZ"
NAME = re.compile(r"^tandem-(\d{8}T\d{6}Z)(?:-\d+)?-(sqlite|postgres)\.(sqlite3|dump)$")
MANIFEST_SUFFIX = ".manifest.json"


@dataclass(frozen=True, slots=True)
class TableSum:
    rows: int
    checksum: str


@dataclass(slots=True)
class Manifest:
    backend: str
    created_at: str
    file: str = ""
    size: int = 0
    sha256: str = ""
    tables: dict[str, TableSum] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        tables = {name: TableSum(**value) for name, value in data.pop("tables").items()}
        return cls(**data, tables=tables)


def new_path(folder: Path, backend: str, at: datetime) -> Path:
    """A free name for a backup taken at ``at`` (two in one second get ``-2``, ``-3``...)."""
    stamp = at.astimezone(UTC).strftime(STAMP)
    ext = EXTENSIONS[backend]
    path = folder / f"tandem-{stamp}-{backend}.{ext}"
    n = 1
    while path.exists() or manifest_path(path).exists():
        n += 1
        path = folder / f"tandem-{stamp}-{n}-{backend}.{ext}"
    return path


def prepare(folder: Path, backend: str, at: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return new_path(folder, backend, at)


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def seal(written: Path, final: Path, manifest: Manifest) -> Manifest:
    """Rename a complete data file to its name and write its manifest beside it."""
    os.replace(written, final)
    manifest.file = final.name
    manifest.size = final.stat().st_size
    manifest.sha256 = sha256_of(final)
    tmp = partial(manifest_path(final))
    tmp.write_text(manifest.to_json())
    os.replace(tmp, manifest_path(final))
    return manifest


def open_backup(path: Path) -> Manifest:
    """The manifest of the backup at ``path``, after checking the file is the one it describes."""
    if not path.is_file():
        raise BackupError(MISSING_FILE, msg("no backup file at {path}", path=path))
    beside = manifest_path(path)
    if not beside.is_file():
        raise BackupError(
            MISSING_MANIFEST,
            msg(
                "no manifest beside {name} (expected {manifest})",
                name=path.name,
                manifest=beside.name,
            ),
        )
    try:
        manifest = Manifest.from_json(beside.read_text())
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(
            DAMAGED_FILE, msg("{name} is not a Tandem manifest: {exc}", name=beside.name, exc=exc)
        ) from exc
    if sha256_of(path) != manifest.sha256:
        raise BackupError(
            DAMAGED_FILE,
            msg("{name} does not match its manifest's checksum: it is damaged", name=path.name),
        )
    return manifest


def taken_at(name: str) -> datetime | None:
    match = NAME.match(name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)


def prune(folder: Path, before: datetime) -> list[str]:
    """Delete the finished backups in ``folder`` taken before ``before``; their names."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.iterdir()):
        at = taken_at(path.name)
        if at is None or at >= before or not manifest_path(path).exists():
            continue
        path.unlink(missing_ok=True)
        manifest_path(path).unlink(missing_ok=True)
        removed.append(path.name)
    return removed
