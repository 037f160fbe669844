"""The fan-out scenario on the peer: PostGraphile v5 subscriptions fed by LISTEN/NOTIFY.

Same database, same board, same clients (benchmarks/fanout.py) and the same subscription
document as Tandem's subscribers: `pipelineEvents(pipelineId) { cursor kind recordId
changedFields record { ... on Deal { title } } }`, served by benchmarks/peer/events.mjs. A
trigger notifies each deal change; every subscriber's event then reads the deal, as PostGraphile
does. The trigger exists only while the peer is measured. The peer has no permissions, no
outbox, no replay and no redaction: it is the floor Tandem is compared with, not its equal.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx
import orjson

from benchmarks import fanout as fo
from benchmarks import fanout_clients as fc
from benchmarks.compare import peer_server
from benchmarks.compare_queries import PEER_MOVE
from benchmarks.harness import BenchError, RunningServer, load_average

PEER = "postgraphile"
TRIGGER = """
CREATE SEQUENCE IF NOT EXISTS peer_event_seq;
CREATE OR REPLACE FUNCTION peer_deal_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(
    'pipeline_events:' || NEW.pipeline_id,
    json_build_object(
      'seq', nextval('peer_event_seq'),
      'kind', CASE WHEN TG_OP = 'INSERT' THEN 'CREATED'
                   WHEN OLD.stage_id IS DISTINCT FROM NEW.stage_id THEN 'MOVED'
                   ELSE 'UPDATED' END,
      'id', NEW.id,
      'changed', json_build_array('stage', 'position')
    )::text
  );
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS peer_deal_notify ON deal;
CREATE TRIGGER peer_deal_notify AFTER INSERT OR UPDATE ON deal
  FOR EACH ROW EXECUTE FUNCTION peer_deal_notify();
"""
UNTRIGGER = """
DROP TRIGGER IF EXISTS peer_deal_notify ON deal;
DROP FUNCTION IF EXISTS peer_deal_notify();
DROP SEQUENCE IF EXISTS peer_event_seq;
"""
BOARD_SQL = """
SELECT d.pipeline_id, array_agg(d.id ORDER BY d.id) AS deals,
       (SELECT array_agg(s.id ORDER BY s.position) FROM stage s
         WHERE s.pipeline_id = d.pipeline_id) AS stages
FROM deal d WHERE d.deleted_at IS NULL
GROUP BY d.pipeline_id ORDER BY count(*) DESC LIMIT 1
"""


def _dsn(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


async def _execute(database_url: str, sql: str) -> None:
    conn = await asyncpg.connect(_dsn(database_url), timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _board(database_url: str) -> fo.Board:
    conn = await asyncpg.connect(_dsn(database_url), timeout=10)
    try:
        row = await conn.fetchrow(BOARD_SQL)
    finally:
        await conn.close()
    if row is None:
        raise BenchError("the peer's database has no deals")
    deals = [str(d) for d in row["deals"][:50]]
    return fo.Board(str(row["pipeline_id"]), deals, [str(s) for s in row["stages"]], ())


@contextmanager
def notifying(database_url: str) -> Iterator[None]:
    """The trigger that feeds the peer's subscriptions, for as long as the peer is measured."""
    asyncio.run(_execute(database_url, TRIGGER))
    try:
        yield
    finally:
        asyncio.run(_execute(database_url, UNTRIGGER))


def _move(client: httpx.Client, deal: str, stage: str) -> None:
    response = client.post(
        "/graphql", json={"query": PEER_MOVE, "variables": {"id": deal, "stageId": stage}}
    )
    body = orjson.loads(response.content)
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"moving a deal on the peer failed: {response.status_code} {body}")


def peer_target(server: RunningServer, database_url: str) -> fo.Target:
    found = asyncio.run(_board(database_url))
    return fo.Target(
        base_url=server.base_url,
        ws_url=server.base_url.replace("http://", "ws://") + "/graphql",
        board=lambda client: found,
        move=_move,
        # One document for all: the peer has no roles and no cost to hide.
        seats=lambda n: [fc.Seat(PEER, False, "") for _ in range(n)],
    )


def run_peer(
    database_url: str,
    counts: list[int],
    *,
    processes: int,
    moves: int,
    warmup: int,
    pause: float,
    timeout: float,
    log_dir: Path,
    log: Callable[[str], None],
) -> list[fo.FanoutResult]:
    """The same fan-out runs, on the peer, on the database Tandem was just measured on."""
    results = []
    with notifying(database_url):
        for n in counts:
            with (
                (log_dir / f"peer-fanout-{n}.log").open("wb") as server_log,
                peer_server(database_url, server_log) as server,
            ):
                log(f"PostGraphile: {n} subscribers")
                result = fo.run_fanout(
                    target=peer_target(server, database_url),
                    server_pid=server.pid,
                    server_cpu_ns=server.cpu_ns,
                    subscribers=n,
                    processes=processes,
                    moves=moves,
                    warmup=warmup,
                    pause=pause,
                    timeout=timeout,
                    log=log,
                )
                result.load = load_average()
            results.append(result)
    return results


def _figures(r: fo.FanoutResult) -> dict[str, float]:
    last = statistics.median(s.last_s for s in r.samples)
    cpu = statistics.median(s.server_cpu_s for s in r.samples)
    return {
        "to last subscriber, median ms": last * 1000,
        "deliveries/s (N / median)": r.subscribers / last,
        "server CPU per delivery, us": cpu / r.subscribers * 1e6,
        "mutation response, median ms": statistics.median(s.http_s for s in r.samples) * 1000,
        "RSS per idle subscription, KiB": r.rss_per_subscriber_kib,
    }


def side_by_side(tandem: list[fo.FanoutResult], peer: list[fo.FanoutResult], note: str) -> str:
    """Tandem next to the peer for each subscriber count, with the ratio Tandem / peer."""
    lines = ["## Side by side with PostGraphile v5 (same database, same run)", ""]
    header = "| measure |"
    rule = "|---|"
    for t in tandem:
        header += f" Tandem N = {t.subscribers:,} | peer | ratio |"
        rule += "---:|---:|---:|"
    lines += [header, rule]
    peers = {p.subscribers: p for p in peer}
    for key in _figures(tandem[0]):
        row = f"| {key} |"
        for t in tandem:
            mine, theirs = _figures(t)[key], _figures(peers[t.subscribers])[key]
            ratio = mine / theirs if theirs else float("nan")
            row += f" {mine:,.1f} | {theirs:,.1f} | {ratio:.2f} |"
        lines.append(row)
    lines += ["", note, ""]
    return "\n".join(lines)
