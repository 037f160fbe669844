"""``tandem worker``: a separate process runs the jobs the API queued (its API processes run
none), its job events reach subscribers, and SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.settings import Settings
from tests.customers.test_import_jobs import GOOD, JOB, upload
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

TANDEM = Path(sys.executable).with_name("tandem")
UPDATED = 'subscription { jobUpdated(kind: "contact.import") { state } }'
WAIT = 30.0


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The API runs no job; on SQLite + memory:// the worker's events reach it through the
    # outbox, which this process then reads every so often instead of never.
    return {"jobs_in_process": False, "event_poll_seconds": 0.2}


async def test_a_separate_worker_process_runs_an_upload_and_stops_on_sigterm(
    http: httpx.AsyncClient, api: GraphQLClient, ws_url: str, settings: Settings
) -> None:
    owner = await signed_in(api, "owner")
    env = {
        **os.environ,
        "TANDEM_DATABASE_URL": settings.database_url,
        "TANDEM_BROADCAST_URL": settings.broadcast_url,
        "TANDEM_SECRET_KEY": settings.secret_key,
        "TANDEM_CHANNEL_PREFIX": settings.channel_prefix,
        "TANDEM_LOG_LEVEL": "WARNING",
        "TANDEM_JOB_POLL_SECONDS": "0.2",
    }
    with tempfile.TemporaryFile() as log:
        worker = await asyncio.create_subprocess_exec(
            str(TANDEM), "worker", env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        try:
            async with subscribed(ws_url, owner.access_token, UPDATED) as heard:
                response = await upload(http, owner.access_token, GOOD)
                states: list[str] = []
                while not states or states[-1] not in {"SUCCEEDED", "FAILED"}:
                    states.append((await heard.next())["jobUpdated"]["state"])
            worker.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(worker.wait(), WAIT)
        finally:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
        log.seek(0)
        output = log.read().decode(errors="replace")
    job = await api.ok(JOB, {"id": response.json()["id"]}, token=owner.access_token)

    assert states[-1] == "SUCCEEDED", output
    assert (job["importJob"]["state"], job["importJob"]["rowsWritten"]) == ("DONE", 1)
    assert code == 0, output
