"""A scenario with reads compiled to SQL on and off, without the peer.

Two Tandem servers on the same PostgreSQL `smb` data (the compare database, loaded when
missing), one with ``TANDEM_COMPILED_READS=false``; each asks the same request of the case:
- ``list``: the list's second page (benchmarks/compare_queries.py TANDEM_LIST);
- ``node``: the record page's ``node(id)`` without its deals (NODE below: a contact and its
  company, what node(id) compiles);
- ``detail``: the whole record page (TANDEM_DETAIL);
- ``board``: the board (TANDEM_BOARD);
- ``delegated``: the list's second page with a contact's ``lastActivity`` (in the statement)
  and two fields the statement leaves to graphql-core (``emailConsent`` and ``custom``:
  schema/compiled_holes.py).
With ``--ab-root DIR`` the second server is another checkout's (its own `.venv`), compiled
reads on in both: an A/B of a change to the compiled path ("ours" / "other").
Both answers are checked equal first; then wrk runs alternate between the servers, round by
round: req/s at 16 connections, p50 at 1, and the server's CPU per request (its own process:
PostgreSQL's work is not in it, and the compiled path hands it more). Medians and ratios are
printed; nothing is written to the results. Run from the repository root:

    .venv/bin/python -m benchmarks.compiled_reads_ab --rounds 5 --case node
    .venv/bin/python -m benchmarks.compiled_reads_ab --case detail --ab-root ../main-before
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from benchmarks import compare as cmp
from benchmarks import compare_queries as q
from benchmarks import wrk
from benchmarks.commands import compare as command
from benchmarks.commands.common import console
from benchmarks.harness import ROOT, load_average, open_bench_database, server_process, vacuum

ARMS = ("compiled", "plain")
NODE = """
query Record($id: ID!) {
  node(id: $id) { ... on Contact {
    id firstName lastName email phone lifecycleStage company { id name }
  } }
}
"""


DELEGATED = q.TANDEM_LIST.replace(
    "company { id name }",
    "company { id name } lastActivity { id occurredAt } emailConsent { granted at } custom",
)


def _body(case: str, url: str, headers: dict[str, str], contact: int) -> dict[str, Any]:
    if case == "node":
        return q.body(NODE, {"id": cmp.gid("Contact", contact)})
    if case == "detail":
        return q.body(q.TANDEM_DETAIL, {"id": cmp.gid("Contact", contact)})
    if case == "board":
        return q.body(q.TANDEM_BOARD)
    document = q.TANDEM_LIST if case == "list" else DELEGATED
    first = cmp.post(url, q.body(document), headers)
    return q.body(document, {"after": first["contacts"]["pageInfo"]["endCursor"]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument(
        "--case", choices=("list", "node", "detail", "board", "delegated"), default="list"
    )
    parser.add_argument("--contact", type=int, default=1, help="contact id of node and detail")
    parser.add_argument("--ab-root", default="", help="another checkout, compiled reads on")
    args = parser.parse_args()
    arms = ("ours", "other") if args.ab_root else ARMS
    url = command.COMPARE_DATABASE.format(size="smb")
    asyncio.run(command.create_missing_database(url))
    database = asyncio.run(open_bench_database(url))
    console.print(command._load(database.url, "smb").counts)
    asyncio.run(vacuum(database.url))
    console.print("case:", args.case, "load average before:", load_average())
    keys = ("rps", "p50", "cpu")
    results: dict[str, dict[str, list[float]]] = {arm: {k: [] for k in keys} for arm in arms}
    with ExitStack() as stack:
        servers = {}
        for arm in arms:
            # The server reads its settings from the environment it is started with.
            os.environ["TANDEM_COMPILED_READS"] = "false" if arm == "plain" else "true"
            log = stack.enter_context(open(f"/tmp/tandem-compiled-ab-{arm}.log", "wb"))
            root = Path(args.ab_root) if arm == "other" else ROOT
            servers[arm] = stack.enter_context(server_process(database.url, log, root=root))
        os.environ.pop("TANDEM_COMPILED_READS")
        urls = {arm: f"{server.base_url}/graphql" for arm, server in servers.items()}
        headers: dict[str, dict[str, str]] = {}
        bodies: dict[str, dict[str, Any]] = {}
        answers = []
        for arm, server in servers.items():
            headers[arm] = {"Authorization": f"Bearer {cmp.owner_token(server.base_url)}"}
            bodies[arm] = _body(args.case, urls[arm], headers[arm], args.contact)
            answers.append(cmp.post(urls[arm], bodies[arm], headers[arm]))
        if answers[0] != answers[1]:
            raise SystemExit(f"the {arms[0]} and the {arms[1]} server answer differently")
        for arm in arms:  # warm-up, untimed
            wrk.run(urls[arm], [bodies[arm]], headers=headers[arm], connections=16, seconds=3)
        for r in range(args.rounds):
            for arm in arms if r % 2 == 0 else arms[::-1]:
                before = servers[arm].cpu_ns()
                many = wrk.run(
                    urls[arm], [bodies[arm]], headers=headers[arm], connections=16,
                    seconds=args.seconds,
                )  # fmt: skip
                cpu_ms = (servers[arm].cpu_ns() - before) / 1e6 / max(many.requests, 1)
                one = wrk.run(urls[arm], [bodies[arm]], headers=headers[arm], connections=1,
                              seconds=args.seconds / 2)  # fmt: skip
                results[arm]["rps"].append(many.rps)
                results[arm]["p50"].append(one.p50_ms)
                results[arm]["cpu"].append(cpu_ms)
                console.print(
                    f"round {r + 1} {arm}: {many.rps:.1f} req/s (16), p50 {one.p50_ms:.2f} ms"
                    f" (1), server CPU {cpu_ms:.2f} ms/request"
                )
    console.print("load average after:", load_average())
    medians = {arm: {k: statistics.median(v) for k, v in results[arm].items()} for arm in arms}
    for arm in arms:
        m = medians[arm]
        console.print(
            f"{arm}: median {m['rps']:.1f} req/s, p50 {m['p50']:.2f} ms, "
            f"server CPU {m['cpu']:.2f} ms/request"
        )
    compiled, plain = (medians[arm] for arm in arms)
    console.print(
        f"{arms[0]} / {arms[1]}: req/s {compiled['rps'] / plain['rps']:.2f}x, "
        f"p50 {compiled['p50'] / plain['p50']:.2f}x, "
        f"server CPU {compiled['cpu'] / plain['cpu']:.2f}x"
    )


if __name__ == "__main__":
    main()
