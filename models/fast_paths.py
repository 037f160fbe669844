"""The switches of the fast paths, and how often each was taken.

Two paths do what a plain library path also does, faster (docs/architecture.md, "Supported
ground"): ``lean_post`` (a plain POST answered without Strawberry's view, server/graphql_lean.py)
and ``compiled_reads`` (a list root field or node(id:) answered by one SQL statement returning
JSON, resolvers/compiled/). Each can be switched off (settings ``TANDEM_LEAN_POST``,
``TANDEM_COMPILED_READS``), and counts
the times it answered, which /metrics exposes as
``tandem_fast_path_taken_total{path=...}``: tests run the documented queries both ways, compare
the answers and check from these counts that the fast path really ran.

Lives at the bottom (models/) so that every layer with a fast path can read its switch.
"""

from __future__ import annotations

LEAN_POST = "lean_post"
COMPILED_READS = "compiled_reads"
PATHS = (LEAN_POST, COMPILED_READS)

# Process-wide, as the code paths they switch are: plain dicts, read on every use.
_on = dict.fromkeys(PATHS, True)
_taken = dict.fromkeys(PATHS, 0)


def enabled(path: str) -> bool:
    return _on[path]


def use(path: str, on: bool) -> None:
    if path not in _on:
        raise KeyError(f"no fast path called {path!r} (known: {', '.join(PATHS)})")
    _on[path] = on


def took(path: str, times: int = 1) -> None:
    _taken[path] += times


def taken() -> dict[str, int]:
    """How many times each path answered since the process started."""
    return dict(_taken)
