"""A large e-mail campaign to a local SMTP sink: messages per second and the worker's peak
memory.

Per size: a fresh SQLite database (``tandem migrate``, ``tandem create-owner``, the contacts
imported with ``tandem import contacts`` from the import benchmark's generated CSV, all given
e-mail consent), a template and a campaign to a segment of every contact, sent by a
``tandem worker`` process of its own. The sink is aiosmtpd in this process (a thread),
counting and discarding what it receives. The rate is the send job's own time (its row's
started_at to finished_at: queueing every recipient, then claiming, rendering, sending and
marking each); the peak memory is the worker's ``ru_maxrss`` from ``os.wait4`` after it is
stopped. Run at two sizes: a worker that streams its recipients has the same peak at both.

    python -m benchmarks.campaign_send --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from tortoise import Tortoise

from benchmarks.commands.common import console
from benchmarks.contact_import import OWNER, TANDEM, _env, _reset, _run, contacts_csv
from benchmarks.harness import ROOT, BenchError, free_port, machine

DATA = ROOT / "benchmarks" / ".data"
WAIT_S = 1800


class Sink:
    """Counts messages; keeps none of them."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.count += 1
        return "250 OK"


@dataclass(frozen=True, slots=True)
class CampaignRun:
    recipients: int
    sent: int
    received: int
    job_seconds: float
    peak_rss_kib: int

    @property
    def per_second(self) -> float:
        return self.sent / self.job_seconds


async def _start_campaign(database_url: str) -> int:
    from models import campaign_actions
    from models.user import User
    from server.db import tortoise_config

    await Tortoise.init(config=tortoise_config(database_url))
    try:
        owner = await User.get(email=OWNER)
        variants = {
            "en": {
                "subject": "News for {{ contact.firstName }}",
                "body": "Dear {{ contact.firstName }} {{ contact.lastName }},\n\n"
                "our spring offers are here.{% if company is defined %} For {{ company.name }}"
                " too.{% endif %}\n",
            }
        }
        template = await campaign_actions.create_template("Bench", "email", variants, owner.pk)
        from models.segment import Segment

        # To a segment of every contact: the API takes at most 10,000 hand-picked contacts,
        # so a list this size is a segment (and its recipients are streamed page by page).
        segment = await Segment.create(name="Everyone", conditions={}, created_by_id=owner.pk)
        campaign = await campaign_actions.create_campaign(
            {
                "name": "Bench",
                "channel": "email",
                "template_id": template.pk,
                "segment_id": segment.pk,
            },
            owner.pk,
        )
        await campaign_actions.start_run(campaign.pk, owner.pk, None)
        return int(campaign.pk)
    finally:
        await Tortoise.close_connections()


def _campaign_row(path: Path) -> tuple[str, int, str | None, str | None]:
    with closing(sqlite3.connect(path)) as db:
        state, sent = db.execute("SELECT state, sent FROM campaign").fetchone()
        started, finished = db.execute(
            "SELECT started_at, finished_at FROM job WHERE kind = 'campaign.send'"
        ).fetchone()
    return str(state), int(sent), started, finished


def run_once(size: int, profile: Path | None = None, connections: int = 4) -> CampaignRun:
    # The directory first: `tandem migrate` on a SQLite path whose directory is missing hangs
    # instead of failing (seen 2026-12-04), and contacts_csv, which makes it, runs later.
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"campaign-{size}.sqlite3"
    database_url = f"sqlite://{path}"
    env = _env(database_url)
    _reset(database_url)
    _run(["migrate"], env)
    _run(["create-owner", "--email", OWNER, "--name", "Bench Owner"], env)
    _run(["import", "contacts", str(contacts_csv(size)), "--as-user", OWNER], env)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE contact SET email_consent = 1")
    asyncio.run(_start_campaign(database_url))

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env.update(
        TANDEM_SMTP_URL=f"smtp://127.0.0.1:{port}",
        TANDEM_CAMPAIGN_EMAIL_RATE="0",
        TANDEM_CAMPAIGN_EMAIL_CONNECTIONS=str(connections),
        TANDEM_JOB_POLL_SECONDS="0.5",
        TANDEM_SECRET_KEY="bench-campaign-secret-key-0123456789abcdefghij",
        TANDEM_PUBLIC_URL="https://crm.bench.test",
    )
    # The worker's log goes to a file: a pipe nobody reads fills up and stalls the worker.
    log = DATA / f"campaign-{size}.worker.log"
    command = [*TANDEM, "worker"]
    if profile is not None:
        # cProfile writes its file when the worker exits on the SIGTERM below.
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), *command]
    with log.open("wb") as err:
        worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    usage = None
    try:
        deadline = time.monotonic() + WAIT_S
        while True:
            state, sent, started, finished = _campaign_row(path)
            # wait4, not Popen.poll: poll would reap a worker that exited, and its rusage
            # (the peak memory) with it.
            pid, status, ended = os.wait4(worker.pid, os.WNOHANG)
            if pid:
                usage = ended
                worker.returncode = os.waitstatus_to_exitcode(status)
                break
            if finished is not None or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        if usage is None:
            worker.send_signal(signal.SIGTERM)
            _, status, usage = os.wait4(worker.pid, 0)
            worker.returncode = os.waitstatus_to_exitcode(status)
        controller.stop()
    if state != "sent" or started is None or finished is None:
        tail = log.read_bytes()[-2000:].decode(errors="replace")
        raise BenchError(
            f"the campaign did not finish ({state}, worker {worker.returncode}): {tail}"
        )
    from datetime import datetime

    seconds = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
    return CampaignRun(size, sent, sink.count, seconds, int(usage.ru_maxrss))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument(
        "--profile",
        type=Path,
        help="run the worker under cProfile, writing its stats to PATH-<size>.prof",
    )
    parser.add_argument("--connections", type=int, default=4, help="SMTP connections")
    args = parser.parse_args(argv)
    console.print(f"machine: {machine()}")
    console.print(
        "| recipients | sent | received by the sink | job seconds | messages/s | worker peak MiB |"
    )
    console.print("|---|---|---|---|---|---|")
    for size in args.sizes:
        profile = None if args.profile is None else Path(f"{args.profile}-{size}.prof")
        run = run_once(size, profile, args.connections)
        console.print(
            f"| {run.recipients:,} | {run.sent:,} | {run.received:,} | {run.job_seconds:.1f} |"
            f" {run.per_second:.0f} | {run.peak_rss_kib / 1024:.0f} |"
        )
        if run.received != run.sent or run.sent != size:
            raise BenchError(f"sent {run.sent}, the sink got {run.received}, of {size}")


if __name__ == "__main__":
    main()
