"""`tandem backup` then `tandem restore` into a fresh database: the restored database matches
the backup's manifest table by table (row counts and checksums), on the suite's backend, also
for a backup taken while writes go on."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from tests.support.accounts import signed_in
from tests.support.backups import (
    backups_in,
    environment,
    fresh_database,
    manifest_of,
    scalar,
    tandem,
)
from tests.support.graphql import GraphQLClient

CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id } }"
NAME = re.compile(r"^tandem-\d{8}T\d{6}Z-(sqlite|postgres)\.(sqlite3|dump)$")


async def _contacts(api: GraphQLClient, token: str, n: int, prefix: str) -> None:
    for i in range(n):
        await api.ok(CREATE, {"in": {"firstName": f"{prefix}{i}"}}, token=token)


async def test_a_backup_restored_into_a_fresh_database_matches_its_manifest(
    api: GraphQLClient, database_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    await _contacts(api, owner.access_token, 5, "Ada")
    env = environment(database_url, tmp_path / "backups")

    taken = await tandem(tmp_path, env, "backup")
    (backup,) = backups_in(tmp_path / "backups")
    async with fresh_database(tmp_path) as target:
        restored = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)
        contacts = await scalar(target, "SELECT count(*) FROM contact")
        created = await scalar(
            target, "SELECT count(*) FROM audit_entry WHERE action = 'contact.create'"
        )

    assert taken.code == 0, taken.output
    assert NAME.match(backup.name)
    manifest = manifest_of(backup)
    assert manifest["backend"] == ("postgres" if "postgres" in backup.name else "sqlite")
    assert manifest["tables"]["contact"]["rows"] == 5
    assert restored.code == 0, restored.output
    tables = len(manifest["tables"])
    assert f"verified: {tables} tables match the manifest" in restored.output
    assert contacts == created == 5


async def test_a_backup_taken_while_writes_go_on_restores_one_consistent_snapshot(
    api: GraphQLClient, database_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    await _contacts(api, owner.access_token, 3, "Early")
    env = environment(database_url, tmp_path / "backups")
    before = await scalar(database_url, "SELECT count(*) FROM contact")

    running = asyncio.create_task(tandem(tmp_path, env, "backup"))
    written = 0
    while not running.done():
        await _contacts(api, owner.access_token, 1, f"During{written}-")
        written += 1
    taken = await running
    after = await scalar(database_url, "SELECT count(*) FROM contact")
    (backup,) = backups_in(tmp_path / "backups")
    async with fresh_database(tmp_path) as target:
        restored = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)
        contacts = await scalar(target, "SELECT count(*) FROM contact")
        # Each contact is written with its audit entry and its outbox event in one transaction:
        # a snapshot that cut a transaction in two would hold one without the others.
        audited = await scalar(
            target, "SELECT count(*) FROM audit_entry WHERE action = 'contact.create'"
        )
        announced = await scalar(
            target,
            "SELECT count(*) FROM outbox_event WHERE object = 'contact' AND kind = 'created'",
        )

    assert taken.code == 0, taken.output
    assert restored.code == 0, restored.output
    in_backup = manifest_of(backup)["tables"]["contact"]["rows"]
    assert before < in_backup < after, (before, in_backup, after)
    assert contacts == audited == announced == in_backup


async def test_a_restore_that_differs_from_the_manifest_is_an_error(
    api: GraphQLClient, database_url: str, tmp_path: Path
) -> None:
    owner = await signed_in(api, "owner")
    await _contacts(api, owner.access_token, 2, "Ada")
    env = environment(database_url, tmp_path / "backups")
    assert (await tandem(tmp_path, env, "backup")).code == 0
    (backup,) = backups_in(tmp_path / "backups")
    beside = backup.with_name(backup.name + ".manifest.json")
    # The manifest promises a contact the file does not hold.
    manifest = json.loads(beside.read_text())
    manifest["tables"]["contact"]["rows"] = 3
    beside.write_text(json.dumps(manifest))

    async with fresh_database(tmp_path) as target:
        restored = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)

    assert restored.code == 1
    assert "VERIFY_MISMATCH" in restored.output
    assert "contact: 2 rows, the backup has 3" in restored.output
