"""Issue 16's targets for the side-by-side table, and what the profiles say stands in the way of
each one not met yet. The table (benchmarks/summary.py) reads its targets here and writes the
obstacle of every row marked "no" under it, so a reader sees the goal, the number and the reason
in one place. The numbers are never typed in here: only the goals and the findings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Target:
    """A goal on one row: on the ratio Tandem / peer (``on_ratio``) or on Tandem's own value."""

    text: str
    limit: float
    at_least: bool  # True: the value must be >= limit; False: <= limit (or < when ``strict``)
    on_ratio: bool = True
    strict: bool = False

    def met(self, value: float) -> bool:
        if self.at_least:
            return value >= self.limit
        return value < self.limit if self.strict else value <= self.limit


# Scenarios 1-4 and 6, keyed by (scenario, measure) as benchmarks/compare_report.py names them.
COMPARE = {
    ("board", "rps"): Target(">= 1.0x", 1.0, at_least=True),
    ("board", "p50"): Target("<= 1.0x (latency)", 1.0, at_least=False),
    ("list", "rps"): Target(">= 1.0x", 1.0, at_least=True),
    ("detail", "rps"): Target(">= 0.7x", 0.7, at_least=True),
    ("dealMove", "rps"): Target(">= 0.25x `updateDeal`", 0.25, at_least=True),
    ("floor", "rps"): Target(">= 0.5 of bare", 0.5, at_least=True),
}

# Scenario 5, read at FANOUT_AT subscribers, on Tandem's own numbers.
FANOUT_AT = 10_000
FANOUT = {
    "deliveries": Target(">= 40,000/s", 40_000, at_least=True, on_ratio=False),
    "last_ms": Target("< 250 ms", 250, at_least=False, on_ratio=False, strict=True),
    "cpu_us": Target("<= 15 us", 15, at_least=False, on_ratio=False),
    "idle_kib": Target("<= 32 KiB", 32, at_least=False, on_ratio=False),
}

# Scenario 7 on PostgreSQL, 100,000 contacts, on Tandem's own numbers.
IMPORT_BACKEND = "postgres"
IMPORT = {
    "seconds": Target("< 30 s", 30, at_least=False, on_ratio=False, strict=True),
    "peak_mib": Target("< 150 MiB", 150, at_least=False, on_ratio=False, strict=True),
}

# What the profiles of the last runs say stands in the way, per scenario (the number before the
# dot in the table's first column). Kept short; the detail is in docs/architecture.md.
OBSTACLES = {
    "1": "board: compiled to one statement (req/s 0.41x -> 1.25-1.42x the peer, met); p50 at "
    "one connection 1.07-1.29x the peer's (6.5 vs 6.1 ms in the last run): the statement is "
    "prepared once per connection (asyncpg's cache; bind 0.1 ms in PostgreSQL's log) and "
    "executes in ~3.4 ms; the rest is Python: the stage's filtered deal pages built by "
    "Tortoise per request, 250 deals shaped in Python.",
    "2": "list: compiled to one statement, the rows in scope of its relations kept per caller "
    "(0.31x -> 0.70x -> 0.95x); cProfile of 1,000 second pages on smb, of the request's "
    "Python: shaping 100 rows ~24% (global ids, cursors, the company), Tortoise building the "
    "page's own queryset (filter, keyset) ~14%, Strawberry converting the arguments ~7%, "
    "planning the selection ~6%. Next: the page's statement kept per argument shape, ids "
    "and cursors built by the database.",
    "3": "record detail: two compiled statements (node(id:) with its filtered deals, and the "
    "activities), the record and its relations' rows from kept statements, 0.17x -> 0.26x; "
    "the peer answers in one statement at ~0.5 ms of Node per request, where Tandem's own "
    "Python stays ~1.8 ms (parsing and validating the document, two root resolvers, "
    "Tortoise building the deals' and the activities' filtered querysets, Strawberry's "
    "arguments, shaping the JSON). Next: one statement for both roots, filtered pages kept "
    "per argument shape.",
    "4": "dealMove: bound by one process's CPU (6 ms a move at 16 connections). cProfile of "
    "1,024 moves to the same place: Tortoise and pypika building queries and model rows 36%, "
    "asyncpg 16% (seven statements under the column locks, commit, the relay's numbering; "
    "moves to one spot also respread a window about every sixth move), our own code 13%, "
    "graphql-core and Strawberry 8%; moves between the scenario's two columns serialize on "
    "their stage locks. The peer's `updateDeal` is one UPDATE. 0.25x needs the move's reads "
    "and writes as one or two statements built without the ORM (data-modifying CTEs).",
    "5": "fan-out at 10,000 (one server process, one client process, two shared cores): each "
    "event costs the server 247 ms of CPU (25 us a delivery: framing and one socket write per "
    "subscriber, the role's payload shared) and the client 445 ms to read 10,000 frames, so the "
    "last frame comes after 466 ms whoever is faster; 40,000/s and < 250 ms need the server "
    "under 15 us a delivery and the clients on other cores (or several server processes on the "
    "Redis bus). 49 KiB per idle subscription: 38 KiB before the two per-socket shortcuts "
    "(server/asgi.py, server/ws_protocol.py: ~7.5 KiB) went, as this issue asked, for private "
    "names.",
    "6": "floor: the request's own work in Strawberry and graphql-core (parsing and validating "
    "the document, building the context, serialising the result) costs about as much again as "
    "Starlette's whole request, even with the lean POST path (server/graphql_lean.py).",
    "7": "import: the writing pass now COPYs the checking pass's staged values, the row guard "
    "taken in the checking pass, with no model object per row (models/staged_rows.py): the "
    "import's CPU 21.6 -> 12.7 s (medians of three, side by side at load 2.5-6; wall 38.8 -> "
    "23.4 s), 13.4-14.1 s in every later run, while the wall time follows the load (34-41 s at "
    "load 4-6, the table's run among them). What is left of the CPU: the checking pass's e-mail "
    "and phone parsing (most of it), loading the whole server for the CLI (server/cli.py imports "
    "server.app: ~2.6 s, and ~139 of the 148 MiB peak) and asyncpg; beside it about 8 s of "
    "PostgreSQL's own work. Next: the import command without the web app's modules.",
}
